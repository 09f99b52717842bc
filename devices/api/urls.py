"""REST API of the Service Requests and devices app, mounted at /api/v1/ itself."""

from django.urls import path

from . import views

app_name = "devices-api"
urlpatterns = [
    path("service-requests/", views.ServiceRequestListApi.as_view(), name="request-list"),
    path("service-requests/catalogue/", views.CatalogueListApi.as_view(), name="catalogue-list"),
    path("service-requests/catalogue/<str:srv>/", views.CatalogueDetailApi.as_view(), name="catalogue-detail"),
    path("service-requests/alerts/", views.AlertListApi.as_view(), name="alert-list"),
    path("service-requests/schedules/", views.ScheduleListApi.as_view(), name="schedule-list"),
    path("service-requests/thresholds/", views.ThresholdListApi.as_view(), name="threshold-list"),
    path(
        "service-requests/signed-pre-commands/", views.SignedPreCommandBatchApi.as_view(), name="signed-pre-commands"
    ),
    path("service-requests/quarantine/", views.QuarantineApi.as_view(), name="quarantine"),
    path("service-requests/report/", views.ReportApi.as_view(), name="report"),
    path("service-requests/archive/<str:request_id>/", views.ArchiveRetrieveApi.as_view(), name="archive-detail"),
    path("service-requests/<str:request_id>/", views.ServiceRequestDetailApi.as_view(), name="request-detail"),
    path(
        "service-requests/<str:request_id>/signed-pre-command/",
        views.SignedPreCommandApi.as_view(),
        name="signed-pre-command",
    ),
    path("emulated-devices/<str:device_id>/", views.EmulationApi.as_view(), name="emulation"),
    path("emulated-devices/<str:device_id>/faults/", views.FaultApi.as_view(), name="faults"),
    path("emulated-devices/<str:device_id>/power-on/", views.HubPowerOnApi.as_view(), name="power-on"),
    # DUIS web services (XML): Send Command, Transform and Non-Device, at DCC Boxed's paths.
    path("serviceS", views.duis_service, {"service": "S"}, name="duis-send-command"),
    path("serviceT", views.duis_service, {"service": "T"}, name="duis-transform"),
    path("serviceD", views.duis_service, {"service": "D"}, name="duis-non-device"),
]
