"""Browser pages of the Smart Metering Inventory app."""

from django.urls import path

from . import views

app_name = "inventory"
urlpatterns = [
    path("", views.device_search, name="devices"),
    path("devices/<str:device_id>/", views.device_detail, name="device"),
    path("devices/<str:device_id>/delete/", views.device_delete, name="device_delete"),
    path("prenotify/", views.prenotify, name="prenotify"),
    path("prenotify/upload/", views.prenotify_upload, name="prenotify_upload"),
    path("imports/<int:pk>/", views.import_result, name="import"),
    path("reports/", views.reports, name="reports"),
    path("meter-points/<str:mpxn>/", views.meter_point_detail, name="meter_point"),
    path("registration-data/upload/", views.registration_upload, name="registration_upload"),
    path("searches/save/", views.saved_search_save, name="search_save"),
    path("searches/<int:pk>/delete/", views.saved_search_delete, name="search_delete"),
]
