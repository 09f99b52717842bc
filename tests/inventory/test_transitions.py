"""The SMI Status transition table (inventory-install-decommission.md §2.3), row by row.

EXPECTED is written out independently of ``inventory.transitions.RULES``: every allowed move
is tested to succeed, and every other (status, type, trigger, target) combination to fail.
"""

import itertools

import pytest

from inventory.choices import DeviceType, SMIStatus, Trigger
from inventory.models import Device, StatusChange
from inventory.transitions import transition
from portal.exceptions import InvalidTransition
from portal.models import AuditEvent
from tests.factories.inventory import DeviceFactory

S, T, D = SMIStatus, Trigger, DeviceType
SM = [D.ESME, D.GSME]
T1 = [D.PPMID, D.HCALCS]
REC = [D.ESME, D.GSME, D.HCALCS, D.GPF, D.CHF]
PRIOR_SUSPENSION = S.COMMISSIONED  # the status remembered in the restore cases
PRIOR_RECOVERY = S.INSTALLED_NOT_COMMISSIONED

# (row, from, to, trigger, device types)
EXPECTED = [
    (6, S.PENDING, S.WHITELISTED, T.CCS01_RESPONSE, SM + T1),
    (7, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, T.CS14_SECOND, SM + T1),
    (8, S.WHITELISTED, S.PENDING, T.CCS02_RESPONSE, SM + T1),
    (9, S.WHITELISTED, S.PENDING, T.SR_8_4_STATUS, SM + T1),
    (10, S.PENDING, S.INSTALLED_NOT_COMMISSIONED, T.SR_8_4_STATUS, SM + T1 + [D.CHF]),
    (12, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, T.SR_8_4_STATUS, [D.CHF, D.GPF]),
    (13, S.PENDING, S.COMMISSIONED, T.SR_8_4_STATUS, [D.CHF]),
    (14, S.PENDING, S.COMMISSIONED, T.CHF_WAN, [D.CHF]),
    (14, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, T.CHF_WAN, [D.CHF]),
    (15, S.PENDING, S.COMMISSIONED, T.SR_8_1_1, SM),
    (15, S.WHITELISTED, S.COMMISSIONED, T.SR_8_1_1, SM),
    (15, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, T.SR_8_1_1, SM),
    *[
        (16, f, to, T.JOIN, [*T1, D.GPF])
        for f in (S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED)
        for to in (S.COMMISSIONED, S.INSTALLED_NOT_COMMISSIONED)
        if f != to
    ],
    (18, S.COMMISSIONED, S.WITHDRAWN, T.SR_8_4_STATUS, [D.CHF]),
    *[
        (19, f, S.SUSPENDED, T.CPL_REMOVED, SM + T1 + [D.CHF, D.GPF])
        for f in (S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, S.RECOVERY, S.RECOVERED)
    ],
    (20, S.SUSPENDED, PRIOR_SUSPENSION, T.CPL_CURRENT, SM + T1 + [D.CHF, D.GPF]),
    (20, S.SUSPENDED, PRIOR_SUSPENSION, T.FIRMWARE_ACTIVATED, SM + T1 + [D.CHF, D.GPF]),
    *[
        (21, f, S.RECOVERY, T.RECOVERY_STARTED, REC)
        for f in (S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED)
    ],
    (22, S.RECOVERY, S.RECOVERED, T.RECOVERY_COMPLETED, REC),
    (23, S.RECOVERED, PRIOR_RECOVERY, T.RECOVERY_RESTORED, REC),
    (23, S.RECOVERY, PRIOR_RECOVERY, T.RECOVERY_RESTORED, REC),
    *[
        (24, f, S.DECOMMISSIONED, T.SR_8_3, SM + T1 + [D.CHF])
        for f in (S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, S.SUSPENDED, S.RECOVERY, S.RECOVERED)
    ],
    (25, S.COMMISSIONED, S.DECOMMISSIONED, T.CHF_NOT_REPLACED, SM + T1),
    (26, S.DECOMMISSIONED, S.PENDING, T.SR_12_2, SM + T1),
    *[
        (27, f, S.PENDING, T.RETURN_TO_PENDING, SM + T1 + [D.CHF, D.GPF])
        for f in (S.DECOMMISSIONED, S.WHITELISTED, S.WITHDRAWN)
    ],
]
# Rows 10 (SM/T1) and 11 (CHF) share from/to/trigger; row 12 for the GPF is the table's row 17.
ALLOWED = {(f, to, trig, dtype) for _, f, to, trig, types in EXPECTED for dtype in types}


def _device(dtype, status):
    trait = {D.GSME: "gas", D.CHF: "chf", D.GPF: "gpf", D.PPMID: "ppmid", D.HCALCS: "hcalcs"}.get(dtype)
    extra = {trait: True} if trait else {}
    return DeviceFactory(
        smi_status=status,
        status_before_suspension=PRIOR_SUSPENSION if status == S.SUSPENDED else "",
        status_before_recovery=PRIOR_RECOVERY if status in (S.RECOVERY, S.RECOVERED) else "",
        **extra,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "from_status", "to", "trigger", "dtype"),
    [(r, f, to, trig, d) for r, f, to, trig, types in EXPECTED for d in types],
)
def test_allowed_move(row, from_status, to, trigger, dtype):
    device = _device(dtype, from_status)
    transition(device=device, to=to, actor=None, reason=f"row {row}", trigger=trigger)
    device.refresh_from_db()
    assert device.smi_status == to
    change = StatusChange.objects.get(device=device)
    assert (change.from_status, change.to_status, change.trigger) == (from_status, to, trigger)
    assert AuditEvent.objects.filter(action="inventory.status_changed", target_id=str(device.pk)).count() == 1
    if to == S.SUSPENDED:
        assert device.status_before_suspension == from_status
    if to == S.RECOVERY:
        assert device.status_before_recovery == from_status
    if trigger in (T.CPL_CURRENT, T.FIRMWARE_ACTIVATED):
        assert device.status_before_suspension == ""


