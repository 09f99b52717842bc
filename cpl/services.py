"""Writes to the Central Products List.

Removing a model or making it current again changes which Devices may be talked to. Apps to
the right of ``cpl`` (inventory: suspension; devices: schedules) react through listeners they
register at start-up with :func:`register_status_listener` (ARCHITECTURE.md §3: the lower app
exposes a hook), called inside the same transaction as the status change.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from portal.exceptions import ApplicationError, InvalidTransition, NotPermitted
from portal.models import User
from portal.services import audit

from .choices import CPLStatus, DeviceModelChangeKind
from .models import DeviceModel, DeviceModelChange
from .permissions import can_manage_cpl

# Identity of a Device Model: a change here is a different model, so these never change in place.
IDENTITY_FIELDS = (
    "device_type",
    "manufacturer_id",
    "model_id",
    "hardware_version",
    "firmware_version",
    "firmware_hash",
)
EDITABLE_FIELDS = (
    "manufacturer_name",
    "model_name",
    "image_creator",
    "image_descriptor",
    "smets_chts_version",
    "gbcs_version",
    "cpa_certificate_ref",
    "cpa_expiry",
)
StatusListener = Callable[..., None]
_status_listeners: list[StatusListener] = []


def register_status_listener(listener: StatusListener) -> None:
    """Register ``listener(*, device_model, status, actor, reason)``, called after a CPL status change.

    It runs inside the transaction of the change; it should record work and enqueue on commit.
    """
    if listener not in _status_listeners:
        _status_listeners.append(listener)


def _snapshot(model: DeviceModel, fields) -> dict:
    return {f: (v.isoformat() if isinstance(v := getattr(model, f), date) else v) for f in fields}


def _require_admin(actor: User) -> None:
    if not can_manage_cpl(actor):
        raise NotPermitted("Only CPL administrators change the Central Products List.", code="cpl.not_permitted")


def _history(*, model, kind, actor: User, reason="", before=None, after=None) -> None:
    DeviceModelChange.objects.create(
        device_model=model,
        kind=kind,
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason[:500],
        before=before or {},
        after=after or {},
    )


def _normalise(fields: dict) -> dict:
    out = dict(fields)
    for key in ("manufacturer_id", "model_id"):
        if isinstance(out.get(key), str):
            out[key] = out[key].strip().upper()
    if isinstance(out.get("firmware_hash"), str):
        out["firmware_hash"] = out["firmware_hash"].strip().lower()
    return out


def device_model_create(*, actor: User, reason: str = "", **fields) -> DeviceModel:
    """Add a Device Model to the CPL with status 'current' (7.1.2.4.1 step 3).

    Raises ``ValidationError`` for bad fields or a duplicate model, ``NotPermitted`` for
    non-administrators. Audit: ``cpl.model_created``.
    """
    _require_admin(actor)
    unknown = set(fields) - set(IDENTITY_FIELDS) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown CPL fields: {', '.join(sorted(unknown))}.", code="cpl.unknown_fields")
    model = DeviceModel(**_normalise(fields), status=CPLStatus.CURRENT, status_changed_at=timezone.now())
    model.full_clean()
    with transaction.atomic():
        model.save()
        after = _snapshot(model, IDENTITY_FIELDS + EDITABLE_FIELDS)
        _history(model=model, kind=DeviceModelChangeKind.CREATED, actor=actor, reason=reason, after=after)
        audit.record(action="cpl.model_created", actor=actor, target=model, after=after)
    return model


def device_model_update(*, actor: User, device_model: DeviceModel, reason: str = "", **changes) -> DeviceModel:
    """Change the descriptive fields of a CPL entry (its identity fields never change).

    Audit: ``cpl.model_updated`` with the changed fields only.
    """
    _require_admin(actor)
    locked = set(changes) & set(IDENTITY_FIELDS)
    if locked:
        raise ApplicationError(
            "Manufacturer, model, versions, type and image hash identify a Device Model; add a new model instead.",
            code="cpl.identity_immutable",
            extra={"fields": sorted(locked)},
        )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown CPL fields: {', '.join(sorted(unknown))}.", code="cpl.unknown_fields")
    before = _snapshot(device_model, changes)
    for key, value in changes.items():
        setattr(device_model, key, value)
    device_model.full_clean()
    before, after = audit.changed_fields(before, _snapshot(device_model, changes))
    if not after and not before:
        return device_model
    with transaction.atomic():
        device_model.save(update_fields=[*changes, "updated_at"])
        _history(
            model=device_model,
            kind=DeviceModelChangeKind.UPDATED,
            actor=actor,
            reason=reason,
            before=before,
            after=after,
        )
        audit.record(action="cpl.model_updated", actor=actor, target=device_model, before=before, after=after)
    return device_model


def _set_status(
    *, actor: User, device_model: DeviceModel, to: str, reason: str, kind: str, action: str
) -> DeviceModel:
    if not reason.strip():
        raise ApplicationError(
            "Say why the CPL status changes; it is kept in the model's history.", code="cpl.reason_required"
        )
    with transaction.atomic():
        current = DeviceModel.objects.select_for_update().get(pk=device_model.pk)
        if current.status == to:
            raise InvalidTransition(
                f"This Device Model is already {current.get_status_display().lower()}.",
                code="cpl.invalid_transition",
                extra={"from": current.status, "to": to},
            )
        now = timezone.now()
        DeviceModel.objects.filter(pk=current.pk).update(status=to, status_changed_at=now, updated_at=now)
        device_model.status, device_model.status_changed_at = to, now
        _history(
            model=device_model,
            kind=kind,
            actor=actor,
            reason=reason,
            before={"status": current.status},
            after={"status": to},
        )
        audit.record(
            action=action,
            actor=actor,
            target=device_model,
            before={"status": current.status},
            after={"status": to, "reason": reason},
        )
        for listener in list(_status_listeners):
            listener(device_model=device_model, status=to, actor=actor, reason=reason)
    return device_model


def device_model_remove(*, actor: User, device_model: DeviceModel, reason: str) -> DeviceModel:
    """Mark a model 'removed' (App Z 6.4). Listeners suspend its Devices (§2.3 row 19).

    Audit: ``cpl.model_removed``. Raises ``InvalidTransition`` if it is already removed.
    """
    _require_admin(actor)
    return _set_status(
        actor=actor,
        device_model=device_model,
        to=CPLStatus.REMOVED,
        reason=reason,
        kind=DeviceModelChangeKind.REMOVED,
        action="cpl.model_removed",
    )


def device_model_reinstate(*, actor: User, device_model: DeviceModel, reason: str) -> DeviceModel:
    """Mark a removed model 'current' again (7.1.2.4.4). Listeners restore its suspended Devices (row 20).

    Audit: ``cpl.model_reinstated``.
    """
    _require_admin(actor)
    return _set_status(
        actor=actor,
        device_model=device_model,
        to=CPLStatus.CURRENT,
        reason=reason,
        kind=DeviceModelChangeKind.REINSTATED,
        action="cpl.model_reinstated",
    )


def cpa_expiry_warnings(*, today: date | None = None) -> int:
    """Send the 12- and 6-month CPA expiry warnings that are due (7.1.2.4.2, F2.7). Idempotent.

    Each warning goes once per model, threshold and expiry date to the CPL administrators (the
    Panel's role in the replica) as a portal notification. Returns how many were sent.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from portal.services.notifications import notify

    from .models import CPAExpiryWarning

    today = today or timezone.localdate()
    admins = [
        u for u in get_user_model().objects.filter(party__is_dcc=True, is_active=True) if u.has_perm("cpl.manage_cpl")
    ]
    sent = 0
    for months in sorted(settings.CPL_CPA_WARNING_MONTHS):
        horizon = _add_months(today, months)
        due = DeviceModel.objects.filter(
            status=CPLStatus.CURRENT, cpa_expiry__isnull=False, cpa_expiry__lte=horizon, cpa_expiry__gte=today
        )
        for model in due:
            with transaction.atomic():
                _, created = CPAExpiryWarning.objects.get_or_create(
                    device_model=model,
                    months_before=months,
                    cpa_expiry=model.cpa_expiry,
                    defaults={"sent_at": timezone.now()},
                )
                if not created:
                    continue
                if admins:
                    notify(
                        recipients=admins,
                        subject=f"CPA certificate of {model} expires {model.cpa_expiry:%d %b %Y}",
                        body=f"The CPA certificate {model.cpa_certificate_ref or '(no reference)'} expires within "
                        f"{months} months. A replacement is needed before then (SEC F2.6).",
                        url=f"/cpl/models/{model.pk}/",
                    )
                audit.record(
                    action="cpl.cpa_expiry_warned",
                    target=model,
                    after={"months": months, "expiry": model.cpa_expiry and model.cpa_expiry.isoformat()},
                )
                sent += 1
    return sent


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    import calendar

    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


CSV_COLUMNS = (
    "device_type",
    "manufacturer_id",
    "manufacturer_name",
    "model_id",
    "model_name",
    "hardware_version",
    "firmware_version",
    "firmware_hash",
    "smets_chts_version",
    "gbcs_version",
    "cpa_certificate_ref",
    "cpa_expiry",
    "image_creator",
    "image_descriptor",
)
CSV_REQUIRED = (
    "device_type",
    "manufacturer_id",
    "manufacturer_name",
    "model_id",
    "model_name",
    "hardware_version",
    "firmware_version",
    "firmware_hash",
    "smets_chts_version",
)


def device_models_import(*, actor: User, text: str) -> dict:
    """Add CPL entries from a CSV (the Panel's published list). All or nothing.

    Rows whose model already exists (same identity) are skipped; every bad row is reported as
    ``{"line", "message"}`` and then nothing is added. Returns ``{"added", "skipped", "errors"}``.
    """
    import csv
    import io

    from django.core.exceptions import ValidationError
    from django.utils.dateparse import parse_date

    _require_admin(actor)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in CSV_REQUIRED if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        raise ApplicationError(
            f"The header row is wrong (missing: {', '.join(missing) or 'none'}; unknown: "
            f"{', '.join(unknown) or 'none'}).",
            code="cpl.import_bad_header",
        )
    reader.fieldnames = header
    added, skipped, errors, seen = [], 0, [], set()
    for line, row in enumerate(reader, start=2):
        fields = {k: (v or "").strip() for k, v in row.items() if k in CSV_COLUMNS}
        if fields.get("cpa_expiry"):
            fields["cpa_expiry"] = parse_date(fields["cpa_expiry"])
            if fields["cpa_expiry"] is None:
                errors.append({"line": line, "message": "cpa_expiry is not a date (YYYY-MM-DD)."})
                continue
        else:
            fields["cpa_expiry"] = None
        fields = _normalise(fields)
        key = (fields["manufacturer_id"], fields["model_id"], fields["hardware_version"], fields["firmware_version"])
        if (
            key in seen
            or DeviceModel.objects.filter(
                manufacturer_id=key[0], model_id=key[1], hardware_version=key[2], firmware_version=key[3]
            ).exists()
        ):
            skipped += 1
            continue
        seen.add(key)
        model = DeviceModel(**fields, status=CPLStatus.CURRENT, status_changed_at=timezone.now())
        try:
            model.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors.append(
                {"line": line, "message": "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())}
            )
            continue
        added.append(model)
    if errors:
        return {"added": 0, "skipped": skipped, "errors": errors}
    with transaction.atomic():
        for model in added:
            model.save()
            _history(
                model=model,
                kind=DeviceModelChangeKind.CREATED,
                actor=actor,
                reason="CSV import",
                after=_snapshot(model, IDENTITY_FIELDS),
            )
        audit.record(
            action="cpl.models_imported",
            actor=actor,
            target_type="cpl.devicemodel",
            target_label=f"{len(added)} CPL entries",
            after={"added": len(added), "skipped": skipped},
        )
    return {"added": len(added), "skipped": skipped, "errors": []}
