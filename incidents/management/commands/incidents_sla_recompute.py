"""Recompute every open incident's SLA deadlines from its recorded clock events."""

from django.core.management.base import BaseCommand

from incidents.services import incidents_sla_recompute


class Command(BaseCommand):
    help = "Run after changing INCIDENTS_SLA_TARGETS or the Working Day calendar; deterministic and re-runnable."

    def handle(self, *args, **options):
        self.stdout.write(f"{incidents_sla_recompute()} open incident(s) recomputed.")
