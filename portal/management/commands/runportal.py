"""Run the whole portal on one machine: web server, Celery worker and Celery beat.

Beside the portal's own address it listens on DCC Boxed's ports, so DCC's client tools reach the
replica where they expect DCC Boxed: ``DUIS_LISTEN_PORT`` (8079, the DUIS web services) and
``SMKI_SERVICES_LISTEN_PORT`` (8083, the SMKI Repository web services). Each extra listener serves
the whole project (its paths are unambiguous); 0 turns one off.
"""

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
        parser.add_argument("--duis-port", type=int, default=settings.DUIS_LISTEN_PORT, help="0: no DUIS listener")
        parser.add_argument(
            "--smki-services-port", type=int, default=settings.SMKI_SERVICES_LISTEN_PORT, help="0: none"
        )

    def handle(self, *args, addrport, concurrency, duis_port, smki_services_port, **options):
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
        host, _, main_port = addrport.rpartition(":")
        for port in sorted({duis_port, smki_services_port} - {0, int(main_port)}):
            children.append(
                subprocess.Popen(
                    [sys.executable, str(settings.BASE_DIR / "manage.py"), "runserver", f"{host}:{port}", "--noreload"]
                )
            )
        self._banner(addrport)
        if duis_port:
            self.stdout.write(
                f"  DUIS web services (DCC's tools): http://{host}:{duis_port}/api/v1/serviceS, serviceT, serviceD"
            )
        if smki_services_port:
            self.stdout.write(f"  SMKI Repository web services: http://{host}:{smki_services_port}/services/\n")

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
