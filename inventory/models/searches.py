"""Saved inventory searches of a person."""

from django.conf import settings
from django.db import models


class SavedSearch(models.Model):
    """A named query string of the device search page, private to the person who saved it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_device_searches")
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="inv_saved_search_unique")]

    def __str__(self) -> str:
        return self.name
