"""Each pipeline stage on its own: a request claimed into a Batch, one stage run, what it decided.

The full flows (submission to response) are in tests/devices/test_pipeline.py; here every stage of
``devices.services.stages.STAGES`` is driven directly, so a stage's verdict, its code, its status
move and what it leaves for the batch to write are asserted one by one.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from devices.choices import ResponseKind, SRStatus
from devices.models import AlertRecord, ServiceRequest
from devices.services import checks, nondevice, sending, signing, tad
from devices.services.batch import Batch
from devices.services.faults import fault_inject, hub_power_on
from devices.services.stages import STAGES, run_stages
from devices.services.submission import Submission, service_requests_submit
from inventory.choices import SMIStatus
from inventory.models import Device
from tests.factories.devices import ThresholdFactory, request_id

from ..conftest import GS_ID, IS_ID, dcc_person

pytestmark = pytest.mark.django_db


def _submit(actor, user_id, device, srv, body=None, **extra) -> ServiceRequest:
    device_id = device.device_id if hasattr(device, "device_id") else device
    submission = Submission(request_id=request_id(user_id, device_id), srv=srv, body=body or {}, **extra)
    verdict = service_requests_submit(actor=actor, submissions=[submission])[0]
    assert verdict.accepted, (verdict.code, verdict.reason)
    return _claimed(verdict.request)


def _claimed(sr) -> ServiceRequest:
    """The request as the pipeline's claim attaches it (variant, Party and dependency loaded)."""
    return ServiceRequest.objects.select_related("variant", "party", "depends_on").get(pk=sr.pk)


def _batch(*requests, now=None) -> Batch:
    return Batch(list(requests), now or timezone.now())


def _codes(b: Batch) -> list[tuple[str, str]]:
    return [(r.kind, r.code) for r in b.writes.responses]


def test_the_stages_in_order():
    assert [(s.name, s.clause) for s in STAGES] == [
        ("dependency", "BAD 7.8.5.4.1"),
        ("non-device checks", "App AB 16.1(b)"),
        ("non-device execution", "App AB 16.1(d)"),
        ("device checks", "App AB 6.1"),
        ("transform", "App AB 6.4(b)"),
        ("anomaly detection", "App AB 13.1"),
        ("local delivery", "BAD 7.8.4.4.4"),
        ("future-dated cancellation", "D-DUIS-13"),
        ("hold or send", "App AB 13.2"),
        ("execution date checks", "SEC H3.12"),
        ("send at the execution date-time", "App AB 13.2"),
        ("device", "App AB 13.2(a)"),
    ]


# --- dependency -----------------------------------------------------------------------------------


def test_a_dependant_waits_while_its_dependency_is_open(live, ssi_user):
    first = _submit(ssi_user, IS_ID, live.esme, "4.1.1")
    second = _submit(ssi_user, IS_ID, live.esme, "3.1", {"message": "after"}, depends_on=first.request_id)
    b = _batch(second)
    assert checks.dependency_ready(second, b) is False
    assert (second.status, second.due_at, b.writes.responses) == (SRStatus.QUEUED, None, [])


def test_a_dependant_fails_with_n14_when_its_dependency_did_not_succeed(live, ssi_user):
    first = _submit(ssi_user, IS_ID, live.esme, "4.1.1")
    second = _submit(ssi_user, IS_ID, live.esme, "3.1", {"message": "after"}, depends_on=first.request_id)
    ServiceRequest.objects.filter(pk=first.pk).update(status=SRStatus.FAILED, response_code="E21")
    second = _claimed(second)
    b = _batch(second)
    assert checks.dependency_ready(second, b) is False
    assert (second.status, second.response_code) == (SRStatus.FAILED, "E13")
    assert AlertRecord.objects.filter(code="N14", service_request=second).count() == 1


