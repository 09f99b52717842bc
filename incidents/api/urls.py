"""REST API of the Incidents and Service Desk app, mounted at /api/v1/incidents/."""

from rest_framework.routers import DefaultRouter

app_name = "incidents-api"
router = DefaultRouter()
urlpatterns = router.urls
