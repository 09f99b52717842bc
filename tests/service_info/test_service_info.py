"""Service information: H8.3/H8.4 maintenance rules, calendar and home card, notices, status, help, forms, feedback."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from portal.exceptions import NotPermitted
from portal.service_info import selectors, services
from portal.service_info.choices import MaintenanceStatus
from portal.service_info.models import Feedback, MaintenanceWindow

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# 2 March 2026: the May schedule is due by 1 April (20 Working Days before Friday 1 May; Easter in between).
TODAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def at(day, hour, minute=0):
    return datetime(2026, 5, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def draft(actor, start, end, services_=("ssi",), **kwargs):
    return services.maintenance_create(
        actor=actor,
        title="Patch",
        activity="Database patch",
        services=list(services_),
        starts_at=start,
        ends_at=end,
        **kwargs,
    )


def publish(actor, start, end, services_=("ssi",), **kwargs):
    return services.maintenance_publish(actor=actor, window=draft(actor, start, end, services_, **kwargs))


def test_window_inside_the_rules_publishes(clock, dcc_admin):
    window = publish(dcc_admin, at(5, 22), at(6, 1))
    assert window.status == MaintenanceStatus.PUBLISHED
    assert window.published_at is not None


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (at(5, 19, 30), at(5, 21), "only take place between 20:00 and 08:00"),
        (at(5, 7), at(5, 9), "only take place between 20:00 and 08:00"),
        (at(5, 22), at(6, 8, 30), "only take place between 20:00 and 08:00"),
        (at(5, 20), at(6, 0, 30), "SSI would be down for 4.5 h"),
    ],
)
def test_window_breaking_h8_3_is_not_published(clock, dcc_admin, start, end, message):
    window = draft(dcc_admin, start, end)
    with pytest.raises(ValidationError) as exc:
        services.maintenance_publish(actor=dcc_admin, window=window)
    assert any(message in m for m in exc.value.messages)
    window.refresh_from_db()
    assert window.status == MaintenanceStatus.DRAFT
    assert window.published_at is None


def test_monthly_caps_count_overlaps_once(clock, dcc_admin):
    publish(dcc_admin, at(5, 22), at(6, 1), services_=("ssi",))  # SSI 3 h
    publish(dcc_admin, at(5, 23), at(6, 1), services_=("ssi", "gateway"))  # overlaps: SSI still 3 h
    with pytest.raises(ValidationError) as exc:
        publish(dcc_admin, at(12, 22), at(12, 23, 30), services_=("ssi",))  # SSI would be 4.5 h
    assert "SSI would be down for 4.5 h" in exc.value.messages[0]
    publish(dcc_admin, at(12, 22), at(12, 23), services_=("ssi",))  # exactly 4 h is allowed
    with pytest.raises(ValidationError) as exc:
        publish(dcc_admin, at(19, 21), at(19, 23, 30), services_=("gateway",))  # all systems 6.5 h
    assert "all systems together" in exc.value.messages[0]
    usage = services.maintenance_month_usage(month=at(1, 0).date())
    assert (usage.ssi_minutes, usage.all_minutes) == (240, 240)


def test_panel_approval_lifts_hours_and_caps_but_not_notice(clock, dcc_admin):
    window = publish(dcc_admin, at(5, 12), at(5, 18), panel_approval_reference="PANEL-2026-14")
    assert window.status == MaintenanceStatus.PUBLISHED
    with time_machine.travel(datetime(2026, 4, 10, 9, tzinfo=LONDON), tick=False):
        late = draft(dcc_admin, at(20, 12), at(20, 13), panel_approval_reference="PANEL-2026-15")
        with pytest.raises(ValidationError) as exc:
            services.maintenance_publish(actor=dcc_admin, window=late)
    assert "had to be published by 01 April 2026" in exc.value.messages[0]


def test_unplanned_maintenance_is_published_at_once(dcc_admin):
    now = datetime.now(tz=LONDON)
    window = services.maintenance_create(
        actor=dcc_admin,
        title="Emergency fix",
        activity="x",
        services=["smki"],
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        kind="unplanned",
    )
    assert window.status == MaintenanceStatus.PUBLISHED
    statuses = {s.service: s.state for s in selectors.service_status(actor=dcc_admin)}
    assert statuses["smki"] == "maintenance"
    assert statuses["ssi"] == "operational"


def test_users_cannot_schedule_and_see_only_published(clock, dcc_admin, ssi_user):
    with pytest.raises(NotPermitted):
        draft(ssi_user, at(5, 22), at(5, 23))
    hidden = draft(dcc_admin, at(5, 22), at(5, 23))
    shown = publish(dcc_admin, at(6, 22), at(6, 23))
    assert list(selectors.maintenance_list(actor=ssi_user)) == [shown]
    assert hidden in selectors.maintenance_list(actor=dcc_admin)


def test_bad_window_shape_changes_nothing(dcc_admin):
    with pytest.raises(ValidationError):
        services.maintenance_create(
            actor=dcc_admin, title="x", activity="x", services=[], starts_at=at(5, 22), ends_at=at(5, 21)
        )
    assert MaintenanceWindow.objects.count() == 0


def test_notice_disrupts_status_until_resolved(dcc_admin, ssi_user):
    notice = services.notice_create(
        actor=dcc_admin,
        title="Gateway errors",
        body="Investigating",
        services=["gateway"],
        starts_at=datetime.now(tz=LONDON),
    )
    assert {s.service: s.state for s in selectors.service_status(actor=ssi_user)}["gateway"] == "disrupted"
    services.notice_resolve(actor=dcc_admin, notice=notice)
    assert {s.service: s.state for s in selectors.service_status(actor=ssi_user)}["gateway"] == "operational"


def test_users_see_next_months_maintenance_on_home_and_calendar(dcc_admin, ssi_user, login):
    from portal.service_info.demo import seed_service_info

    seed_service_info()
    client = login(ssi_user)
    home = client.get("/").content.decode()
    assert "Service disruption" in home
    assert "SSI database patching" in home
    window = MaintenanceWindow.objects.get(title="SSI database patching")
    month = window.starts_at.astimezone(LONDON).strftime("%Y-%m")
    calendar = client.get("/service/maintenance/", {"month": month}).content.decode()
    assert "SSI database patching" in calendar
    assert "DCC User Interface release 4.2" in calendar


def test_status_api_and_maintenance_api(clock, dcc_admin, ssi_user, api_client_for):
    publish(dcc_admin, at(5, 22), at(6, 1))
    api = api_client_for(ssi_user)
    assert {row["service"] for row in api.get("/api/v1/service-info/status/").json()} >= {
        "ssi",
        "gateway",
        "ch_ordering",
    }
    body = api.get("/api/v1/service-info/maintenance/").json()
    assert body["count"] == 1
    assert body["results"][0]["duration_minutes"] == 180
    created = api.post(
        "/api/v1/service-info/maintenance/",
        {
            "title": "x",
            "activity": "x",
            "services": ["ssi"],
            "starts_at": at(7, 22).isoformat(),
            "ends_at": at(7, 23).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 403


def test_api_publish_reports_rule_breaks(clock, dcc_admin, api_client_for):
    api = api_client_for(dcc_admin)
    created = api.post(
        "/api/v1/service-info/maintenance/",
        {
            "title": "Day job",
            "activity": "x",
            "services": ["ssi"],
            "starts_at": at(7, 10).isoformat(),
            "ends_at": at(7, 11).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    check = api.get(f"/api/v1/service-info/maintenance/{pk}/check/").json()
    assert check["compliant"] is False
    assert "20:00 and 08:00" in check["violations"][0]
    published = api.post(f"/api/v1/service-info/maintenance/{pk}/publish/", {}, format="json")
    assert published.status_code == 400
    assert "20:00 and 08:00" in published.content.decode()
    assert MaintenanceWindow.objects.get(pk=pk).status == MaintenanceStatus.DRAFT


def test_feedback_from_any_page(ssi_user, other_user, dcc_admin, login):
    client = login(ssi_user)
    response = client.post(
        "/service/feedback/", {"page": "/hubs/orders/", "rating": 4, "comment": "Clear tolerance table"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/hubs/orders/"
    feedback = Feedback.objects.get()
    assert (feedback.party_id, feedback.rating) == (ssi_user.party_id, 4)
    assert list(selectors.feedback_list(actor=other_user)) == []
    assert list(selectors.feedback_list(actor=dcc_admin)) == [feedback]
    assert login(other_user).get("/service/feedback/review/").status_code == 403
    bad = client.post("/service/feedback/", {"page": "https://evil.example/", "rating": 4})
    assert bad.status_code == 200
    assert Feedback.objects.count() == 1


def test_help_and_forms(dcc_admin, ssi_user, login):
    from portal.service_info.demo import seed_service_info
    from portal.service_info.models import DownloadableForm

    seed_service_info()
    client = login(ssi_user)
    text = client.get("/service/help/", {"q": "compliant"}).content.decode()
    assert "Why is my order flagged as not compliant?" in text
    assert "How far ahead" not in text
    form = DownloadableForm.objects.get()
    download = client.get(f"/service/forms/{form.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"service_reference")


def test_h8_7_update_during_maintenance(clock, dcc_admin, ssi_user, api_client_for):
    window = publish(dcc_admin, at(5, 22), at(6, 1))
    assert (
        api_client_for(ssi_user)
        .post(f"/api/v1/service-info/maintenance/{window.pk}/update/", {"text": "x"}, format="json")
        .status_code
        == 403
    )
    response = api_client_for(dcc_admin).post(
        f"/api/v1/service-info/maintenance/{window.pk}/update/", {"text": "Running 30 minutes over"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["latest_update"] == "Running 30 minutes over"


@pytest.mark.parametrize("state", ["draft", "cancelled"])
def test_h8_7_update_only_on_published_maintenance(clock, dcc_admin, state):
    window = draft(dcc_admin, at(5, 22), at(6, 1))
    if state == "cancelled":
        services.maintenance_cancel(actor=dcc_admin, window=window, reason="Not needed")
    with pytest.raises(ValidationError) as exc:
        services.maintenance_post_update(actor=dcc_admin, window=window, text="Running over")
    assert "H8.7" in exc.value.messages[0]
    window.refresh_from_db()
    assert window.latest_update == ""