def test_a_dependant_goes_on_once_its_dependency_completed(live, ssi_user):
    first = _submit(ssi_user, IS_ID, live.esme, "4.1.1")
    second = _submit(ssi_user, IS_ID, live.esme, "3.1", {"message": "after"}, depends_on=first.request_id)
    ServiceRequest.objects.filter(pk=first.pk).update(status=SRStatus.COMPLETED, response_code="I0")
    second = _claimed(second)
    assert checks.dependency_ready(second, _batch(second)) is True
    assert second.status == SRStatus.QUEUED


# --- Non-Device requests --------------------------------------------------------------------------


def test_non_device_checks_refuse_an_unknown_device_then_pass_a_known_one(home, ssi_user):
    unknown = _submit(ssi_user, IS_ID, "00-DB-99-99-99-99-99-99", "8.2", command_variant=8)
    b = _batch(unknown)
    assert checks.non_device_checks(unknown, b) is False
    assert (unknown.status, unknown.response_code, _codes(b)) == (
        SRStatus.FAILED,
        "E19",
        [(ResponseKind.SERVICE_RESPONSE, "E19")],
    )
    known = _submit(ssi_user, IS_ID, home.esme, "8.2", command_variant=8)
    b = _batch(known)
    assert checks.non_device_checks(known, b) is True
    assert (known.status, known.checked_at) == (SRStatus.QUEUED, b.now)


def test_non_device_checks_refuse_a_sender_who_is_not_responsible(home, gas_user):
    sr = _submit(gas_user, GS_ID, home.esme, "8.3", command_variant=8)  # the ESME's supplier is another Party
    b = _batch(sr)
    assert checks.non_device_checks(sr, b) is False
    assert (sr.status, sr.response_code) == (SRStatus.FAILED, "E4")


def test_non_device_execution_answers_with_the_data_and_ends_the_request(home, ssi_user):
    sr = _submit(ssi_user, IS_ID, home.esme, "8.2", command_variant=8)
    b = _batch(sr)
    assert checks.non_device_checks(sr, b) is True
    assert nondevice.execute(sr, b) is False
    assert (sr.status, sr.response_code) == (SRStatus.COMPLETED, "I0")
    body = b.writes.responses[0].body
    assert (body["format"], body["data"]["device"]["device_id"]) == ("DSPInventory", home.esme.device_id)
    assert b.writes.finished == [sr.pk]


def test_non_device_execution_completes_with_a_warning_code(live, ssi_user):
    sr = _submit(ssi_user, IS_ID, live.esme, "5.2", command_variant=8)  # no schedules on the Device
    b = _batch(sr)
    assert checks.non_device_checks(sr, b) is True
    assert nondevice.execute(sr, b) is False
    assert (sr.status, sr.response_code) == (SRStatus.COMPLETED, "W050301")


# --- Device requests: checks, transform, anomaly detection, local delivery, hold ----------------------


def test_device_checks_refuse_a_device_outside_the_smi(catalogue, supplier_party, ssi_user):
    sr = _submit(ssi_user, IS_ID, "00-DB-99-99-99-99-99-98", "4.1.1")
    b = _batch(sr)
    assert checks.device_checks(sr, b) is False
    assert (sr.status, sr.response_code, sr.checked_at) == (SRStatus.FAILED, "E19", None)


def test_device_checks_refuse_a_device_whose_smi_status_is_not_communicable(live, ssi_user):
    Device.objects.filter(pk=live.esme.pk).update(smi_status=SMIStatus.DECOMMISSIONED)
    sr = _submit(ssi_user, IS_ID, live.esme, "4.1.1")
    b = _batch(sr)
    assert checks.device_checks(sr, b) is False
    assert (sr.response_code, sr.response_reason) == ("E5", "The Device is Decommissioned.")


def test_device_checks_refuse_a_sender_who_is_not_eligible(live, gas_user):
    sr = _submit(gas_user, GS_ID, live.esme, "4.1.1")
    b = _batch(sr)
    assert checks.device_checks(sr, b) is False
    assert (sr.status, sr.response_code) == (SRStatus.FAILED, "E4")


