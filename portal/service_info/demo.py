"""Demo service information (idempotent): next month's planned maintenance, FAQs, guides, a form."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.services import audit
from portal.working_days import LONDON

from .choices import ArticleKind, DccService, MaintenanceKind, MaintenanceStatus
from .models import Article, DownloadableForm, MaintenanceWindow

ARTICLES = [
    (
        ArticleKind.FAQ,
        "When may the DCC take the SSI down for maintenance?",
        "planned-maintenance-hours",
        "Service",
        "Planned Maintenance runs only between 20:00 and 08:00 UK time. The SSI may be down for at most four hours a "
        "month and all DCC Systems together for at most six, unless the SEC Panel agrees otherwise (SEC H8.3).\n\n"
        "The schedule for a month is published at least 20 Working Days before the month starts (H8.4).",
    ),
    (
        ArticleKind.FAQ,
        "How far ahead must I forecast Communications Hubs?",
        "ch-forecast-horizon",
        "Communications Hubs",
        "Each forecast covers 24 months starting with the 6th month after the month you submit it, and is due by the "
        "5th Working Day before the last Working Day of the month (SEC F5.3, F5.5). The first 10 months need the "
        "split by HAN Variant.",
    ),
    (
        ArticleKind.FAQ,
        "Why is my order flagged as not compliant?",
        "ch-order-tolerance",
        "Communications Hubs",
        "For each Region and HAN Variant the DCC compares the order with two earlier forecasts: the one made in the "
        "10th "
        "month and the one made in the 7th month before the Delivery Month. The minimum is the larger of 50% and "
        "80% of "
        "those forecasts (rounded down); the maximum the smaller of 120% and 150% (rounded up) (SEC F5.10, F5.11).\n\n"
        "A non-compliant order is still received; the DCC decides by the end of the month whether to accept it.",
    ),
    (
        ArticleKind.FAQ,
        "How long is a WAN coverage check valid?",
        "coverage-check-validity",
        "WAN coverage",
        "Install the WAN Variant the coverage database named if you checked within the 30 days before the "
        "installation "
        "(App I 4.1). Every check you make is recorded so you can prove it later.",
    ),
    (
        ArticleKind.GUIDE,
        "Returning a Communications Hub",
        "returning-a-hub",
        "Communications Hubs",
        "1. Send Service Request 8.14.3 (fault) or 8.14.4 (no fault) within 5 Working Days of removal.\n\n"
        "2. Request a Return Material Authorisation with a Return Date at least 5 Working Days ahead.\n\n"
        "3. Print the RMA label and attach it to each pallet, each loose carton and each loose hub.\n\n"
        "A removed hub that is not back within 90 days is deemed lost or stolen and blocked from the SM WAN (F8.6).",
    ),
]


@transaction.atomic
def seed_service_info(stdout=None) -> None:
    for kind, title, slug, topic, body in ARTICLES:
        Article.objects.get_or_create(slug=slug, defaults={"kind": kind, "title": title, "topic": topic, "body": body})
    today = timezone.localdate(timezone=LONDON)
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    plans = [
        ("SSI database patching", [DccService.SSI], 7, time(22, 0), 120),
        ("DCC User Interface release 4.2", [DccService.USER_INTERFACE, DccService.GATEWAY], 14, time(23, 0), 150),
        ("CH Ordering System upgrade", [DccService.CH_ORDERING, DccService.SSI], 21, time(21, 0), 60),
    ]
    created = 0
    for title, services, day, start, minutes in plans:
        starts_at = datetime.combine(next_month.replace(day=day), start, tzinfo=LONDON)
        _, made = MaintenanceWindow.objects.get_or_create(
            title=title,
            starts_at=starts_at,
            defaults={
                "kind": MaintenanceKind.PLANNED,
                # Demo data is loaded on any date, so it is published directly rather than through
                # maintenance_publish (whose H8.4 notice check depends on today's date).
                "status": MaintenanceStatus.PUBLISHED,
                "published_at": timezone.now(),
                "activity": f"{title}. Users may see errors or time-outs on the services named.",
                "services": sorted(services),
                "ends_at": starts_at + timedelta(minutes=minutes),
                "risk_to_service": "Low: a tested roll-back is ready.",
            },
        )
        created += made
    if not DownloadableForm.objects.filter(title="Anomaly Detection Threshold template").exists():
        form = DownloadableForm(
            title="Anomaly Detection Threshold template",
            description="CSV template for submitting Anomaly Detection Thresholds (App AA).",
            version="1.0",
        )
        form.file.save("adt-template.csv", ContentFile(b"service_reference,threshold_per_day\n"), save=False)
        form.save()
    if created:
        audit.record(
            action="service_info.demo_seeded", target_type="service_info", target_id="demo", after={"windows": created}
        )
    if stdout:
        stdout.write(f"  service_info: {Article.objects.count()} articles, {created} new maintenance windows")
