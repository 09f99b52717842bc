"""REST API of the SMKI app, mounted at /api/v1/smki/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "smki-api"
router = DefaultRouter()
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("authorities", views.AuthorityViewSet, basename="authority")
router.register("certificate-requests", views.CertificateRequestViewSet, basename="certificate-request")
router.register("batches", views.BatchViewSet, basename="batch")
router.register("external-pki-imports", views.ExternalPkiImportViewSet, basename="external-pki-import")
router.register("test-credentials", views.IssuedCredentialViewSet, basename="test-credential")
urlpatterns = [
    path("revocation-lists/<str:kind>/", views.RevocationListApi.as_view(), name="revocation-list"),
    *router.urls,
]
