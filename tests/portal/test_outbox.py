import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from portal.choices import OutboxStatus, UserRole
from portal.exceptions import ApplicationError
from portal.integrations.push import PushResult
from portal.models import AuditEvent, OutboxMessage
from portal.services.outbox import Recipient, alert_raise, endpoint_register, outbox_dispatch
from tests.portal.fakes import ScriptedPushClient

OUTBOX_API = "/api/v1/portal/outbox/"


@pytest.fixture
def push(settings):
    settings.PORTAL_PUSH_CLIENT = "tests.portal.fakes.ScriptedPushClient"
    ScriptedPushClient.calls = []
    ScriptedPushClient.script = []
    return ScriptedPushClient


def test_alert_raise_writes_one_message_per_recipient(supplier_party, other_party):
    messages = alert_raise(
        code="N28",
        recipients=[
            Recipient(supplier_party, UserRole.IMPORT_SUPPLIER),
            Recipient(other_party, UserRole.GAS_SUPPLIER),
            Recipient(supplier_party, UserRole.IMPORT_SUPPLIER),
        ],
        device_id="00-DB-12-34-56-78-9A-BC",
        payload={"model": "X"},
    )
    assert len(messages) == 2
    first = OutboxMessage.objects.get(party=supplier_party)
    assert (first.kind, first.code, first.user_role, first.device_id) == (
        "dcc_alert",
        "N28",
        "EIS",
        "00-DB-12-34-56-78-9A-BC",
    )
    assert first.payload == {"alert_name": "Device Suspended", "model": "X"}
    assert first.status == OutboxStatus.PENDING
    assert first.next_attempt_at is None  # no endpoint: waits for pull
    assert AuditEvent.objects.get(action="alert.raised").target_id == "N28"


def test_unknown_alert_code_is_refused(supplier_party):
    with pytest.raises(ApplicationError) as excinfo:
        alert_raise(code="N999", recipients=[Recipient(supplier_party)])
    assert excinfo.value.code == "alert.unknown_code"
    assert not OutboxMessage.objects.exists()


def test_dedupe_key_makes_a_repeat_a_no_op(supplier_party):
    alert_raise(code="N8", recipients=[Recipient(supplier_party)], dedupe_key="pending-expiry:42")
    again = alert_raise(code="N8", recipients=[Recipient(supplier_party)], dedupe_key="pending-expiry:42")
    assert again == []
    assert OutboxMessage.objects.count() == 1


# --- pull -----------------------------------------------------------------------------------


def test_pull_lists_only_own_party_and_acknowledges(api_client_for, ssi_user, other_user, supplier_party, other_party):
    mine = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
    theirs = alert_raise(code="N29", recipients=[Recipient(other_party)])[0]
    api = api_client_for(ssi_user)
    listed = api.get(OUTBOX_API).json()["results"]
    assert [m["id"] for m in listed] == [mine.pk]
    assert api.get(f"{OUTBOX_API}{theirs.pk}/").status_code == 404
    response = api.post(f"{OUTBOX_API}acknowledge/", {"ids": [mine.pk, theirs.pk]}, format="json")
    assert response.json() == {"count": 1}
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == OutboxStatus.ACKNOWLEDGED
    assert theirs.status == OutboxStatus.PENDING
    assert api.get(OUTBOX_API + "?status=pending").json()["results"] == []


def test_pull_filters_after_id(api_client_for, ssi_user, supplier_party):
    first = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
    second = alert_raise(code="N29", recipients=[Recipient(supplier_party)])[0]
    results = api_client_for(ssi_user).get(f"{OUTBOX_API}?after_id={first.pk}").json()["results"]
    assert [m["id"] for m in results] == [second.pk]