def test_device_checks_pass_and_stamp_the_request(live, ssi_user):
    sr = _submit(ssi_user, IS_ID, live.esme, "4.1.1")
    b = _batch(sr)
    assert checks.device_checks(sr, b) is True
    assert (sr.status, sr.checked_at, b.writes.responses) == (SRStatus.QUEUED, b.now, [])


def test_firmware_image_check_raises_n18_for_a_hash_no_cpl_entry_has(live, ssi_user):
    body = {"image_hash": "ab" * 32, "image_size": 1000, "firmware_version": "9.9"}
    sr = _submit(ssi_user, IS_ID, live.esme, "11.1", body, execute_at=timezone.now() + timedelta(hours=1))
    b = _batch(sr)
    assert checks.device_checks(sr, b) is False
    assert (sr.response_code, sr.response_reason) == ("E13", "No CPL entry has that Manufacturer Image hash.")
    assert AlertRecord.objects.filter(code="N18", service_request=sr).count() == 1


def test_transform_issues_the_pre_command_and_parks_the_request(live, ssi_user):
    sr = _submit(ssi_user, IS_ID, live.esme, "7.2", command_variant=4)
    b = _batch(sr)
    assert checks.device_checks(sr, b) is True
    assert signing.issue_pre_command(sr, b) is False
    assert (sr.status, sr.due_at, sr.pre_command_at) == (SRStatus.AWAITING_SIGNATURE, None, b.now)
    assert _codes(b) == [(ResponseKind.PRE_COMMAND, "I0")]
    assert b.writes.responses[0].body["data"]["payload"] == sr.pre_command["payload"]


def test_anomaly_detection_quarantines_past_the_users_threshold(live, ssi_user, supplier_party):
    ThresholdFactory(party=supplier_party, srv_code="4.1.1", kind="user", limit=1)
    first, second = (_submit(ssi_user, IS_ID, live.esme, "4.1.1") for _ in range(2))
    b = _batch(first, second)
    assert [tad.check(first, b), tad.check(second, b)] == [True, False]
    assert (first.status, first.checked_at) == (SRStatus.QUEUED, b.now)
    assert (second.status, second.quarantined_at, second.due_at) == (SRStatus.QUARANTINED, b.now, None)
    assert second.quarantine_reason == "User-set Anomaly Detection Threshold for SRV 4.1.1: more than 1 in 3600 s"
    assert _codes(b) == [(ResponseKind.SERVICE_RESPONSE, "I99")]  # not final: the User decides (D-DUIS-02)


def test_anomaly_detection_logs_a_warning_and_goes_on(live, ssi_user, supplier_party):
    ThresholdFactory(party=supplier_party, srv_code="4.1.1", kind="warning", limit=0)
    sr = _submit(ssi_user, IS_ID, live.esme, "4.1.1")
    b = _batch(sr)
    assert tad.check(sr, b) is True
    assert (sr.status, sr.warning_code, b.writes.responses) == (SRStatus.QUEUED, "warning", [])


def test_local_delivery_returns_the_command_to_the_user_only(live, ssi_user):
    sr = _submit(ssi_user, IS_ID, live.esme, "3.1", {"message": "via HHT"}, command_variant=2)
    b = _batch(sr)
    assert sending.deliver_locally(sr, b) is False
    assert (sr.status, sr.response_code) == (SRStatus.LOCAL_DELIVERY, "I0")
    assert _codes(b) == [(ResponseKind.LOCAL_COMMAND, "I0")]
    assert b.writes.responses[0].body["data"]["command"]["body"] == {"message": "via HHT"}


