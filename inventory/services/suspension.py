"""CPL-driven suspension and restoration (§2.3 rows 19-20; 7.1.2.4.3-4; AC 7.3, 9.1, 9.2).

Marking a Device Model removed suspends every Device of it, remembering the status it had, and
raises N28 to the relevant Supplier and Network Operator; making it current again (or firmware
moving a Device to a listed model) restores that status and raises N29. Large populations run
as a ``portal.models.Job`` in batches, each batch one transaction (so a retried job resumes).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cpl.choices import CPLStatus
from cpl.models import DeviceModel
from portal.enqueue import enqueue_on_commit
from portal.models import Job, Party, User
from portal.services import audit
from portal.services.jobs import job_create, job_fail, job_progress, job_start, job_succeed
from portal.services.outbox import Recipient, alert_raise

from ..choices import SMIStatus, Trigger
from ..models import Device, DeviceAccess, StatusChange
from ..transitions import RULES, TransitionRecord, notify_listeners, transition

SUSPEND_JOB = "inventory.cpl_suspend"
RESTORE_JOB = "inventory.cpl_restore"
_SUSPENDABLE = next(r for r in RULES if r.row == 19).sources
_SUSPEND_TYPES = next(r for r in RULES if r.row == 19).types


def on_cpl_status_changed(*, device_model: DeviceModel, status: str, actor: User, reason: str) -> Job:
    """Listener registered with ``cpl.services``: start the suspension or restoration job on commit."""
    kind = SUSPEND_JOB if status == CPLStatus.REMOVED else RESTORE_JOB
    verb = "Suspend" if status == CPLStatus.REMOVED else "Restore"
    dcc = Party.objects.filter(is_dcc=True).first()
    person = actor if getattr(actor, "pk", None) else None
    job = job_create(
        actor=person,
        kind=kind,
        title=f"{verb} Devices of {device_model}"[:200],
        params={"device_model": device_model.pk, "reason": reason},
        party=dcc or (person.party if person is not None else None),
    )
    enqueue_on_commit("inventory.tasks.devices_apply_cpl_status", job_id=job.pk)
    return job


def _batch_query(device_model_id: int, suspend: bool):
    qs = Device.objects.filter(device_model_id=device_model_id)
    if suspend:
        return qs.filter(smi_status__in=_SUSPENDABLE, device_type__in=_SUSPEND_TYPES)
    return qs.filter(smi_status=SMIStatus.SUSPENDED)


def devices_apply_cpl_status(*, job: Job) -> Job:
    """Run a suspension/restoration job to the end (idempotent: re-running finds nothing left)."""
    if not job_start(job=job):
        return job
    model = DeviceModel.objects.get(pk=job.params["device_model"])
    suspend = job.kind == SUSPEND_JOB
    if suspend != (model.status == CPLStatus.REMOVED):
        # The model changed again before the job ran; the newer job does the work.
        return job_succeed(job=job, result={"devices": 0, "skipped": "CPL status changed again"})
    total = _batch_query(model.pk, suspend).count()
    job_progress(job=job, total=total, done=0)
    done = 0
    actor = job.created_by
    try:
        while True:
            count = _apply_batch(
                model=model, suspend=suspend, actor=actor, reason=job.params.get("reason", ""), job=job
            )
            if not count:
                break
            done += count
            job_progress(job=job, done=done)
    except Exception as exc:
        job_fail(job=job, error=f"Stopped after {done} Devices: {exc}", result={"devices": done})
        raise
    return job_succeed(
        job=job,
        result={"devices": done, "device_model": str(model), "action": "suspended" if suspend else "restored"},
        result_url=f"/inventory/devices/?device_model={model.pk}",
    )


def _apply_batch(*, model, suspend: bool, actor: User | None, reason: str, job) -> int:
    from ..selectors import responsible_parties_for_devices

    size = settings.INVENTORY_SUSPENSION_BATCH
    with transaction.atomic():
        batch = list(
            _batch_query(model.pk, suspend)
            .select_for_update(skip_locked=True, of=("self",), no_key=True)
            .select_related("prenotified_by_party")
            .order_by("pk")[:size]
        )
        if not batch:
            return 0
        now = timezone.now()
        pks = [d.pk for d in batch]
        if suspend:
            # Row 19 / AC 7.3: remember the status held immediately before suspension.
            Device.objects.filter(pk__in=pks).update(
                status_before_suspension=F("smi_status"),
                smi_status=SMIStatus.SUSPENDED,
                status_changed_at=now,
                updated_at=now,
            )
        else:
            # Row 20: restore the remembered status.
            Device.objects.filter(pk__in=pks).update(
                smi_status=F("status_before_suspension"),
                status_before_suspension="",
                status_changed_at=now,
                updated_at=now,
            )
        _copy_statuses_to_access(batch, suspend)
        records = []
        for d in batch:
            to = SMIStatus.SUSPENDED if suspend else (d.status_before_suspension or SMIStatus.PENDING)
            records.append(
                TransitionRecord(
                    d.pk,
                    d.device_id,
                    d.device_type,
                    d.smi_status,
                    to,
                    Trigger.CPL_REMOVED if suspend else Trigger.CPL_CURRENT,
                )
            )
        person = actor if getattr(actor, "pk", None) else None
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    device_id=r.device_pk,
                    from_status=r.from_status,
                    to_status=r.to_status,
                    trigger=r.trigger,
                    rule=19 if suspend else 20,
                    reason=reason[:300],
                    actor=person,
                    actor_party=person.party if person else None,
                    occurred_at=now,
                )
                for r in records
            ]
        )
        code = "N28" if suspend else "N29"
        responsible = responsible_parties_for_devices(devices=batch, at=now)
        for d in batch:
            alert_raise(
                code=code,
                recipients=_alert_recipients(d, responsible[d.pk]),
                device_id=d.device_id,
                dedupe_key=f"{code}:{job.pk}:{d.pk}",
                payload={"device_model": str(model)},
            )
        audit.record(
            action="inventory.devices_suspended" if suspend else "inventory.devices_restored",
            actor=person,
            target=model,
            party=None,
            after={"count": len(batch), "job": job.pk, "first": batch[0].device_id, "last": batch[-1].device_id},
        )
        notify_listeners(records, actor)
    return len(batch)


def _copy_statuses_to_access(batch: list[Device], suspend: bool) -> None:
    """Keep DeviceAccess's copy of the status in step with the batch just moved."""
    if suspend:
        DeviceAccess.objects.filter(device_id__in=[d.pk for d in batch]).update(smi_status=SMIStatus.SUSPENDED)
        return
    by_status: dict[str, list[int]] = {}
    for d in batch:
        by_status.setdefault(d.status_before_suspension or SMIStatus.PENDING, []).append(d.pk)
    for status, pks in by_status.items():
        DeviceAccess.objects.filter(device_id__in=pks).update(smi_status=status)


