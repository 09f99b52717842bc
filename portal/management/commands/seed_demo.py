"""Load the demo estate of every app (idempotent: running it twice changes nothing)."""

from django.core.management.base import BaseCommand

from portal import registry


class Command(BaseCommand):
    help = "Load demo Parties, people and each app's demo data. Safe to run again."

    def handle(self, *args, **options):
        for seeder in registry.demo_seeders:
            self.stdout.write(f"Seeding {seeder.name} ...")
            seeder.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