def test_hold_keeps_a_future_dated_request_until_its_execution_date_time(live, ssi_user):
    later = timezone.now() + timedelta(hours=2)
    held = _submit(ssi_user, IS_ID, live.esme, "3.1", {"message": "later"}, execute_at=later)
    now = _submit(ssi_user, IS_ID, live.esme, "3.1", {"message": "now"})
    b = _batch(held, now)
    assert [sending.hold_or_send(held, b), sending.hold_or_send(now, b)] == [False, True]
    assert (held.status, held.due_at, held.sent_at) == (SRStatus.SCHEDULED, later, None)
    assert (now.status, now.sent_at) == (SRStatus.SENDING, b.now)


def test_at_the_execution_date_time_eligibility_is_checked_again_n7(live, ssi_user, gas_user):
    later = timezone.now() + timedelta(hours=2)
    sr = _submit(ssi_user, IS_ID, live.esme, "3.1", {"message": "later"}, execute_at=later)
    b = _batch(sr)
    sending.hold_or_send(sr, b)
    assert checks.execution_date_checks(sr, _batch(sr, now=later)) is True
    assert sending.dispatch(sr, _batch(sr, now=later)) is True
    assert (sr.status, sr.sent_at) == (SRStatus.SENDING, later)
    gas = _submit(gas_user, GS_ID, live.esme, "3.1", {"message": "not mine"}, execute_at=later)
    gas.status = SRStatus.SCHEDULED  # held earlier; the Registration Data changed meanwhile
    b = _batch(gas, now=later)
    assert checks.execution_date_checks(gas, b) is False
    assert (gas.status, gas.response_code) == (SRStatus.FAILED, "E31")
    assert AlertRecord.objects.filter(code="N7", service_request=gas).count() == 1


# --- the device -----------------------------------------------------------------------------------


def test_the_device_answers_and_the_request_completes(live, ssi_user):
    sr = _submit(ssi_user, IS_ID, live.esme, "7.4")
    b = _batch(sr)
    sending.dispatch(sr, b)
    assert sending.send(sr, b) is False
    assert (sr.status, sr.response_code) == (SRStatus.COMPLETED, "I0")
    assert b.writes.responses[0].body["data"] == {"supply_state": "Enabled", "locked": False, "cause": ""}
    assert live.esme.device_id not in b.touched  # a read is not written back (D-DEV-18)


def test_a_device_behind_an_uncommissioned_hub_is_undeliverable(home, ssi_user):
    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    Device.objects.filter(pk=home.chf.pk).update(smi_status=SMIStatus.INSTALLED_NOT_COMMISSIONED)
    Device.objects.filter(pk=home.esme.pk).update(hub=home.chf, smi_status=SMIStatus.WHITELISTED)
    sr = _submit(ssi_user, IS_ID, home.esme, "7.4")
    b = _batch(sr)
    sending.dispatch(sr, b)
    assert sending.send(sr, b) is False
    assert (sr.status, sr.response_code) == (SRStatus.FAILED, "E20")


def test_an_unreachable_device_is_retried_then_fails_with_n13(live, ssi_user, settings):
    settings.DEVICES_ON_DEMAND_MAX_ATTEMPTS = 2
    fault_inject(actor=dcc_person(), device_id=live.esme.device_id, kind="unreachable")
    sr = _submit(ssi_user, IS_ID, live.esme, "7.4")
    b = _batch(sr)
    sending.dispatch(sr, b)
    assert sending.send(sr, b) is False
    assert (sr.status, sr.attempts, sr.due_at) == (SRStatus.SENDING, 1, b.now)  # on demand: retried without back-off
    assert sending.send(sr, b) is False
    assert (sr.status, sr.attempts, sr.response_code) == (SRStatus.FAILED, 2, "E21")
    assert AlertRecord.objects.filter(code="N13", service_request=sr).count() == 1


def test_run_stages_takes_a_read_from_queued_to_completed_in_one_pass(live, ssi_user):
    sr = _submit(ssi_user, IS_ID, live.esme, "4.1.1")
    b = _batch(sr)
    run_stages(sr, b)
    assert (sr.status, sr.checked_at, sr.sent_at, sr.response_code) == (SRStatus.COMPLETED, b.now, b.now, "I0")