FORBIDDEN = [
    (f, to, trig, d)
    for f, to, trig, d in itertools.product(
        S.values,
        S.values,
        [T.CCS01_RESPONSE, T.SR_8_4_STATUS, T.SR_8_3, T.JOIN, T.CPL_REMOVED, T.SR_12_2, T.CHF_WAN],
        [D.ESME, D.PPMID, D.CHF, D.GPF],
    )
    if (f, to, trig, d) not in ALLOWED and f != to
]


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to", "trigger", "dtype"), FORBIDDEN[::7])
def test_forbidden_move_changes_nothing(from_status, to, trigger, dtype):
    device = _device(dtype, from_status)
    with pytest.raises(InvalidTransition) as err:
        transition(device=device, to=to, actor=None, reason="x", trigger=trigger)
    assert err.value.code == "inventory.transition_forbidden"
    device.refresh_from_db()
    assert device.smi_status == from_status
    assert not StatusChange.objects.filter(device=device).exists()


@pytest.mark.django_db
def test_every_forbidden_combination_is_refused_without_touching_the_database():
    """The sampled test above writes rows; this one checks the whole product against the table."""
    from inventory.transitions import find_rule

    refused = 0
    for f, to, trig, d in FORBIDDEN:
        device = Device(
            device_id="00-DB-12-00-00-00-00-01",
            device_type=d,
            smi_status=f,
            status_before_suspension=PRIOR_SUSPENSION,
            status_before_recovery=PRIOR_RECOVERY,
        )
        with pytest.raises(InvalidTransition):
            find_rule(device=device, to=to, trigger=trig)
        refused += 1
    assert refused == len(FORBIDDEN) > 500


@pytest.mark.django_db
def test_type2_devices_have_no_status_to_change():
    ihd = DeviceFactory(ihd=True)
    with pytest.raises(InvalidTransition) as err:
        transition(device=ihd, to=S.WHITELISTED, actor=None, reason="x", trigger=T.CCS01_RESPONSE)
    assert err.value.code == "inventory.no_smi_status"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("to", "gpf_before", "gpf_after"),
    [
        (S.INSTALLED_NOT_COMMISSIONED, S.PENDING, S.INSTALLED_NOT_COMMISSIONED),  # row 11
        (S.COMMISSIONED, S.PENDING, S.INSTALLED_NOT_COMMISSIONED),  # row 13
    ],
)
def test_gpf_follows_its_chf(to, gpf_before, gpf_after):
    chf = _device(D.CHF, S.PENDING)
    gpf = DeviceFactory(gpf=True, smi_status=gpf_before, hub=chf, device_model=chf.device_model)
    transition(device=chf, to=to, actor=None, reason="8.4", trigger=T.SR_8_4_STATUS)
    gpf.refresh_from_db()
    assert gpf.smi_status == gpf_after
    assert gpf.status_changes.get().trigger == T.HUB_PAIR


@pytest.mark.django_db
def test_chf_decommission_decommissions_gpf_and_row_12_leaves_gpf_alone():
    chf = _device(D.CHF, S.INSTALLED_NOT_COMMISSIONED)
    gpf = DeviceFactory(gpf=True, smi_status=S.INSTALLED_NOT_COMMISSIONED, hub=chf, device_model=chf.device_model)
    transition(device=chf, to=S.COMMISSIONED, actor=None, reason="8.4", trigger=T.SR_8_4_STATUS)
    gpf.refresh_from_db()
    assert gpf.smi_status == S.INSTALLED_NOT_COMMISSIONED  # "GPF no status transition"
    transition(device=chf, to=S.DECOMMISSIONED, actor=None, reason="8.3", trigger=T.SR_8_3)
    gpf.refresh_from_db()
    assert gpf.smi_status == S.DECOMMISSIONED


@pytest.mark.django_db
def test_return_to_pending_needs_a_current_model():
    device = _device(D.ESME, S.DECOMMISSIONED)
    device.device_model.status = "removed"
    device.device_model.save()
    with pytest.raises(InvalidTransition) as err:
        transition(device=device, to=S.PENDING, actor=None, reason="x", trigger=T.RETURN_TO_PENDING)
    assert err.value.code == "inventory.model_not_current"
    device.refresh_from_db()
    assert device.smi_status == S.DECOMMISSIONED


@pytest.mark.django_db
def test_concurrent_change_is_detected():
    device = _device(D.ESME, S.PENDING)
    stale = Device.objects.get(pk=device.pk)
    transition(device=device, to=S.WHITELISTED, actor=None, reason="x", trigger=T.CCS01_RESPONSE)
    with pytest.raises(InvalidTransition) as err:
        transition(device=stale, to=S.INSTALLED_NOT_COMMISSIONED, actor=None, reason="x", trigger=T.SR_8_4_STATUS)
    assert err.value.code == "inventory.concurrent_change"
