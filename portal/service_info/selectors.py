"""Reads of SSI service information, scoped to the actor."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.models import User
from portal.working_days import LONDON

from .choices import DccService, MaintenanceStatus, ServiceState
from .models import Article, DownloadableForm, Feedback, MaintenanceWindow, ServiceNotice
from .permissions import can_manage_service_info, scope_feedback


def maintenance_list(*, actor: User) -> QuerySet[MaintenanceWindow]:
    """Published windows for everyone signed in; drafts and cancelled ones only for managers."""
    if not (actor and actor.is_authenticated):
        return MaintenanceWindow.objects.none()
    qs = MaintenanceWindow.objects.all()
    if not can_manage_service_info(actor):
        qs = qs.filter(status=MaintenanceStatus.PUBLISHED)
    return qs.order_by("starts_at")


def maintenance_get(*, actor: User, pk) -> MaintenanceWindow:
    return get_object_or_404(maintenance_list(actor=actor), pk=pk)


def maintenance_in_month(*, actor: User, month: date) -> QuerySet[MaintenanceWindow]:
    """Windows touching a calendar month (London), for the calendar."""
    from .services import _london_midnight, _next_month

    month = month.replace(day=1)
    return maintenance_list(actor=actor).filter(
        starts_at__lt=_london_midnight(_next_month(month)), ends_at__gt=_london_midnight(month)
    )


def notice_list(*, actor: User, active_only: bool = False) -> QuerySet[ServiceNotice]:
    if not (actor and actor.is_authenticated):
        return ServiceNotice.objects.none()
    qs = ServiceNotice.objects.all()
    if active_only:
        qs = qs.filter(resolved_at__isnull=True, starts_at__lte=timezone.now())
    return qs


def notice_get(*, actor: User, pk) -> ServiceNotice:
    return get_object_or_404(notice_list(actor=actor), pk=pk)


@dataclass(frozen=True)
class ServiceStatus:
    """The current state of one DCC service and what causes it."""

    service: str
    label: str
    state: str
    cause: str
    until: datetime | None


def service_status(*, actor: User, at: datetime | None = None) -> list[ServiceStatus]:
    """Per service: disrupted (an open notice), maintenance (a published window now), or operational."""
    at = at or timezone.now()
    windows = list(
        maintenance_list(actor=actor).filter(status=MaintenanceStatus.PUBLISHED, starts_at__lte=at, ends_at__gt=at)
    )
    notices = list(notice_list(actor=actor).filter(resolved_at__isnull=True, starts_at__lte=at))
    rows = []
    for service in DccService:
        notice = next((n for n in notices if service.value in n.services), None)
        window = next((w for w in windows if service.value in w.services), None)
        if notice:
            rows.append(
                ServiceStatus(
                    service.value, service.label, ServiceState.DISRUPTED, notice.title, notice.expected_end_at
                )
            )
        elif window:
            rows.append(
                ServiceStatus(service.value, service.label, ServiceState.MAINTENANCE, window.title, window.ends_at)
            )
        else:
            rows.append(ServiceStatus(service.value, service.label, ServiceState.OPERATIONAL, "", None))
    return rows


def upcoming_disruption(*, actor: User, days: int | None = None) -> dict:
    """What the home-page card shows: open notices, and published windows from now until the later
    of ``SERVICE_INFO_DASHBOARD_DAYS`` ahead and the end of next month (so next month's schedule,
    published 20 Working Days ahead, is always visible)."""
    from .services import _london_midnight, _next_month

    now = timezone.now()
    this_month = timezone.localdate(timezone=LONDON).replace(day=1)
    end_of_next_month = _london_midnight(_next_month(_next_month(this_month)))
    horizon = max(now + timedelta(days=days or settings.SERVICE_INFO_DASHBOARD_DAYS), end_of_next_month)
    windows = maintenance_list(actor=actor).filter(
        status=MaintenanceStatus.PUBLISHED, ends_at__gt=now, starts_at__lt=horizon
    )
    return {"notices": list(notice_list(actor=actor, active_only=True)[:5]), "windows": list(windows[:6])}


def article_list(*, actor: User, kind: str | None = None, q: str = "") -> QuerySet[Article]:
    if not (actor and actor.is_authenticated):
        return Article.objects.none()
    qs = Article.objects.all() if can_manage_service_info(actor) else Article.objects.filter(is_published=True)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(topic__icontains=q))
    return qs


def article_get(*, actor: User, slug: str) -> Article:
    return get_object_or_404(article_list(actor=actor), slug=slug)


def form_list(*, actor: User) -> QuerySet[DownloadableForm]:
    if not (actor and actor.is_authenticated):
        return DownloadableForm.objects.none()
    return (
        DownloadableForm.objects.all()
        if can_manage_service_info(actor)
        else DownloadableForm.objects.filter(is_published=True)
    )


def form_get(*, actor: User, pk) -> DownloadableForm:
    return get_object_or_404(form_list(actor=actor), pk=pk)


def feedback_list(*, actor: User) -> QuerySet[Feedback]:
    return scope_feedback(Feedback.objects.select_related("person", "party"), actor)
