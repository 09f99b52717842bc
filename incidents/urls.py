"""Browser pages of the Incidents and Service Desk app."""

from django.urls import path

from .views import detail, pages, problems, queue, reports

app_name = "incidents"
urlpatterns = [
    path("", pages.incident_list, name="list"),
    path("new/", pages.incident_raise_view, name="raise"),
    path("new/matches/", pages.incident_matches_view, name="matches"),
    path("query/", pages.general_query_view, name="query"),
    path("log/", pages.log_on_behalf_view, name="log"),
    path("queue/", queue.queue, name="queue"),
    path("queue/assign/", queue.queue_bulk_assign, name="queue-assign"),
    path("alerts/", problems.service_alerts, name="alerts"),
    path("alerts/<int:pk>/end/", problems.service_alert_end, name="alert-end"),
    path("problems/", problems.problem_list, name="problems"),
    path("problems/new/", problems.problem_raise_view, name="problem-raise"),
    path("problems/report/", problems.problem_report, name="problem-report"),
    path("problems/<int:pk>/", problems.problem_detail, name="problem-detail"),
    path("reports/", reports.dashboard, name="dashboard"),
    path("reports/monthly/", reports.monthly, name="monthly"),
    path("attachments/<int:pk>/", pages.attachment_download, name="attachment"),
    path("<int:pk>/", detail.incident_detail, name="detail"),
    path("<int:pk>/join/", pages.incident_join_view, name="join"),
    path("<int:pk>/major/<str:part>/", problems.major_report, name="major-report"),
    path("<int:pk>/<slug:name>/", detail.incident_action, name="action"),
]
