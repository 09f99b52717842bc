"""/api/v1/: each app's router under its own prefix and namespace."""

from django.urls import include, path

urlpatterns = [
    path("portal/", include("portal.api.urls")),
    path("service-info/", include("portal.service_info.api.urls")),
    path("cpl/", include("cpl.api.urls")),
    path("inventory/", include("inventory.api.urls")),
    path("hubs/", include("inventory.hubs.api.urls")),
    path("coverage/", include("inventory.coverage.api.urls")),
    path("smki/", include("smki.api.urls")),
    path("", include("devices.api.urls")),  # /api/v1/service-requests/ and friends, at the top as DUIS has them
    path("incidents/", include("incidents.api.urls")),
]
