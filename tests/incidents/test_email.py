"""Inbound email: complete mail is logged; incomplete mail gets a reply and is logged only when complete."""

from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from incidents.models import InboundEmail, Incident

COMPLETE = """From: Noah User <user@northern.test>
To: servicedesk@dcc.example
Subject: Hub offline at Leeds premises
Message-ID: <first@northern.test>
Date: Mon, 16 Nov 2026 10:00:00 +0000

Date and time of occurrence: 2026-11-16 09:30
Device ID: 00-DB-12-34-56-78-9A-BC
Business impact: 12 prepayment customers cannot top up
Triage: HAN checked, hub shows no WAN; no Known Error matches
Category: 3
"""

INCOMPLETE = """From: Noah User <user@northern.test>
To: servicedesk@dcc.example
Subject: Meter not responding
Message-ID: <second@northern.test>
Date: Mon, 16 Nov 2026 10:00:00 +0000

Device ID: 00-DB-12-34-56-78-9A-BC
"""

REPLY = """From: Noah User <user@northern.test>
To: servicedesk@dcc.example
Subject: Re: Meter not responding
Message-ID: <third@northern.test>
In-Reply-To: <reply@ssi.invalid>
References: <second@northern.test> <reply@ssi.invalid>
Date: Mon, 16 Nov 2026 11:00:00 +0000

Date and time of occurrence: 2026-11-16 08:00
Business impact: one customer without supply data
Triage: our systems checked
Category: 4

> Business impact:
"""

AUTO = """From: user@northern.test
To: servicedesk@dcc.example
Subject: Out of office
Auto-Submitted: auto-replied
Message-ID: <ooo@northern.test>

I am away.
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


@pytest.fixture
def sender(ssi_user):
    return ssi_user


def test_complete_mail_is_logged_and_acknowledged(sender, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("incidents_read_email", str(_write(tmp_path, "a.eml", COMPLETE)))
    incident = Incident.objects.get()
    assert (incident.channel, incident.raised_by, incident.category) == ("email", sender, 3)
    assert incident.summary == "Hub offline at Leeds premises"
    assert incident.device_id == "00-DB-12-34-56-78-9A-BC"
    assert any(incident.reference in m.body for m in mail.outbox)
    call_command("incidents_read_email", str(tmp_path))  # the same Message-ID again: skipped
    assert Incident.objects.count() == 1


def test_incomplete_mail_records_nothing_until_the_reply(sender, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("incidents_read_email", str(_write(tmp_path, "b.eml", INCOMPLETE)))
    assert Incident.objects.count() == 0
    waiting = InboundEmail.objects.get(message_id="<second@northern.test>")
    assert waiting.status == "awaiting_information"
    assert set(waiting.missing) == {"occurred_at", "business_impact", "triage_details", "proposed_category"}
    reply = [m for m in mail.outbox if m.to == [sender.email]][-1]
    assert "Business impact:" in reply.body
    assert reply.extra_headers["References"].startswith("<second@northern.test>")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("incidents_read_email", str(_write(tmp_path, "c.eml", REPLY)))
    incident = Incident.objects.get()
    assert (incident.summary, incident.category) == ("Meter not responding", 4)
    assert InboundEmail.objects.get(message_id="<third@northern.test>").incident == incident


def test_automatic_replies_and_strangers_are_not_logged(sender, tmp_path):
    call_command("incidents_read_email", str(_write(tmp_path, "d.eml", AUTO)))
    stranger = COMPLETE.replace("user@northern.test", "someone@elsewhere.test").replace("first@", "x@")
    call_command("incidents_read_email", str(_write(tmp_path, "e.eml", stranger)))
    assert Incident.objects.count() == 0
    assert set(InboundEmail.objects.values_list("status", flat=True)) == {"ignored"}


class FakeImap:
    """Stands in for imaplib.IMAP4_SSL at the system boundary."""

    store_calls: list = []

    def __init__(self, host, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def login(self, user, password):
        assert (user, password) == ("desk", "secret")

    def select(self, folder):
        assert folder == "INBOX"

    def search(self, charset, criterion):
        return "OK", [b"1"]

    def fetch(self, number, parts):
        return "OK", [(b"1 (BODY[] {100}", COMPLETE.encode())]

    def store(self, number, flags, value):
        FakeImap.store_calls.append((number, value))


def test_imap_mailbox_is_read_and_marked_seen(sender, settings, monkeypatch):
    settings.INCIDENTS_IMAP_HOST, settings.INCIDENTS_IMAP_USER, settings.INCIDENTS_IMAP_PASSWORD = (
        "imap.example",
        "desk",
        "secret",
    )
    monkeypatch.setattr("incidents.mailbox.imaplib.IMAP4_SSL", FakeImap)
    call_command("incidents_read_email", "--imap")
    assert Incident.objects.get().channel == "email"
    assert FakeImap.store_calls == [(b"1", "\\Seen")]


def test_mail_from_someone_who_is_not_a_nominated_individual_is_not_logged(
    no_role_user, tmp_path, django_capture_on_commit_callbacks
):
    """Only a User's nominated individuals raise incidents (App AG 2.1), by email as on the SSI."""
    text = COMPLETE.replace("user@northern.test", no_role_user.email).replace("first@", "norole@")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("incidents_read_email", str(_write(tmp_path, "f.eml", text)))
    assert Incident.objects.count() == 0
    row = InboundEmail.objects.get()
    assert (row.status, row.missing) == ("ignored", ["sender"])
    assert "nominated individuals" in [m for m in mail.outbox if m.to == [no_role_user.email]][-1].body
