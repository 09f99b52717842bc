"""REST API of SSI service information (/api/v1/service-info/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "service_info-api"
router = DefaultRouter()
router.register("maintenance", views.MaintenanceWindowViewSet, basename="maintenance")
router.register("notices", views.ServiceNoticeViewSet, basename="notice")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("forms", views.DownloadableFormViewSet, basename="form")
router.register("feedback", views.FeedbackViewSet, basename="feedback")
urlpatterns = [path("status/", views.ServiceStatusApi.as_view(), name="status"), *router.urls]
