"""Run the whole portal on one machine: web server, Celery worker and Celery beat."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "Start web + worker + beat (embedded defaults: SQLite and a filesystem broker)."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--concurrency", type=int, default=2)

    def handle(self, *args, addrport, concurrency, **options):
        for folder in ("broker/queue", "broker/processed"):
            os.makedirs(settings.VAR_DIR / folder, exist_ok=True)
        celery = [sys.executable, "-m", "celery", "-A", "portal"]
        # Fixed argument lists: our own interpreter running celery.
        children = [
            subprocess.Popen([*celery, "worker", "--loglevel=INFO", f"--concurrency={concurrency}"]),
            subprocess.Popen(
                [
                    *celery,
                    "beat",
                    "--loglevel=INFO",
                    f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
                ]
            ),
        ]
        self._banner(addrport)

        def stop(*_):
            for child in children:
                child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()

        signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
        try:
            time.sleep(1)
            call_command("runserver", addrport, use_reloader=False)
        finally:
            stop()

    def _banner(self, addrport):
        lines = [f"\n  DCC SSI replica: http://{addrport}/\n", f"  Demo sign-ins (password: {DEMO_PASSWORD}):"]
        for email, _name, _party, roles, _ in PEOPLE:
            label = ", ".join(r.label for r in roles) or "general queries only (not a User)"
            lines.append(f"    {email:24} {label}")
        lines.append("  Two-factor codes for demo accounts: .venv/bin/python manage.py demo_otp\n")
        self.stdout.write("\n".join(lines))
