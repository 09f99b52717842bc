"""The only place an SMI Status changes: the transition table of inventory-install-decommission.md §2.3.

Each :class:`Rule` is one row of that table (the row number is kept on every ``StatusChange``).
Rows 1-5 (entering and leaving the SMI) are not status moves and live in ``services``, which
record their history through :func:`record_entry`. A move is a compare-and-set on the status we
read, so two concurrent moves of one Device cannot both succeed.

Where the table says a Communications Hub moves "as a pair" (rows 11, 13, 24) the GPF follows
its CHF here, with trigger ``HUB_PAIR`` and the same row number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cpl.choices import CPLStatus
from portal.exceptions import InvalidTransition
from portal.models import User
from portal.principals import Actor
from portal.services import audit

from .choices import HUB_TYPES, SMART_METER_TYPES, TYPE1_TYPES, DeviceType, SMIStatus, Trigger
from .models import Device, DeviceAccess, StatusChange

S = SMIStatus
SM_T1 = SMART_METER_TYPES | TYPE1_TYPES
CHF = frozenset({DeviceType.CHF})
GPF = frozenset({DeviceType.GPF})
# Restore rows (20, 23) go back to a remembered status rather than a fixed one.
PRIOR = "__prior__"


@dataclass(frozen=True)
class Rule:
    row: int
    sources: frozenset[str]
    to: str
    trigger: str
    types: frozenset[str]
    note: str = ""


def _r(row, sources, to, trigger, types, note=""):
    return Rule(row, frozenset(sources), to, trigger, frozenset(types), note)


RULES: tuple[Rule, ...] = (
    # Row 6 (AC 4.3(c)): CCS01 Response to SR 8.11 Add whitelists Meters and Type 1 Devices.
    _r(6, [S.PENDING], S.WHITELISTED, Trigger.CCS01_RESPONSE, SM_T1),
    # Row 7 (AC 4.4): second CS14 within the join timeout; never applied to a Commissioned Device.
    _r(7, [S.WHITELISTED], S.INSTALLED_NOT_COMMISSIONED, Trigger.CS14_SECOND, SM_T1),
    # Row 8 (DUIS 8.11 Remove): CCS02 Response reverts Whitelisted to Pending.
    _r(8, [S.WHITELISTED], S.PENDING, Trigger.CCS02_RESPONSE, SM_T1),
    # Row 9 (SR 8.4 Update SMI Status): Responsible Supplier returns a Whitelisted Device to Pending.
    _r(9, [S.WHITELISTED], S.PENDING, Trigger.SR_8_4_STATUS, SM_T1),
    # Row 10 (SR 8.4, Install and Leave): Pending -> Installed not Commissioned for Meters / Type 1.
    _r(10, [S.PENDING], S.INSTALLED_NOT_COMMISSIONED, Trigger.SR_8_4_STATUS, SM_T1),
    # Row 11 (SR 8.4 on the CHF Device ID): CHF and its GPF Pending -> Installed not Commissioned.
    _r(11, [S.PENDING], S.INSTALLED_NOT_COMMISSIONED, Trigger.SR_8_4_STATUS, CHF),
    # Row 12 (SR 8.4 on the CHF): INC -> Commissioned, "GPF no status transition".
    _r(12, [S.INSTALLED_NOT_COMMISSIONED], S.COMMISSIONED, Trigger.SR_8_4_STATUS, CHF),
    # Row 13 (SR 8.4 on the CHF): Pending -> Commissioned; the GPF goes Pending -> INC.
    _r(13, [S.PENDING], S.COMMISSIONED, Trigger.SR_8_4_STATUS, CHF),
    # Row 14 (AC 4.2): validated WAN communication from a Pending / INC CHF commissions it.
    _r(14, [S.PENDING, S.INSTALLED_NOT_COMMISSIONED], S.COMMISSIONED, Trigger.CHF_WAN, CHF),
    # Row 15 (SR 8.1.1, AC 4.12): Set Clock Response commissions a Meter.
    _r(
        15,
        [S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED],
        S.COMMISSIONED,
        Trigger.SR_8_1_1,
        SMART_METER_TYPES,
    ),
    # Row 16 (AC 4.7, 4.9, 4.10): Join copies the partner's status to a Type 1 Device or GPF.
    _r(
        16,
        [S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED],
        S.COMMISSIONED,
        Trigger.JOIN,
        TYPE1_TYPES | GPF,
        "partner Commissioned",
    ),
    _r(
        16,
        [S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED],
        S.INSTALLED_NOT_COMMISSIONED,
        Trigger.JOIN,
        TYPE1_TYPES | GPF,
        "partner Installed not Commissioned",
    ),
    # Row 17 (Install and Leave 7.2.2.6.8, Table 2): SR 8.4 commissions the GPF; see D-INV-02.
    _r(17, [S.INSTALLED_NOT_COMMISSIONED], S.COMMISSIONED, Trigger.SR_8_4_STATUS, GPF),
    # Row 18 (SR 8.4 on the CHF, the CH "Service Opt Out"): Commissioned -> Withdrawn.
    _r(18, [S.COMMISSIONED], S.WITHDRAWN, Trigger.SR_8_4_STATUS, CHF),
    # Row 19 (7.1.2.4.3, H6.11): a Device Model marked removed suspends its Devices; see D-INV-03.
    _r(
        19,
        [S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, S.RECOVERY, S.RECOVERED],
        S.SUSPENDED,
        Trigger.CPL_REMOVED,
        SM_T1 | HUB_TYPES,
    ),
    # Row 20 (AC 7.3, 7.1.2.4.4): model current again, or firmware moves it to a listed model.
    _r(20, [S.SUSPENDED], PRIOR, Trigger.CPL_CURRENT, SM_T1 | HUB_TYPES),
    _r(20, [S.SUSPENDED], PRIOR, Trigger.FIRMWARE_ACTIVATED, SM_T1 | HUB_TYPES),
    # Row 21 (SMKI Recovery 7.7.3.4): DCC learns of a compromise; PPMID is not listed by the table.
    _r(
        21,
        [S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED],
        S.RECOVERY,
        Trigger.RECOVERY_STARTED,
        SMART_METER_TYPES | {DeviceType.HCALCS} | HUB_TYPES,
    ),
    # Row 22: DCC replaced the affected Organisation Certificates (N44/N45 follow).
    _r(22, [S.RECOVERY], S.RECOVERED, Trigger.RECOVERY_COMPLETED, SMART_METER_TYPES | {DeviceType.HCALCS} | HUB_TYPES),
    # Row 23 (App L 4.2.2): Supplier replaced the DCC ACB credentials, or the PMA decided.
    _r(
        23,
        [S.RECOVERED, S.RECOVERY],
        PRIOR,
        Trigger.RECOVERY_RESTORED,
        SMART_METER_TYPES | {DeviceType.HCALCS} | HUB_TYPES,
    ),
    # Row 24 (SR 8.3, H6.4): any status but Decommissioned, Pending, Withdrawn; includes Recovery.
    _r(
        24,
        [S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, S.SUSPENDED, S.RECOVERY, S.RECOVERED],
        S.DECOMMISSIONED,
        Trigger.SR_8_3,
        SM_T1 | CHF,
    ),
    # Row 25 (H6.6): CHF decommissioned and not replaced within a reasonable period.
    _r(25, [S.COMMISSIONED], S.DECOMMISSIONED, Trigger.CHF_NOT_REPLACED, SM_T1),
    # Row 26 (DUIS 3.8.101.5): re-use of a decommissioned Device by SR 12.2, never by 8.4.
    _r(26, [S.DECOMMISSIONED], S.PENDING, Trigger.SR_12_2, SM_T1),
    # Row 27 (AC 7.1): Responsible Supplier returns a Device to Pending if its model is on the CPL.
    _r(27, [S.DECOMMISSIONED, S.WHITELISTED, S.WITHDRAWN], S.PENDING, Trigger.RETURN_TO_PENDING, SM_T1 | HUB_TYPES),
)

# The GPF follows its CHF on these rows: (row) -> (GPF sources, GPF target).
_HUB_PAIR_FOLLOW: dict[int, tuple[frozenset[str], str]] = {
    11: (frozenset({S.PENDING}), S.INSTALLED_NOT_COMMISSIONED),
    13: (frozenset({S.PENDING}), S.INSTALLED_NOT_COMMISSIONED),
    # H6.4(c) / DUIS 3.8.92.5: decommissioning a CHF also decommissions its GPF, whatever its status.
    24: (frozenset(set(S.values) - {S.DECOMMISSIONED}), S.DECOMMISSIONED),
}


@dataclass(frozen=True)
class TransitionRecord:
    """What a listener hears about each status change."""

    device_pk: int
    device_id: str
    device_type: str
    from_status: str
    to_status: str
    trigger: str


TransitionListener = Callable[..., None]
_listeners: list[TransitionListener] = []


def register_transition_listener(listener: TransitionListener) -> None:
    """Register ``listener(*, changes: list[TransitionRecord], actor)``; called inside the transaction.

    The devices app uses it to cancel schedules on suspension and decommission (N6, N40, N41).
    """
    if listener not in _listeners:
        _listeners.append(listener)


def notify_listeners(changes: list[TransitionRecord], actor: User | None) -> None:
    if changes:
        for listener in list(_listeners):
            listener(changes=changes, actor=actor)


def allowed_targets(device: Device, trigger: str | None = None) -> list[tuple[str, str, int]]:
    """(target, trigger, row) moves the table allows from the Device's current status."""
    found = []
    for rule in RULES:
        applies = device.device_type in rule.types and device.smi_status in rule.sources
        if applies and (trigger is None or rule.trigger == trigger):
            target = _prior_for(device, rule) if rule.to == PRIOR else rule.to
            if target:
                found.append((target, rule.trigger, rule.row))
    return found


