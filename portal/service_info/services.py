"""Writes of SSI service information. Every business change is audited in its transaction."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.exceptions import NotPermitted
from portal.models import User
from portal.services import audit
from portal.working_days import LONDON, add_working_days

from .choices import DccService, FeedbackStatus, MaintenanceKind, MaintenanceStatus
from .constants import maintenance_hours
from .models import Article, DownloadableForm, Feedback, MaintenanceWindow, ServiceNotice
from .permissions import can_manage_service_info
from .transitions import feedback_move, maintenance_move


def _require_manager(actor: User) -> None:
    if not can_manage_service_info(actor):
        raise NotPermitted(
            "Only DCC staff managing service information may do this.", code="service_info.not_permitted"
        )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=LONDON)


def _merged_minutes(intervals: list[tuple[datetime, datetime]]) -> int:
    """Minutes covered by the union of the intervals (overlapping windows are not counted twice)."""
    total = timedelta(0)
    current: tuple[datetime, datetime] | None = None
    for start, end in sorted(intervals):
        if current is None or start > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        total += current[1] - current[0]
    return int(total.total_seconds() // 60)


def _clip_to_month(start: datetime, end: datetime, month: date) -> tuple[datetime, datetime] | None:
    lo, hi = _london_midnight(month), _london_midnight(_next_month(month))
    start, end = max(start, lo), min(end, hi)
    return (start, end) if end > start else None


@dataclass(frozen=True)
class MonthUsage:
    """Planned Maintenance minutes in one month: the SSI alone and all DCC Systems together."""

    month: date
    ssi_minutes: int
    all_minutes: int
    ssi_limit: int
    all_limit: int


def maintenance_month_usage(*, month: date, extra: MaintenanceWindow | None = None) -> MonthUsage:
    """H8.3 usage of a month by published planned windows (plus ``extra``, the one being checked)."""
    month = _month_start(month)
    windows = list(
        MaintenanceWindow.objects.filter(
            kind=MaintenanceKind.PLANNED,
            status=MaintenanceStatus.PUBLISHED,
            starts_at__lt=_london_midnight(_next_month(month)),
            ends_at__gt=_london_midnight(month),
        ).exclude(pk__in=[extra.pk] if extra is not None and extra.pk else [])
    )
    if extra is not None:
        windows.append(extra)
    all_intervals, ssi_intervals = [], []
    for window in windows:
        clipped = _clip_to_month(window.starts_at, window.ends_at, month)
        if clipped is None:
            continue
        all_intervals.append(clipped)
        if DccService.SSI in window.services:
            ssi_intervals.append(clipped)
    return MonthUsage(
        month=month,
        ssi_minutes=_merged_minutes(ssi_intervals),
        all_minutes=_merged_minutes(all_intervals),
        ssi_limit=settings.SERVICE_INFO_SSI_MONTHLY_MINUTES,
        all_limit=settings.SERVICE_INFO_ALL_SYSTEMS_MONTHLY_MINUTES,
    )


def publication_deadline(month: date) -> date:
    """H8.4: the last London date on which a month's schedule may be published."""
    return add_working_days(_month_start(month), -settings.SERVICE_INFO_PUBLICATION_WORKING_DAYS)


def _outside_hours(window: MaintenanceWindow) -> str | None:
    """H8.3: the whole window must lie inside one 20:00-08:00 night, London time."""
    open_t, close_t = maintenance_hours()
    start, end = window.starts_at.astimezone(LONDON), window.ends_at.astimezone(LONDON)
    if open_t <= start.time() or start.time() < close_t:
        night_day = start.date() if start.time() >= open_t else start.date() - timedelta(days=1)
        night_end = datetime.combine(night_day + timedelta(days=1), close_t, tzinfo=LONDON)
        if end <= night_end:
            return None
    return (
        f"Planned Maintenance may only take place between {open_t:%H:%M} and {close_t:%H:%M} UK time (SEC H8.3); "
        f"this window runs {start:%d %b %H:%M} to {end:%d %b %H:%M}."
    )


