"""Saved searches of the device search page."""

from django.db import transaction

from portal.exceptions import ApplicationError
from portal.models import User

from ..models import SavedSearch


def saved_search_save(*, actor: User, name: str, query: str) -> SavedSearch:
    """Save (or overwrite) the actor's search ``name`` with query string ``query``."""
    name = name.strip()[:80]
    if not name:
        raise ApplicationError("Give the search a name.", code="inventory.search_name_required")
    query = query.lstrip("?")[:1000]
    with transaction.atomic():
        search, _ = SavedSearch.objects.update_or_create(owner=actor, name=name, defaults={"query": query})
    return search


def saved_search_delete(*, actor: User, search: SavedSearch) -> None:
    if search.owner_id != actor.pk:
        raise ApplicationError("That is not your saved search.", code="inventory.not_your_search")
    search.delete()