@pytest.mark.parametrize("body", [{}, {"ids": []}, {"ids": ["x"]}, {"ids": [0]}])
def test_bad_acknowledge_changes_nothing(api_client_for, ssi_user, supplier_party, body):
    message = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
    response = api_client_for(ssi_user).post(f"{OUTBOX_API}acknowledge/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING


def test_pull_needs_the_permission(api_client_for, no_role_user):
    assert api_client_for(no_role_user).get(OUTBOX_API).status_code == 403


# --- push -----------------------------------------------------------------------------------


def test_push_delivers_with_hmac_signature(ssi_admin, supplier_party, push, django_capture_on_commit_callbacks):
    _endpoint, secret = endpoint_register(actor=ssi_admin, url="https://hooks.northern.test/dcc")
    with django_capture_on_commit_callbacks(execute=True):
        message = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
    assert len(push.calls) == 1
    call = push.calls[0]
    assert call["url"] == "https://hooks.northern.test/dcc"
    stamp, signature = (part.split("=", 1)[1] for part in call["headers"]["X-DCC-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + call["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, expected)
    assert json.loads(call["body"])["id"] == message.pk
    assert call["headers"]["X-DCC-Message-Id"] == str(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.DELIVERED, 1)


def test_failed_push_backs_off_then_dead_letters(ssi_admin, supplier_party, push, settings):
    settings.PORTAL_OUTBOX_MAX_ATTEMPTS = 3
    endpoint_register(actor=ssi_admin, url="https://hooks.northern.test/dcc")
    message = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
    push.script = [PushResult(ok=False, status=500, error="HTTP 500")] * 3
    delays = []
    for attempt in range(1, 4):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        outbox_dispatch()
        message.refresh_from_db()
        assert message.attempts == attempt
        if attempt < 3:
            assert message.status == OutboxStatus.PENDING
            delays.append(message.next_attempt_at - before)
    assert message.status == OutboxStatus.DEAD
    assert message.last_error == "HTTP 500"
    base = settings.PORTAL_OUTBOX_BACKOFF_BASE_SECONDS
    assert timedelta(seconds=base / 2) <= delays[0] <= timedelta(seconds=base + 1)
    assert timedelta(seconds=base) <= delays[1] <= timedelta(seconds=2 * base + 1)


def test_message_not_yet_due_is_not_pushed(ssi_admin, supplier_party, push):
    endpoint_register(actor=ssi_admin, url="https://hooks.northern.test/dcc")
    message = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert outbox_dispatch() == {"delivered": 0, "retrying": 0, "dead": 0, "no_endpoint": 0, "not_renderable": 0}
    assert push.calls == []


def test_replay_of_dead_letter(api_client_for, ssi_admin, ssi_user, supplier_party, push):
    endpoint_register(actor=ssi_admin, url="https://hooks.northern.test/dcc")
    message = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.DEAD, attempts=8, next_attempt_at=None)
    assert api_client_for(ssi_user).post(f"{OUTBOX_API}{message.pk}/replay/").status_code == 403
    response = api_client_for(ssi_admin).post(f"{OUTBOX_API}{message.pk}/replay/")
    assert response.status_code == 200
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    assert message.next_attempt_at is not None
    assert AuditEvent.objects.filter(action="outbox.replayed").count() == 1


def test_replay_of_pending_message_is_a_conflict(api_client_for, ssi_admin, supplier_party):
    message = alert_raise(code="N28", recipients=[Recipient(supplier_party)])[0]
    response = api_client_for(ssi_admin).post(f"{OUTBOX_API}{message.pk}/replay/")
    assert response.status_code == 409
    assert response.json()["code"] == "outboxmessage.invalid_transition"


# --- endpoints ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://hooks.northern.test/x", "ftp://hooks/x", "not a url", ""])
def test_endpoint_must_be_https(api_client_for, ssi_admin, settings, url):
    settings.PORTAL_OUTBOX_ALLOW_HTTP = False
    response = api_client_for(ssi_admin).post("/api/v1/portal/endpoints/", {"url": url}, format="json")
    assert response.status_code == 400
    assert not ssi_admin.party.push_endpoints.exists()


@pytest.mark.parametrize("push_format", ["json", "duis"])
@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("ssi_user", 403), ("ssi_admin", 201)])
def test_endpoint_registration_authorisation(
    request, anon_api, api_client_for, ssi_admin, ssi_user, who, status, push_format
):
    api = anon_api if who == "anonymous" else api_client_for(request.getfixturevalue(who))
    body = {"url": "https://h.test/x", "format": push_format}
    response = api.post("/api/v1/portal/endpoints/", body, format="json")
    assert response.status_code == status
    assert ssi_admin.party.push_endpoints.count() == (1 if status == 201 else 0)
    if status == 201:
        assert len(response.json()["secret"]) == 64
        assert response.json()["format"] == push_format
        assert ssi_admin.party.push_endpoints.get().format == push_format


def test_endpoint_format_must_be_known(api_client_for, ssi_admin):
    body = {"url": "https://h.test/x", "format": "soap"}
    response = api_client_for(ssi_admin).post("/api/v1/portal/endpoints/", body, format="json")
    assert response.status_code == 400
    assert not ssi_admin.party.push_endpoints.exists()


def test_other_partys_endpoint_is_404(api_client_for, ssi_admin, other_admin):
    endpoint, _ = endpoint_register(actor=other_admin, url="https://dales.test/hook")
    api = api_client_for(ssi_admin)
    assert api.get(f"/api/v1/portal/endpoints/{endpoint.pk}/").status_code == 404
    assert api.post(f"/api/v1/portal/endpoints/{endpoint.pk}/deactivate/").status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_registering_again_replaces_the_endpoint(ssi_admin):
    first, _ = endpoint_register(actor=ssi_admin, url="https://a.test/hook")
    second, _ = endpoint_register(actor=ssi_admin, url="https://b.test/hook")
    first.refresh_from_db()
    assert (first.is_active, second.is_active) == (False, True)


# --- a real HTTP receiver -------------------------------------------------------------------


class _Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((self.headers, body))  # case-insensitive, as HTTP headers are
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_push_over_real_http(ssi_admin, supplier_party):
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _Receiver.received = []
        endpoint_register(actor=ssi_admin, url=f"http://127.0.0.1:{server.server_port}/hook")
        message = alert_raise(code="N29", recipients=[Recipient(supplier_party)])[0]
        assert outbox_dispatch()["delivered"] == 1
    finally:
        server.shutdown()
    headers, body = _Receiver.received[0]
    assert json.loads(body)["code"] == "N29"
    assert headers["X-DCC-Message-Id"] == str(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.DELIVERED