def maintenance_rule_violations(*, window: MaintenanceWindow, publish_on: date | None = None) -> list[str]:
    """Every H8.3/H8.4 rule a planned window breaks if published on ``publish_on`` (London date).

    Panel approval (a recorded reference) lifts the hours and monthly caps (H8.3 'unless the Panel
    agrees'), never the publication notice (H8.4).
    """
    errors: list[str] = []
    if window.kind != MaintenanceKind.PLANNED:
        return errors
    publish_on = publish_on or timezone.localdate(timezone=LONDON)
    start_local = window.starts_at.astimezone(LONDON)
    first_month = _month_start(start_local.date())
    deadline = publication_deadline(first_month)
    if publish_on > deadline:
        errors.append(
            f"The schedule for {first_month:%B %Y} had to be published by {deadline:%d %B %Y}, "
            f"{settings.SERVICE_INFO_PUBLICATION_WORKING_DAYS} Working Days before the month starts (SEC H8.4)."
        )
    if window.panel_approval_reference:
        return errors
    if message := _outside_hours(window):
        errors.append(message)
    month = first_month
    while _london_midnight(month) < window.ends_at:
        usage = maintenance_month_usage(month=month, extra=window)
        if usage.ssi_minutes > usage.ssi_limit:
            errors.append(
                f"The SSI would be down for {usage.ssi_minutes / 60:.1f} h in {month:%B %Y}; "
                f"at most {usage.ssi_limit / 60:g} h a month without Panel approval (SEC H8.3)."
            )
        if usage.all_minutes > usage.all_limit:
            errors.append(
                f"DCC Systems would be under maintenance for {usage.all_minutes / 60:.1f} h in {month:%B %Y}; "
                f"at most {usage.all_limit / 60:g} h a month for all systems together without Panel approval (SEC "
                "H8.3)."
            )
        month = _next_month(month)
    return errors


def _validate_shape(*, starts_at, ends_at, services) -> None:
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = "The end must be after the start."
    unknown = sorted(set(services) - set(DccService.values))
    if not services:
        errors["services"] = "Name at least one affected service (SEC H8.4(b))."
    elif unknown:
        errors["services"] = f"Unknown services: {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)


def maintenance_create(
    *,
    actor: User,
    title: str,
    activity: str,
    services: list[str],
    starts_at: datetime,
    ends_at: datetime,
    kind: str = MaintenanceKind.PLANNED,
    risk_to_service: str = "",
    panel_approval_reference: str = "",
) -> MaintenanceWindow:
    """Record a maintenance window. Planned ones start as drafts; unplanned ones are published at
    once (H8.6). Audit: ``service_info.maintenance_created``. Raises NotPermitted, ValidationError."""
    _require_manager(actor)
    _validate_shape(starts_at=starts_at, ends_at=ends_at, services=services)
    window = MaintenanceWindow(
        kind=kind,
        title=title,
        activity=activity,
        services=sorted(set(services)),
        starts_at=starts_at,
        ends_at=ends_at,
        risk_to_service=risk_to_service,
        panel_approval_reference=panel_approval_reference,
        created_by=actor,
    )
    if kind == MaintenanceKind.UNPLANNED:
        window.status, window.published_at = MaintenanceStatus.PUBLISHED, timezone.now()
    window.full_clean()
    with transaction.atomic(durable=True):
        window.save()
        audit.record(
            action="service_info.maintenance_created",
            actor=actor,
            target=window,
            after={"kind": kind, "starts_at": starts_at, "ends_at": ends_at, "services": window.services},
        )
    return window


def maintenance_publish(*, actor: User, window: MaintenanceWindow) -> MaintenanceWindow:
    """Publish a draft planned window after checking H8.3/H8.4. Raises ValidationError naming
    every broken rule; nothing changes then. Audit: status change."""
    _require_manager(actor)
    with transaction.atomic(durable=True):
        # Serialise publications so two windows cannot together overrun a month's cap.
        locked = MaintenanceWindow.objects.select_for_update().get(pk=window.pk)
        errors = maintenance_rule_violations(window=locked)
        if errors:
            raise ValidationError(errors)
        return maintenance_move(
            window=locked, to=MaintenanceStatus.PUBLISHED, actor=actor, updates={"published_at": timezone.now()}
        )


def maintenance_cancel(*, actor: User, window: MaintenanceWindow, reason: str) -> MaintenanceWindow:
    """Cancel a draft or published window. Audit: status change with the reason."""
    _require_manager(actor)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the maintenance is cancelled."})
    with transaction.atomic(durable=True):
        return maintenance_move(window=window, to=MaintenanceStatus.CANCELLED, actor=actor, reason=reason)