def _prior_for(device: Device, rule: Rule) -> str:
    return device.status_before_suspension if rule.row == 20 else device.status_before_recovery


def find_rule(*, device: Device, to: str, trigger: str) -> Rule:
    """The table row allowing this move, or ``InvalidTransition`` explaining why not."""
    if device.smi_status is None:
        raise InvalidTransition(
            f"{device.get_device_type_display()}s have no SMI Status (App AC 2.9).",
            code="inventory.no_smi_status",
            extra={"device_id": device.device_id},
        )
    for rule in RULES:
        if rule.trigger != trigger or device.device_type not in rule.types or device.smi_status not in rule.sources:
            continue
        target = _prior_for(device, rule) if rule.to == PRIOR else rule.to
        if target == to:
            return rule
    current = device.get_smi_status_display()
    label = SMIStatus(to).label if to in SMIStatus.values else to
    raise InvalidTransition(
        f"A {device.device_type} cannot go from {current} to {label} by {Trigger(trigger).label}.",
        code="inventory.transition_forbidden",
        extra={"device_id": device.device_id, "from": device.smi_status, "to": to, "trigger": trigger},
    )


def _check_cpl(device: Device, to: str) -> None:
    # AC 7.1 / 7.1.1.6.2: returning to (or entering) Pending needs a model that is 'current'.
    if to == S.PENDING and device.device_model is not None and device.device_model.status != CPLStatus.CURRENT:
        raise InvalidTransition(
            "Its Device Model is not current on the CPL, so it cannot return to Pending.",
            code="inventory.model_not_current",
            extra={"device_id": device.device_id},
        )


