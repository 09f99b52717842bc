"""Import an external test PKI's public certificates (DCC's ZAZ1 keystore.json) into SMKI."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from smki.exceptions import KeystoreInvalid
from smki.integrations.keystore_package import keystore_from_npm
from smki.keystore import keystore_parse
from smki.services.external_pki import external_pki_import, import_summary


class Command(BaseCommand):
    help = (
        "Import the public certificates of an external test PKI from a keystore.json (DCC's ZAZ1 by default) "
        "into SMKI: one external CA per issuer, each certificate In use and owned by the Party that holds its "
        "User ID. Private keys in the file are ignored. Idempotent; prints one line per entry."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--file", type=Path, help="Path of a keystore.json.")
        where.add_argument(
            "--npm",
            nargs="?",
            const=settings.SMKI_KEYSTORE_NPM_PACKAGE,
            metavar="PACKAGE",
            help=f"npm pack PACKAGE (default {settings.SMKI_KEYSTORE_NPM_PACKAGE}) into SMKI_KEYSTORE_NPM_CACHE "
            "and read its keystore.json.",
        )
        parser.add_argument("--source", default="ZAZ1", help="Name of the PKI, shown on its CAs (default ZAZ1).")

    def handle(self, *args, **options):
        try:
            if options["file"]:
                path = options["file"]
                if path.stat().st_size > settings.SMKI_KEYSTORE_MAX_BYTES:
                    raise KeystoreInvalid(f"{path} is larger than SMKI_KEYSTORE_MAX_BYTES.")
                data, origin = path.read_bytes(), str(path)
            else:
                data, origin = keystore_from_npm(package=options["npm"])
            entries = keystore_parse(data, max_entries=settings.SMKI_KEYSTORE_MAX_ENTRIES)
        except (OSError, KeystoreInvalid) as exc:
            raise CommandError(str(getattr(exc, "message", exc))) from exc
        self.stdout.write(f"{len(entries)} certificates in {origin}; private keys are ignored.")
        lines = external_pki_import(entries=entries, source=options["source"])
        for line in lines:
            flag = " (expired)" if line.expired else ""
            party = f" -> {line.party}" if line.party else ""
            self.stdout.write(
                f"{line.outcome:12} {line.name:34} {line.identifier} {line.usage} {line.serial}{party}{flag}"
                + (f"\n{'':13}{line.detail}" if line.detail and not line.expired else "")
            )
        self.stdout.write(import_summary(lines)["outcome"])
