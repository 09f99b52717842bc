"""Production: PostgreSQL, Redis or RabbitMQ, gunicorn behind TLS. Passes ``check --deploy``."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

DEBUG = False
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random value of at least 50 characters.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
PORTAL_OUTBOX_ALLOW_HTTP = False
# Test conveniences that a production service must not offer unless its operator says so.
SMKI_REPOSITORY_SERVICES_ACCESS = env("SMKI_REPOSITORY_SERVICES_ACCESS", default="parties")
if SMKI_REPOSITORY_SERVICES_ACCESS not in ("open", "parties", "off"):
    raise ImproperlyConfigured("SMKI_REPOSITORY_SERVICES_ACCESS must be open, parties or off.")
SMKI_TEST_CREDENTIALS_ENABLED = env.bool("SMKI_TEST_CREDENTIALS_ENABLED", default=False)
