"""Reading the Service Desk mailbox (IMAP) or a directory of .eml files into ``inbound_email_process``."""

import imaplib
from pathlib import Path

from django.conf import settings

from .services import inbound_email_process


def eml_files_process(paths: list[Path]) -> list:
    """Process each .eml file; returns the InboundEmail rows (None for a message seen before)."""
    return [inbound_email_process(raw=path.read_bytes()) for path in paths]


def mailbox_fetch() -> int:
    """Fetch unseen messages over IMAP (TLS) and process them; 0 when no mailbox is configured.

    A message is marked seen only after it was processed, so a crash loses nothing; the
    Message-ID check makes a second delivery harmless.
    """
    if not settings.INCIDENTS_IMAP_HOST:
        return 0
    done = 0
    with imaplib.IMAP4_SSL(settings.INCIDENTS_IMAP_HOST, timeout=30) as imap:
        imap.login(settings.INCIDENTS_IMAP_USER, settings.INCIDENTS_IMAP_PASSWORD)
        imap.select(settings.INCIDENTS_IMAP_FOLDER)
        _, data = imap.search(None, "UNSEEN")
        for number in data[0].split():
            _, parts = imap.fetch(number, "(BODY.PEEK[])")
            inbound_email_process(raw=parts[0][1])
            imap.store(number, "+FLAGS", "\\Seen")
            done += 1
    return done
