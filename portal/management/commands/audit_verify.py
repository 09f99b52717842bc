"""Verify the audit log's hash chain and report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from portal.services.audit import audit_chain_verify


class Command(BaseCommand):
    help = "Check that no audit event was edited, removed or reordered (exit status 1 if one was)."

    def handle(self, *args, **options):
        checked, broken = audit_chain_verify()
        if broken is not None:
            raise CommandError(f"Audit chain broken at event {broken.event_id} (row {checked}): {broken.reason}.")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events verified."))
