"""Pipeline behaviour after commit: anomaly detection, signatures, dependencies, schedules,
future-dated requests, faults and retries, sleepy gas meters, CoT and decommission purges."""

from datetime import timedelta

import pytest
from django.utils import timezone

from devices.models import AlertRecord, EmulatedDevice, Schedule, ServiceRequest, ServiceRequestArchive
from devices.services.archive import service_requests_archive
from devices.services.faults import fault_inject
from devices.services.housekeeping import devices_tick
from devices.services.tad import quarantine_decide
from inventory.models import Device
from portal.models import OutboxMessage
from tests.factories.devices import ThresholdFactory, utrn

from .conftest import GS_ID, IS_ID, dcc_person, drain

pytestmark = pytest.mark.django_db


def _sr(rid) -> ServiceRequest:
    return ServiceRequest.objects.get(request_id=rid, is_accepted=True)


def _daily_profile_schedule(send, user, user_id, device):
    """A DCC schedule (5.1) reading the device's profile data (4.8.1) daily, starting in an hour."""
    start = timezone.now() + timedelta(hours=1)
    body = {"srv": "4.8.1", "period_seconds": 86400, "start_at": start.isoformat()}
    return send(user, user_id, device, "5.1", body, command_variant=8)


def test_threshold_breach_quarantines_and_the_user_releases_or_deletes(live, ssi_user, send, supplier_party):
    ThresholdFactory(party=supplier_party, srv_code="4.1.1", kind="user", limit=1)
    ThresholdFactory(party=supplier_party, srv_code="4.1.1", kind="warning", limit=0)
    rids = [send(ssi_user, IS_ID, live.esme, "4.1.1")[1] for _ in range(3)]
    drain()
    assert [_sr(r).status for r in rids] == ["completed", "quarantined", "quarantined"]
    assert _sr(rids[0]).warning_code == "warning"  # warning threshold: logged, processing continued
    quarantine_decide(actor=ssi_user, requests=[_sr(rids[1])], action="release")
    quarantine_decide(actor=ssi_user, requests=[_sr(rids[2])], action="delete")
    drain()
    assert (_sr(rids[1]).status, _sr(rids[2]).status, _sr(rids[2]).response_code) == ("completed", "deleted", "E3")


def test_quarantine_decision_needs_permission_and_own_party(
    live, ssi_user, other_admin, no_role_user, send, supplier_party
):
    from portal.exceptions import NotPermitted

    ThresholdFactory(party=supplier_party, srv_code="4.1.1", kind="user", limit=0)
    _, rid = send(ssi_user, IS_ID, live.esme, "4.1.1")
    drain()
    with pytest.raises(NotPermitted):
        quarantine_decide(actor=no_role_user, requests=[_sr(rid)], action="release")
    assert quarantine_decide(actor=other_admin, requests=[_sr(rid)], action="release") == 0
    assert _sr(rid).status == "quarantined"