def _field_updates(device: Device, to: str, rule: Rule, now) -> dict:
    updates: dict = {"smi_status": to, "status_changed_at": now, "updated_at": now}
    if to == S.SUSPENDED:
        updates["status_before_suspension"] = device.smi_status  # AC 7.3: remember it to restore it
    elif rule.row == 20:
        updates["status_before_suspension"] = ""
    if to == S.RECOVERY:
        updates["status_before_recovery"] = device.smi_status
    elif rule.row == 23:
        updates["status_before_recovery"] = ""
    if to == S.PENDING:
        updates["pending_since"] = now
    if to == S.COMMISSIONED and device.commissioned_at is None:
        updates["commissioned_at"] = now
    return updates


def _apply(*, device, to, rule, trigger, actor: User | None, actor_party, reason, now) -> TransitionRecord:
    current = device.smi_status
    updates = _field_updates(device, to, rule, now)
    changed = Device.objects.filter(pk=device.pk, smi_status=current).update(**updates)
    if not changed:
        raise InvalidTransition(
            "The Device changed while this was being done; reload and try again.",
            code="inventory.concurrent_change",
            extra={"device_id": device.device_id},
        )
    for name, value in updates.items():
        setattr(device, name, value)
    DeviceAccess.objects.filter(device_id=device.pk).update(smi_status=to)
    person = actor if getattr(actor, "pk", None) else None
    StatusChange.objects.create(
        device=device,
        from_status=current,
        to_status=to,
        trigger=trigger,
        rule=rule.row,
        reason=reason[:300],
        actor=person,
        actor_party=actor_party or (person.party if person else None),
        occurred_at=now,
    )
    audit.record(
        action="inventory.status_changed",
        actor=person,
        target=device,
        party=actor_party or (person.party if person else None),
        before={"smi_status": current},
        after={"smi_status": to, "trigger": trigger, "rule": rule.row, "reason": reason[:300]},
    )
    return TransitionRecord(device.pk, device.device_id, device.device_type, current, to, trigger)


