"""Root URLs: the SSI pages of every app, the OTP-protected admin, and the API with its schema."""

from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

# The Django admin demands a verified second factor.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "DCC SSI replica administration"

handler404 = "portal.views.errors.not_found"
handler500 = "portal.views.errors.server_error"

urlpatterns = [
    path("", include("portal.page_urls")),
    path("service/", include("portal.service_info.urls")),
    path("cpl/", include("cpl.urls")),
    path("inventory/", include("inventory.urls")),
    path("hubs/", include("inventory.hubs.urls")),
    path("coverage/", include("inventory.coverage.urls")),
    path("smki/", include("smki.urls")),
    # The SMKI Repository web services at DCC Boxed's paths, for DCC's client tools (issue 12 item 8).
    path("services/", include("smki.repository_service_urls")),
    path("service-requests/", include("devices.urls")),
    path("incidents/", include("incidents.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/schema/swagger/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/schema/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
