"""Read inbound Service Desk mail: ``.eml`` files or a directory of them, or the IMAP mailbox."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.mailbox import eml_files_process, mailbox_fetch


class Command(BaseCommand):
    help = (
        "Log incidents from Service Desk email. Mail missing required fields gets a reply listing them "
        "and is not logged until they arrive (Incident Management Policy 1.4.10(d))."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help=".eml files or directories of them")
        parser.add_argument("--imap", action="store_true", help="read the mailbox in INCIDENTS_IMAP_* instead")

    def handle(self, *args, **options):
        if options["imap"]:
            self.stdout.write(f"{mailbox_fetch()} message(s) read from the mailbox.")
            return
        if not options["paths"]:
            raise CommandError("Give .eml files or directories, or --imap.")
        files: list[Path] = []
        for name in options["paths"]:
            path = Path(name)
            if path.is_dir():
                files += sorted(path.glob("*.eml"))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name} does not exist.")
        for path, row in zip(files, eml_files_process(files), strict=True):
            if row is None:
                self.stdout.write(f"{path.name}: seen before, skipped")
            elif row.incident_id:
                self.stdout.write(f"{path.name}: logged as {row.incident.reference}")
            else:
                missing = ", ".join(row.missing) or "-"
                self.stdout.write(f"{path.name}: {row.get_status_display()} (missing: {missing})")
