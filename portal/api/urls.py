"""Platform API, mounted at /api/v1/portal/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "portal-api"
router = DefaultRouter()
router.register("parties", views.PartyViewSet, basename="party")
router.register("people", views.PersonViewSet, basename="person")
router.register("tokens", views.ApiTokenViewSet, basename="token")
router.register("endpoints", views.PushEndpointViewSet, basename="endpoint")
router.register("outbox", views.OutboxMessageViewSet, basename="outbox")
router.register("audit", views.AuditEventViewSet, basename="audit")
router.register("jobs", views.JobViewSet, basename="job")

urlpatterns = [path("me/", views.MeApi.as_view(), name="me"), *router.urls]
