"""Browser pages of the Service Requests and devices app (mounted at /service-requests/)."""

from django.urls import path

from . import views

app_name = "devices"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.compose, name="compose"),
    path("new/body-help/", views.body_help, name="body_help"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<str:srv>/", views.catalogue_detail, name="catalogue_detail"),
    path("alerts/", views.alert_list, name="alerts"),
    path("quarantine/", views.quarantine, name="quarantine"),
    path("schedules/", views.schedule_list, name="schedules"),
    path("report/", views.report, name="report"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:pk>/", views.archive_detail, name="archive_detail"),
    path("hubs/<str:device_id>/power-on/", views.hub_power, name="hub_power"),
    path("devices/", views.backdoor, name="backdoor"),
    path("devices/<str:device_id>/", views.backdoor_device, name="backdoor_device"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/sign/", views.request_sign, name="request_sign"),
]