def test_wrong_signature_is_recorded_silently_and_the_request_keeps_waiting(
    live, ssi_user, send, org_keys, api_client_for
):
    _, rid = send(ssi_user, IS_ID, live.esme, "7.2", command_variant=4)
    drain()
    sr = _sr(rid)
    bad = org_keys.sign(IS_ID, sr.pre_command, wrong=True)
    before = OutboxMessage.objects.count()
    answer = api_client_for(ssi_user).post(
        f"/api/v1/service-requests/{rid}/signed-pre-command/", {"signature": bad}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "devices.signature_invalid"
    assert _sr(rid).status == "awaiting_signature"
    assert _sr(rid).responses.filter(code="E1").exists()
    assert OutboxMessage.objects.count() == before  # AB 7.3: no notice for a failed signature check
    assert EmulatedDevice.objects.get(device_id=live.esme.device_id).state["supply"]["state"] == "Enabled"


def test_dependency_waits_then_fails_with_n14(live, ssi_user, send):
    fault_inject(actor=dcc_person(), device_id=live.esme.device_id, kind="unreachable")
    _, first = send(ssi_user, IS_ID, live.esme, "4.1.1")
    _, second = send(ssi_user, IS_ID, live.esme, "3.1", {"message": "after the read"}, depends_on=first)
    for _ in range(3):
        drain(now=timezone.now() + timedelta(seconds=60))
    assert (_sr(first).status, _sr(first).response_code) == ("failed", "E21")
    assert AlertRecord.objects.filter(code="N13", service_request=_sr(first)).exists()  # no device response
    assert (_sr(second).status, _sr(second).response_code) == ("failed", "E13")
    assert AlertRecord.objects.filter(code="N14", service_request=_sr(second)).exists()


def _answer(rid) -> dict:
    return _sr(rid).responses.get(kind="service_response").body["data"]


def test_a_read_is_not_written_back_and_the_next_command_catches_up(live, ssi_user, send):
    """D-DEV-18: a read that raises nothing leaves the stored state alone; time is applied lazily."""
    stored = EmulatedDevice.objects.get(device_id=live.esme.device_id)
    t0 = timezone.now()
    _, first = send(ssi_user, IS_ID, live.esme, "4.1.1")
    drain(now=t0 + timedelta(hours=1))
    after_read = EmulatedDevice.objects.get(device_id=live.esme.device_id)
    assert (after_read.state, after_read.updated_at) == (stored.state, stored.updated_at)
    _, second = send(ssi_user, IS_ID, live.esme, "4.1.1")
    drain(now=t0 + timedelta(hours=3))
    assert _answer(second)["import"] > _answer(first)["import"] > stored.state["registers"]["import"]
    _, top_up = send(ssi_user, IS_ID, live.esme, "2.2", {"utrn": utrn(11), "value": 250})
    drain(now=t0 + timedelta(hours=3))
    assert _sr(top_up).status == "completed"
    changed = EmulatedDevice.objects.get(device_id=live.esme.device_id).state
    assert changed["prepay"]["balance"] == stored.state["prepay"]["balance"] + 250
    assert changed["registers"]["import"] == pytest.approx(_answer(second)["import"], abs=1e-3)
    assert changed["commands_executed"] == stored.state["commands_executed"] + 1  # reads are not counted
    assert changed["advanced_at"] == pytest.approx((t0 + timedelta(hours=3)).timestamp())


def test_slow_and_corrupt_faults_still_execute_exactly_once(live, ssi_user, send):
    staff = dcc_person()
    fault_inject(actor=staff, device_id=live.esme.device_id, kind="corrupt", count=1)
    _, rid = send(ssi_user, IS_ID, live.esme, "2.2", {"utrn": utrn(7), "value": 300})
    drain()
    drain(now=timezone.now() + timedelta(seconds=30))
    sr = _sr(rid)
    assert (sr.status, sr.attempts) == ("completed", 1)  # first response corrupt, retry answered from the device
    state = EmulatedDevice.objects.get(device_id=live.esme.device_id).state
    assert state["prepay"]["balance"] == 300  # credited once, not twice
    fault_inject(actor=staff, device_id=live.esme.device_id, kind="slow", seconds=20)
    _, rid = send(ssi_user, IS_ID, live.esme, "4.1.1")
    drain()
    assert _sr(rid).status == "sending"
    drain(now=timezone.now() + timedelta(seconds=25))
    assert _sr(rid).status == "completed"


def test_injected_tamper_alert_disables_supply_and_reaches_the_supplier(live, ssi_user, supplier_party):
    fault_inject(actor=dcc_person(), device_id=live.esme.device_id, kind="device_alert", alert_code="0x8F3F")
    alert = AlertRecord.objects.get(code="0x8F3F")
    assert alert.recipients == [f"{supplier_party.code}/EIS"]
    assert OutboxMessage.objects.filter(party=supplier_party, kind="device_alert", code="0x8F3F").exists()
    assert EmulatedDevice.objects.get(device_id=live.esme.device_id).state["supply"]["state"] == "Disabled"


def test_power_outage_raises_ad1_after_three_minutes(live, supplier_party, other_party, network_party):
    fault_inject(actor=dcc_person(), device_id=live.chf.device_id, kind="power_outage")
    devices_tick()
    assert not AlertRecord.objects.filter(code="AD1").exists()
    devices_tick(now=timezone.now() + timedelta(minutes=4))
    alert = AlertRecord.objects.get(code="AD1")
    assert set(alert.recipients) == {
        f"{supplier_party.code}/EIS",
        f"{other_party.code}/GIS",
        f"{network_party.code}/ENO",
    }
    devices_tick(now=timezone.now() + timedelta(minutes=5))
    assert AlertRecord.objects.filter(code="AD1").count() == 1  # once per outage


def test_drained_gas_battery_disables_and_makes_the_meter_unreachable(live, gas_user, send, other_party):
    fault_inject(actor=dcc_person(), device_id=live.gsme.device_id, kind="drain_battery")
    assert AlertRecord.objects.filter(code="0x8F1D", recipients=[f"{other_party.code}/GIS"]).exists()
    _, rid = send(gas_user, GS_ID, live.gsme, "3.1", {"message": "hello"})
    for _ in range(4):
        drain(now=timezone.now() + timedelta(seconds=60))
    assert (_sr(rid).status, _sr(rid).response_code) == ("failed", "E21")


def test_sleepy_gas_meter_executes_at_its_next_wake(live, gas_user, send, settings):
    settings.DEVICES_GSME_WAKE_INTERVAL_SECONDS = 600
    row = EmulatedDevice.objects.get(device_id=live.gsme.device_id)
    row.wake_interval_seconds = 600
    row.save()
    _, rid = send(gas_user, GS_ID, live.gsme, "3.1", {"message": "wake up"})
    drain()
    sr = _sr(rid)
    assert sr.status == "sending"
    assert sr.due_at > timezone.now()
    drain(now=sr.due_at + timedelta(seconds=1))
    assert _sr(rid).status == "completed"


def test_future_dated_request_waits_then_rechecks_eligibility(live, ssi_user, send):
    later = timezone.now() + timedelta(hours=2)
    _, rid = send(ssi_user, IS_ID, live.esme, "3.1", {"message": "later"}, execute_at=later.isoformat())
    drain()
    assert _sr(rid).status == "scheduled"
    drain(now=later - timedelta(minutes=1))
    assert _sr(rid).status == "scheduled"
    drain(now=later + timedelta(seconds=1))
    assert _sr(rid).status == "completed"


def test_schedules_create_run_read_and_delete(live, ssi_user, send):
    start = timezone.now() + timedelta(minutes=10)
    _, rid = send(
        ssi_user,
        IS_ID,
        live.esme,
        "5.1",
        {"srv": "4.8.1", "period_seconds": 3600, "start_at": start.isoformat()},
        command_variant=8,
    )
    drain()
    schedule_id = _sr(rid).responses.get().body["data"]["DSPScheduleID"]
    devices_tick(now=start + timedelta(seconds=1))
    drain(now=start + timedelta(seconds=2))
    run = ServiceRequest.objects.get(schedule__schedule_id=schedule_id)
    assert (run.status, run.transport, run.mode) == ("completed", "schedule", "dcc_scheduled")
    assert run.responses.get().body["format"] == "DSPScheduledMessage"
    _, unknown = send(ssi_user, IS_ID, live.esme, "5.3", {"schedule_id": "S99999999"}, command_variant=8)
    _, delete = send(ssi_user, IS_ID, live.esme, "5.3", {"schedule_id": schedule_id}, command_variant=8)
    drain()
    assert _sr(unknown).response_code == "E050301"
    assert _sr(delete).status == "completed"
    _, none_left = send(ssi_user, IS_ID, live.esme, "5.2", command_variant=8)
    drain()
    assert _sr(none_left).response_code == "W050301"


def test_change_of_tenancy_purges_other_users_items(live, ssi_user, send, other_user_party, make_person):
    from portal.choices import PortalRole

    from .conftest import OU_ID

    ou = make_person(other_user_party, PortalRole.SSI_USER)
    _daily_profile_schedule(send, ou, OU_ID, live.esme)
    _, held = send(ou, OU_ID, live.esme, "4.8.1", execute_at=(timezone.now() + timedelta(hours=3)).isoformat())
    drain()
    assert _sr(held).status == "scheduled"
    _, cot = send(ssi_user, IS_ID, live.esme, "3.2")
    drain()
    assert _sr(cot).status == "completed"
    assert Schedule.objects.get().status == "deleted"
    assert (_sr(held).status, _sr(held).response_code) == ("cancelled", "E31")
    assert set(AlertRecord.objects.filter(code__in=["N3", "N4"]).values_list("code", flat=True)) == {"N3", "N4"}


def test_decommission_alerts_and_cancels_schedules(live, ssi_user, send, network_party):
    _daily_profile_schedule(send, ssi_user, IS_ID, live.esme)
    drain()
    send(ssi_user, IS_ID, live.esme, "8.3", command_variant=8)
    drain()
    assert Device.objects.get(pk=live.esme.pk).smi_status == "decommissioned"
    assert AlertRecord.objects.get(code="N1").recipients == [f"{network_party.code}/ENO"]
    assert AlertRecord.objects.filter(code="N6").exists()
    assert Schedule.objects.get().status == "deleted"
    _, after = send(ssi_user, IS_ID, live.esme, "4.1.1")
    drain()
    assert _sr(after).response_code in ("E5", "E4")  # no longer communicable / nobody responsible


def test_gas_supply_disables_then_arms_remotely(live, gas_user, send, critical):
    rid = critical(gas_user, GS_ID, live.gsme, "7.2")
    assert _sr(rid).status == "completed"
    rid = critical(gas_user, GS_ID, live.gsme, "7.3")
    state = EmulatedDevice.objects.get(device_id=live.gsme.device_id).state["supply"]
    assert (state["state"], state["locked"]) == ("Armed", False)


def test_archive_moves_old_requests_and_keeps_them_retrievable(live, ssi_user, send, api_client_for):
    _, rid = send(ssi_user, IS_ID, live.esme, "4.1.1")
    drain()
    ServiceRequest.objects.filter(request_id=rid).update(received_at=timezone.now() - timedelta(days=100))
    result = service_requests_archive()
    assert result["archived"] >= 1
    assert not ServiceRequest.objects.filter(request_id=rid).exists()
    archived = ServiceRequestArchive.objects.get(request_id=rid)
    assert archived.purge_after > timezone.now() + timedelta(days=365 * 6)
    response = api_client_for(ssi_user).get(f"/api/v1/service-requests/archive/{rid}/")
    assert response.status_code == 200
    assert response.json()["responses"][0]["code"] == "I0"


def test_a_parked_dependant_is_woken_by_the_tick(live, ssi_user, send):
    _, first = send(ssi_user, IS_ID, live.esme, "4.1.1")
    _, second = send(ssi_user, IS_ID, live.esme, "3.1", {"message": "after"}, depends_on=first)
    drain()
    # Simulate the lost wake-up: the dependant is parked although its dependency has finished.
    ServiceRequest.objects.filter(request_id=second).update(due_at=None, status="queued")
    assert devices_tick()["dependants_woken"] == 1
    drain()
    assert _sr(second).status == "completed"


def test_suspension_removes_schedules_and_held_requests_with_n40_n41(live, ssi_user, send):
    from inventory.choices import Trigger
    from inventory.transitions import transition

    _daily_profile_schedule(send, ssi_user, IS_ID, live.esme)
    _, held = send(
        ssi_user,
        IS_ID,
        live.esme,
        "3.1",
        {"message": "later"},
        execute_at=(timezone.now() + timedelta(hours=2)).isoformat(),
    )
    drain()
    transition(
        device=Device.objects.get(pk=live.esme.pk),
        to="suspended",
        actor=None,
        reason="model removed",
        trigger=Trigger.CPL_REMOVED,
    )
    assert Schedule.objects.get().status == "deleted"
    assert (_sr(held).status, _sr(held).response_code) == ("cancelled", "E31")
    assert set(AlertRecord.objects.filter(code__in=["N40", "N41"]).values_list("code", flat=True)) == {"N40", "N41"}
