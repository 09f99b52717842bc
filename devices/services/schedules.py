"""DCC Schedules (SR 5.1-5.3, BAD 7.8.3) and the DCC's cancellation of held requests and schedules."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.bulk import bulk_set
from portal.models import User
from portal.services.outbox import Recipient

from ..catalogue_cache import current_variants
from ..choices import ScheduleStatus, SRMode, SRStatus, Transport
from ..constants import MAX_SCHEDULES_PER_USER_DEVICE
from ..models import Schedule, ServiceRequest
from ..transitions import ScheduleTrigger, SRTrigger, schedule_move, schedules_delete, sr_move
from .alerts import dcc_alert
from .dispatch import kick
from .outcomes import SR_UPDATE_FIELDS, Writes, fail, respond


class ScheduleError(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


def _next_schedule_id() -> str:
    last = Schedule.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return f"S{last + 1:08d}"


def schedule_create(*, sr: ServiceRequest) -> Schedule:
    """SR 5.1 (BAD 7.8.3): only Non-Critical, schedulable SRVs; start after receipt (SEC H3.12); at most
    99 per User per Device (DUIS 2.6.2.2)."""
    body = sr.body
    variant = current_variants().get(body["srv"])
    if variant is None or not variant.is_schedulable:
        raise ScheduleError("E13", f"SRV {body['srv']} cannot be DCC scheduled.")
    if sr.user_role not in variant.eligible_roles:
        raise ScheduleError("E2", f"User Role {sr.user_role} may not send SRV {variant.srv}.")
    start = datetime.fromisoformat(body["start_at"])
    if start <= sr.received_at:
        raise ScheduleError("E13", "The schedule must start after the DCC receives the request (SEC H3.12).")
    end = datetime.fromisoformat(body["end_at"]) if body.get("end_at") else None
    if end and end <= start:
        raise ScheduleError("E13", "The schedule must end after it starts.")
    active = Schedule.objects.filter(
        party_id=sr.party_id, device_id=sr.target_device_id, status=ScheduleStatus.ACTIVE
    ).count()
    if active >= MAX_SCHEDULES_PER_USER_DEVICE:
        raise ScheduleError(
            "E13", f"At most {MAX_SCHEDULES_PER_USER_DEVICE} active schedules per Device (DUIS 2.6.2.2)."
        )
    from ..bodies import validate_body

    inner, errors = validate_body(variant.srv, body.get("body") or {})
    if errors:
        raise ScheduleError("E13", f"The scheduled request's body failed validation: {errors}")
    return Schedule.objects.create(
        schedule_id=_next_schedule_id(),
        party_id=sr.party_id,
        user_role=sr.user_role,
        originator_user_id=sr.originator_user_id,
        device_id=sr.target_device_id,
        variant=variant,
        body=inner,
        period_seconds=body["period_seconds"],
        start_at=start,
        end_at=end,
        next_run_at=start,
        created_by_request=sr,
    )


def schedules_for(*, sr: ServiceRequest) -> list[Schedule]:
    """The sender's active schedules: the one named by DSPScheduleID, else all of them on the Device."""
    qs = Schedule.objects.filter(party_id=sr.party_id, status=ScheduleStatus.ACTIVE)
    if sr.body.get("schedule_id"):
        # DUIS names a schedule by its ID alone (its RequestID targets the DCC, not the Device).
        qs = qs.filter(schedule_id=sr.body["schedule_id"])
    else:
        qs = qs.filter(device_id=sr.target_device_id)
    return list(qs.select_related("variant"))


def schedule_delete(*, sr: ServiceRequest) -> list[str]:
    """SR 5.3 (BAD 7.8.5.4.1): E050301 for an unknown/other User's schedule, W050301 when none exist on the Device."""
    wanted = sr.body.get("schedule_id")
    found = schedules_for(sr=sr)
    if wanted and not found:
        raise ScheduleError("E050301", "The DSPScheduleID does not exist or it is not yours.")
    if not found:
        raise ScheduleError("W050301", "You have no schedules on this Device.")
    schedules_delete(found, trigger=ScheduleTrigger.DELETE, reason=f"deleted by {sr.request_id}")
    return [s.schedule_id for s in found]


