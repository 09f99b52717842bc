"""REST API of the SMKI app, mounted at /api/v1/smki/."""

from rest_framework.routers import DefaultRouter

app_name = "smki-api"
router = DefaultRouter()
urlpatterns = router.urls