def transition(*, device: Device, to: str, actor: User | None, reason: str, trigger: str, actor_party=None) -> Device:
    """Move ``device`` to SMI Status ``to`` because of ``trigger``, if the table allows it.

    ``actor`` is the person (or None for the DCC's own processing); ``actor_party`` the User on
    whose behalf (defaults to the person's Party). Writes a ``StatusChange`` and an audit event
    (``inventory.status_changed``) in the same transaction, moves the GPF with its CHF where
    the table says so, and tells registered listeners. Raises ``InvalidTransition``
    (``inventory.transition_forbidden``, ``inventory.no_smi_status``, ``inventory.model_not_current``,
    ``inventory.concurrent_change``).
    """
    rule = find_rule(device=device, to=to, trigger=trigger)
    _check_cpl(device, to)
    now = timezone.now()
    with transaction.atomic():
        records = [
            _apply(
                device=device,
                to=to,
                rule=rule,
                trigger=trigger,
                actor=actor,
                actor_party=actor_party,
                reason=reason,
                now=now,
            )
        ]
        follow = _HUB_PAIR_FOLLOW.get(rule.row) if device.device_type == DeviceType.CHF else None
        if follow:
            sources, target = follow
            for gpf in Device.objects.filter(hub=device, device_type=DeviceType.GPF, smi_status__in=sources):
                records.append(
                    _apply(
                        device=gpf,
                        to=target,
                        rule=rule,
                        trigger=Trigger.HUB_PAIR,
                        actor=actor,
                        actor_party=actor_party,
                        reason=f"Follows CHF {device.device_id}",
                        now=now,
                    )
                )
        notify_listeners(records, actor)
    return device


def record_entry(
    *, device: Device, rule: int, trigger: str, actor: Actor, reason: str = "", actor_party=None, now=None
) -> StatusChange:
    """History row for a Device entering the SMI (rows 1-3); used by the creating services."""
    person = actor if isinstance(actor, User) and actor.pk else None  # a DUIS sender is no person
    return StatusChange.objects.create(
        device=device,
        from_status="",
        to_status=device.smi_status or "",
        trigger=trigger,
        rule=rule,
        reason=reason[:300],
        actor=person,
        actor_party=actor_party or (person.party if person else None),
        occurred_at=now or timezone.now(),
    )
