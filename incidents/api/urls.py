"""REST API of the Incidents and Service Desk app, mounted at /api/v1/incidents/."""

from rest_framework.routers import DefaultRouter

from .views import IncidentViewSet, ProblemViewSet, ServiceAlertViewSet

app_name = "incidents-api"
router = DefaultRouter()
router.register("problems", ProblemViewSet, basename="problem")
router.register("service-alerts", ServiceAlertViewSet, basename="service-alert")
router.register("", IncidentViewSet, basename="incident")
urlpatterns = router.urls