def _alert_recipients(device: Device, responsible) -> list[Recipient]:
    """AC 9.1/9.2: the Responsible Supplier(s) and Network Operator(s) by Registration Data; for a
    Device not yet in an installed system (nobody responsible), its pre-notifying User (D-INV-05)."""
    recipients = responsible.recipients()
    if not recipients and device.prenotified_by_party is not None:
        recipients = [Recipient(party=device.prenotified_by_party, role=device.prenotified_by_role)]
    return recipients


def device_change_model(
    *, device: Device, device_model: DeviceModel, actor: User | None = None, reason: str = ""
) -> Device:
    """Record that a Device now runs another CPL model (SR 11.3 firmware activation, 7.5.3.6.3).

    A Suspended Device whose new model is current is restored (row 20, N29); a Device moved to a
    removed model is suspended (row 19, N28). Audit: ``inventory.device_model_changed``.
    """
    from ..selectors import responsible_parties

    if device.device_model is not None and device_model.device_type != device.device_model.device_type:
        from portal.exceptions import ApplicationError

        raise ApplicationError("The new model is of another Physical Device Type.", code="inventory.model_wrong_type")
    with transaction.atomic():
        before = device.device_model_id
        Device.objects.filter(pk=device.pk).update(device_model=device_model, updated_at=timezone.now())
        DeviceAccess.objects.filter(device_id=device.pk).update(device_model=device_model)
        device.device_model = device_model
        audit.record(
            action="inventory.device_model_changed",
            actor=actor if getattr(actor, "pk", None) else None,
            target=device,
            before={"device_model": before},
            after={"device_model": device_model.pk},
        )
        code = None
        if device.smi_status == SMIStatus.SUSPENDED and device_model.status == CPLStatus.CURRENT:
            transition(
                device=device,
                to=device.status_before_suspension,
                actor=actor,
                trigger=Trigger.FIRMWARE_ACTIVATED,
                reason=reason or "Firmware moved it to a current model",
            )
            code = "N29"
        elif device_model.status == CPLStatus.REMOVED and device.smi_status in _SUSPENDABLE:
            transition(
                device=device,
                to=SMIStatus.SUSPENDED,
                actor=actor,
                trigger=Trigger.CPL_REMOVED,
                reason=reason or "Firmware moved it to a removed model",
            )
            code = "N28"
        if code:
            alert_raise(
                code=code,
                recipients=_alert_recipients(device, responsible_parties(device=device)),
                device_id=device.device_id,
                payload={"device_model": str(device_model)},
            )
    return device