def maintenance_post_update(*, actor: User, window: MaintenanceWindow, text: str) -> MaintenanceWindow:
    """H8.7: tell Users how duration or disruption differ from the plan. Audit: ``..._updated``."""
    _require_manager(actor)
    if not text.strip():
        raise ValidationError({"text": "Write the update."})
    if window.status != MaintenanceStatus.PUBLISHED:
        # H8.7: updates tell Users how published maintenance differs from what they were told.
        raise ValidationError(
            f"Only published maintenance can be updated; this window is {window.get_status_display().lower()} "
            "(SEC H8.7)."
        )
    with transaction.atomic(durable=True):
        before = window.latest_update
        window.latest_update = text
        window.save(update_fields=["latest_update", "updated_at"])
        audit.record(
            action="service_info.maintenance_updated",
            actor=actor,
            target=window,
            before={"update": before},
            after={"update": text},
        )
    return window


def notice_create(
    *,
    actor: User,
    title: str,
    body: str,
    services: list[str],
    starts_at: datetime,
    expected_end_at: datetime | None = None,
) -> ServiceNotice:
    """Publish an unplanned disruption notice (H8.6). Audit: ``service_info.notice_created``."""
    _require_manager(actor)
    _validate_shape(
        starts_at=starts_at, ends_at=expected_end_at or starts_at + timedelta(minutes=1), services=services
    )
    notice = ServiceNotice(
        title=title,
        body=body,
        services=sorted(set(services)),
        starts_at=starts_at,
        expected_end_at=expected_end_at,
        created_by=actor,
    )
    notice.full_clean()
    with transaction.atomic(durable=True):
        notice.save()
        audit.record(
            action="service_info.notice_created", actor=actor, target=notice, after={"services": notice.services}
        )
    return notice


def notice_resolve(*, actor: User, notice: ServiceNotice) -> ServiceNotice:
    """Mark a disruption over. Audit: ``service_info.notice_resolved``."""
    _require_manager(actor)
    if notice.resolved_at:
        raise ValidationError("This notice is already resolved.")
    with transaction.atomic(durable=True):
        notice.resolved_at = timezone.now()
        notice.save(update_fields=["resolved_at", "updated_at"])
        audit.record(
            action="service_info.notice_resolved",
            actor=actor,
            target=notice,
            after={"resolved_at": notice.resolved_at},
        )
    return notice


def article_save(*, actor: User, article: Article) -> Article:
    """Create or update an FAQ or guide. Audit: ``service_info.article_saved``."""
    _require_manager(actor)
    article.full_clean()
    with transaction.atomic(durable=True):
        article.save()
        audit.record(action="service_info.article_saved", actor=actor, target=article, after={"title": article.title})
    return article


def form_publish(*, actor: User, title: str, description: str, file, version: str = "1.0") -> DownloadableForm:
    """Publish a downloadable form. Audit: ``service_info.form_published``."""
    _require_manager(actor)
    form = DownloadableForm(title=title, description=description, file=file, version=version)
    form.full_clean()
    with transaction.atomic(durable=True):
        form.save()
        audit.record(action="service_info.form_published", actor=actor, target=form, after={"version": version})
    return form


def feedback_submit(*, actor: User, page: str, rating: int, comment: str = "") -> Feedback:
    """Store feedback about an SSI page. ``page`` must be a path of this site.

    Audit: ``service_info.feedback_left``."""
    if not page.startswith("/") or page.startswith("//"):
        raise ValidationError({"page": "Give the path of the SSI page, starting with '/'."})
    feedback = Feedback(page=page[:300], rating=rating, comment=comment.strip(), person=actor, party=actor.party)
    feedback.full_clean()
    with transaction.atomic(durable=True):
        feedback.save()
        audit.record(
            action="service_info.feedback_left", actor=actor, target=feedback, after={"page": page, "rating": rating}
        )
    return feedback


def feedback_mark_reviewed(*, actor: User, feedback: Feedback) -> Feedback:
    """DCC staff mark feedback read. Audit: ``service_info.feedback_status_changed``."""
    _require_manager(actor)
    with transaction.atomic(durable=True):
        return feedback_move(feedback=feedback, to=FeedbackStatus.REVIEWED, actor=actor)
