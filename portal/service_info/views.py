"""Browser pages of SSI service information: status, maintenance calendar, notices, help, forms, feedback."""

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.exceptions import ApplicationError
from portal.views.mixins import paginate
from portal.working_days import LONDON

from . import selectors, services
from .choices import ArticleKind
from .forms import ArticleForm, CancelForm, DownloadableFormUpload, FeedbackForm, MaintenanceForm, NoticeForm
from .permissions import Perm, can_manage_service_info


def _errors(exc) -> list[str]:
    if isinstance(exc, ApplicationError):
        return [exc.message]
    return list(exc.messages)


@login_required
def status(request):
    context = {
        "rows": selectors.service_status(actor=request.user),
        "notices": selectors.notice_list(actor=request.user)[:20],
        "upcoming": selectors.upcoming_disruption(actor=request.user),
        "can_manage": can_manage_service_info(request.user),
    }
    return render(request, "service_info/status.html", context)


def _parse_month(text: str | None) -> date:
    today = timezone.localdate(timezone=LONDON)
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


def _calendar_weeks(month: date, windows) -> list[list[dict]]:
    by_day: dict[date, list] = {}
    for window in windows:
        day = window.starts_at.astimezone(LONDON).date()
        last = window.ends_at.astimezone(LONDON).date()
        while day <= last:
            by_day.setdefault(day, []).append(window)
            day += timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append([{"day": d, "in_month": d.month == month.month, "windows": by_day.get(d, [])} for d in week])
    return weeks


@login_required
def maintenance_calendar(request):
    month = _parse_month(request.GET.get("month"))
    windows = list(selectors.maintenance_in_month(actor=request.user, month=month))
    prev_month = (month - timedelta(days=1)).replace(day=1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    context = {
        "month": month,
        "prev": prev_month,
        "next": next_month,
        "weeks": _calendar_weeks(month, windows),
        "windows": windows,
        "usage": services.maintenance_month_usage(month=month),
        "deadline": services.publication_deadline(month),
        "can_manage": can_manage_service_info(request.user),
    }
    return render(request, "service_info/maintenance_calendar.html", context)


@login_required
def maintenance_detail(request, pk):
    window = selectors.maintenance_get(actor=request.user, pk=pk)
    can_manage = can_manage_service_info(request.user)
    problems = services.maintenance_rule_violations(window=window) if can_manage and window.status == "draft" else []
    return render(
        request,
        "service_info/maintenance_detail.html",
        {"window": window, "can_manage": can_manage, "problems": problems, "cancel_form": CancelForm()},
    )


@permission_required(Perm.MANAGE, raise_exception=True)
def maintenance_create(request):
    form = MaintenanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            window = services.maintenance_create(actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, "Maintenance window saved. Check the rules below, then publish it.")
            return redirect("service_info:maintenance-detail", pk=window.pk)
    return render(request, "service_info/maintenance_form.html", {"form": form})


@permission_required(Perm.MANAGE, raise_exception=True)
@require_POST
def maintenance_publish(request, pk):
    window = selectors.maintenance_get(actor=request.user, pk=pk)
    try:
        services.maintenance_publish(actor=request.user, window=window)
    except (ApplicationError, ValidationError) as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "Published. Users now see it in the maintenance calendar.")
    return redirect("service_info:maintenance-detail", pk=pk)


@permission_required(Perm.MANAGE, raise_exception=True)
@require_POST
def maintenance_cancel(request, pk):
    window = selectors.maintenance_get(actor=request.user, pk=pk)
    form = CancelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why the maintenance is cancelled.")
        services.maintenance_cancel(actor=request.user, window=window, reason=form.cleaned_data["reason"])
    except (ApplicationError, ValidationError) as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "Maintenance cancelled.")
    return redirect("service_info:maintenance-detail", pk=pk)


@permission_required(Perm.MANAGE, raise_exception=True)
@require_POST
def maintenance_update(request, pk):
    """H8.7: tell Users how the duration or disruption differs from the plan."""
    window = selectors.maintenance_get(actor=request.user, pk=pk)
    try:
        services.maintenance_post_update(actor=request.user, window=window, text=request.POST.get("text", ""))
    except (ApplicationError, ValidationError) as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "Update published.")
    return redirect("service_info:maintenance-detail", pk=pk)


@permission_required(Perm.MANAGE, raise_exception=True)
def notice_create(request):
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_create(actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, "Notice published on the service status page.")
            return redirect("service_info:status")
    return render(request, "service_info/notice_form.html", {"form": form})


@permission_required(Perm.MANAGE, raise_exception=True)
@require_POST
def notice_resolve(request, pk):
    notice = selectors.notice_get(actor=request.user, pk=pk)
    try:
        services.notice_resolve(actor=request.user, notice=notice)
    except (ApplicationError, ValidationError) as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "Notice marked resolved.")
    return redirect("service_info:status")


@login_required
def help_index(request):
    q = request.GET.get("q", "").strip()
    articles = selectors.article_list(actor=request.user, q=q)
    context = {
        "q": q,
        "faqs": [a for a in articles if a.kind == ArticleKind.FAQ],
        "guides": [a for a in articles if a.kind == ArticleKind.GUIDE],
        "can_manage": can_manage_service_info(request.user),
    }
    return render(request, "service_info/help.html", context)


@login_required
def article_detail(request, slug):
    article = selectors.article_get(actor=request.user, slug=slug)
    return render(request, "service_info/article.html", {"article": article, "paragraphs": article.body.split("\n\n")})


@permission_required(Perm.MANAGE, raise_exception=True)
def article_edit(request, slug=None):
    instance = selectors.article_get(actor=request.user, slug=slug) if slug else None
    form = ArticleForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_save(actor=request.user, article=form.save(commit=False))
        except (ApplicationError, ValidationError) as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, "Saved.")
            return redirect("service_info:article", slug=article.slug)
    return render(request, "service_info/article_form.html", {"form": form, "article": instance})


@login_required
def form_list(request):
    upload = None
    if can_manage_service_info(request.user):
        upload = DownloadableFormUpload(request.POST or None, request.FILES or None)
        if request.method == "POST" and upload.is_valid():
            try:
                services.form_publish(actor=request.user, **upload.cleaned_data)
            except (ApplicationError, ValidationError) as exc:
                for message in _errors(exc):
                    upload.add_error(None, message)
            else:
                messages.success(request, "Form published.")
                return redirect("service_info:forms")
    return render(
        request, "service_info/forms.html", {"forms": selectors.form_list(actor=request.user), "upload": upload}
    )


@login_required
def form_download(request, pk):
    item = selectors.form_get(actor=request.user, pk=pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


@login_required
def feedback(request):
    page = request.POST.get("page") or request.GET.get("page") or "/"
    form = FeedbackForm(request.POST or None, initial={"page": page})
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, "Thank you: your feedback reached the DCC.")
            target = form.cleaned_data["page"]
            return redirect(target if target.startswith("/") and not target.startswith("//") else "portal:home")
    return render(request, "service_info/feedback.html", {"form": form, "page_path": page})


@permission_required(Perm.MANAGE, raise_exception=True)
def feedback_review(request):
    if request.method == "POST":
        item = selectors.feedback_list(actor=request.user).filter(pk=request.POST.get("pk")).first()
        if item is not None:
            try:
                services.feedback_mark_reviewed(actor=request.user, feedback=item)
            except ApplicationError as exc:
                messages.error(request, exc.message)
        return redirect("service_info:feedback-review")
    page = paginate(request, selectors.feedback_list(actor=request.user))
    return render(request, "service_info/feedback_review.html", {"page": page})
