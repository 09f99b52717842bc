"""REST API of the Smart Metering Inventory app, mounted at /api/v1/inventory/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "inventory-api"
router = DefaultRouter()
router.register("devices", views.DeviceViewSet, basename="device")
router.register("meter-points", views.MeterPointViewSet, basename="meter-point")
urlpatterns = [
    path("prenotification-imports/", views.PrenotificationImportApi.as_view(), name="prenotification-import"),
    path("registration-imports/", views.RegistrationImportApi.as_view(), name="registration-import"),
    path("device-counts/", views.DeviceCountsApi.as_view(), name="device-counts"),
    *router.urls,
]
