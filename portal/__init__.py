"""The project package and the shared platform (Parties, people, audit, outbox, API base)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
