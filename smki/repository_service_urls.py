"""The SMKI Repository web services at DCC Boxed's paths (mounted at /services/ by portal/urls.py).

DCC Boxed serves them on port 8083; here they are ordinary routes of the project, served on every
port the portal listens on (``runportal`` adds DCC Boxed's ports).
"""

from django.urls import path

from .views import repository_services

app_name = "smki-services"
urlpatterns = [
    path("certificatesearch", repository_services.certificate_search, name="certificate_search"),
    path("retrievecertificate", repository_services.certificate_retrieve, name="certificate_retrieve"),
]