def schedules_run_due(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Compose the due runs of every active schedule as requests "as if" sent by its owner (App AB 16.1(d)(iv))."""
    now = now or timezone.now()
    created = 0
    with transaction.atomic():
        due = list(
            Schedule.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(status=ScheduleStatus.ACTIVE, next_run_at__lte=now)
            .select_related("variant")[:limit]
        )
        runs = []
        for schedule in due:
            run_at = schedule.next_run_at
            assert run_at is not None  # due: the filter asked for next_run_at <= now
            number = schedule.runs + 1
            run = ServiceRequest(
                request_id=f"{schedule.originator_user_id}:{schedule.device_id}:{schedule.schedule_id}-{number}",
                originator_user_id=schedule.originator_user_id,
                target_device_id=schedule.device_id,
                party_id=schedule.party_id,
                user_role=schedule.user_role,
                variant=schedule.variant,
                srv_code=schedule.variant.srv,
                command_variant=1,
                body=schedule.body,
                transport=Transport.SCHEDULE,
                mode=SRMode.SCHEDULED,
                execute_at=run_at,
                schedule=schedule,
                is_accepted=True,
                due_at=now,
                received_at=now,
                checked_at=now,
            )
            # App AB 16.1(d)(iv): composed "as if" received from the schedule's owner.
            sr_move(run, SRStatus.SCHEDULED, SRTrigger.SCHEDULE_RUN)
            runs.append(run)
            schedule.runs = number
            next_run = run_at + timedelta(seconds=schedule.period_seconds)
            while next_run <= now:  # missed runs while down are not replayed in bulk
                next_run += timedelta(seconds=schedule.period_seconds)
            schedule.next_run_at = next_run
            if schedule.end_at and next_run > schedule.end_at:
                schedule_move(schedule, ScheduleStatus.ENDED, ScheduleTrigger.END_DATE, reason="end date")
                schedule.next_run_at = None
        ServiceRequest.objects.bulk_create(runs, ignore_conflicts=True)
        bulk_set(Schedule, due, ["runs", "next_run_at", "status", "ended_reason"])
        created = len(runs)
    if created:
        kick(force=True)
    return created


def purge_for_devices(
    *, device_ids: list[str], reason: str, schedule_alert: str, request_alert: str, only_role: str | None = None
) -> tuple[int, int]:
    """Delete schedules and cancel held (not yet sent) future-dated requests, alerting each owner.

    CoT (N4/N3, Other Users only), decommission (N6/N33), suspension (N40/N41), withdrawal
    (N37/N36): App AB 14.1; BAD 7.5.2.5.1, 7.6.2. Runs in the caller's transaction.
    """
    schedules_qs = Schedule.objects.filter(device_id__in=device_ids, status=ScheduleStatus.ACTIVE).select_related(
        "party"
    )
    held_qs = (
        ServiceRequest.objects.select_for_update(no_key=True)
        .filter(
            target_device_id__in=device_ids,
            mode=SRMode.FUTURE_DATED,
            status__in=(SRStatus.QUEUED, SRStatus.SCHEDULED, SRStatus.AWAITING_SIGNATURE, SRStatus.QUARANTINED),
        )
        .filter(Q(sent_at__isnull=True))
        .select_related("party")
    )
    if only_role:
        schedules_qs, held_qs = schedules_qs.filter(user_role=only_role), held_qs.filter(user_role=only_role)
    schedules, held = list(schedules_qs), list(held_qs)
    for schedule in schedules:
        dcc_alert(
            code=schedule_alert,
            device_id=schedule.device_id,
            recipients=[Recipient(schedule.party, schedule.user_role)],
            payload={"schedule_id": schedule.schedule_id, "reason": reason},
            dedupe_key=f"{schedule_alert}:{schedule.schedule_id}",
        )
    schedules_delete(schedules, trigger=ScheduleTrigger.PURGE, reason=reason)
    writes = Writes()
    for sr in held:
        # App AB 14.1: a cancelled request is not processed further (E31, D-DUIS-02).
        cancelled = f"Cancelled by the DCC because of {reason}."
        fail(sr, writes, "E31", cancelled, status=SRStatus.CANCELLED, trigger=SRTrigger.CANCEL)
        dcc_alert(
            code=request_alert,
            device_id=sr.target_device_id,
            recipients=[Recipient(sr.party, sr.user_role)],
            service_request=sr,
            payload={"reason": reason},
            dedupe_key=f"{request_alert}:{sr.pk}",
        )
    bulk_set(ServiceRequest, held, SR_UPDATE_FIELDS)
    writes.flush()
    return len(schedules), len(held)


def future_dated_cancel(*, sr: ServiceRequest, writes: Writes) -> list[str]:
    """A cancellation request (execution date-time 3000-12-31, D-DUIS-13): the sender's held future-dated
    requests of the same SRV on the same Device end cancelled (E31), not yet sent, and the
    cancellation itself completes I0 naming them. Runs in the pipeline batch's transaction.
    """
    held = list(
        ServiceRequest.objects.select_for_update(no_key=True)
        .filter(
            party_id=sr.party_id,
            srv_code=sr.srv_code,
            target_device_id=sr.target_device_id,
            mode=SRMode.FUTURE_DATED,
            status__in=(SRStatus.SCHEDULED, SRStatus.AWAITING_SIGNATURE, SRStatus.QUARANTINED),
            sent_at__isnull=True,
        )
        .exclude(pk=sr.pk)
        .exclude(execute_at=sr.execute_at)
        .order_by("pk")
    )
    for other in held:
        fail(
            other,
            writes,
            "E31",
            f"Cancelled by the sender's cancellation request {sr.request_id}.",
            status=SRStatus.CANCELLED,
            trigger=SRTrigger.CANCEL,  # App AB 14.1: a cancelled request is not processed further
        )
    bulk_set(ServiceRequest, held, SR_UPDATE_FIELDS)
    cancelled = [other.request_id for other in held]
    respond(
        sr,
        writes,
        code="I0",
        data={"cancelled": cancelled},
        status=SRStatus.COMPLETED,
        trigger=SRTrigger.CANCELLATION,  # D-DUIS-13
    )
    return cancelled


def on_smi_transitions(*, changes, actor: User) -> None:
    """Inventory transition listener: the DCC's own deletions on suspension, decommission, withdrawal."""
    from ..smi import DeviceType, SMIStatus

    for change in changes:
        if change.to_status == SMIStatus.SUSPENDED:
            purge_for_devices(
                device_ids=[change.device_id], reason="device suspension", schedule_alert="N40", request_alert="N41"
            )
        elif change.to_status == SMIStatus.DECOMMISSIONED and change.device_type != DeviceType.CHF:
            # BAD 7.6.2 (steps 4-5 and 8): N6; N33 (N34 for the GPF of a decommissioned CHF).
            purge_for_devices(
                device_ids=[change.device_id],
                reason="device decommission",
                schedule_alert="N6",
                request_alert="N34" if change.device_type == DeviceType.GPF else "N33",
            )
        elif change.to_status == SMIStatus.WITHDRAWN and change.device_type == DeviceType.CHF:
            from inventory.models import Device

            members = [
                change.device_id,
                *Device.objects.filter(hub_id=change.device_pk).values_list("device_id", flat=True),
            ]
            purge_for_devices(
                device_ids=members, reason="Communications Hub withdrawal", schedule_alert="N37", request_alert="N36"
            )


__all__ = [
    "F",
    "ScheduleError",
    "future_dated_cancel",
    "on_smi_transitions",
    "purge_for_devices",
    "schedule_create",
    "schedule_delete",
    "schedules_for",
    "schedules_run_due",
]
