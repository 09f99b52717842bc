"""Template helpers for the portal shell (presentation only)."""

from django import template

register = template.Library()


@register.filter
def audit_changes(event) -> list[tuple[str, object, object]]:
    """(field, before, after) rows of an audit event, for a readable change column."""
    keys = sorted(set(event.before) | set(event.after))
    return [(key, event.before.get(key, "—"), event.after.get(key, "—")) for key in keys]
