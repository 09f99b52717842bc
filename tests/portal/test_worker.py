"""Integration: a real Celery worker process delivers outbox messages."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from portal.choices import OutboxStatus
from portal.models import OutboxMessage
from portal.services.outbox import Recipient, alert_raise, endpoint_register
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class _Receiver(BaseHTTPRequestHandler):
    bodies: list = []

    def do_POST(self):
        _Receiver.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_worker_pushes_alert_raised_in_a_committed_transaction(celery_worker_process, ssi_admin, supplier_party):
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.bodies = []
    try:
        endpoint_register(actor=ssi_admin, url=f"http://127.0.0.1:{server.server_port}/hook")
        message = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
        # The on-commit hook published a task; the worker process (not this one) pushes it.
        delivered = wait_for(
            lambda: OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.DELIVERED).first(), timeout=60
        )
    finally:
        server.shutdown()
    assert delivered.attempts == 1
    assert len(_Receiver.bodies) == 1
