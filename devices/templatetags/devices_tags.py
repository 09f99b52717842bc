"""Presentation helpers for Service Request pages (no business rules)."""

import json

from django import template

from ..constants import RESPONSE_CODES

register = template.Library()
_TAGS = {
    "completed": "succeeded",
    "failed": "failed",
    "rejected": "failed",
    "deleted": "revoked",
    "cancelled": "revoked",
    "quarantined": "pending",
    "awaiting_signature": "pending",
    "queued": "queued",
    "scheduled": "queued",
    "sending": "running",
    "local_delivery": "delivered",
}


@register.filter
def sr_tag(status: str) -> str:
    return f"tag tag-{_TAGS.get(status, 'muted')}"


@register.filter
def code_meaning(code: str) -> str:
    return RESPONSE_CODES.get(code or "", "")


@register.filter
def pretty_json(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, default=str)


@register.filter
def seconds_human(value) -> str:
    if value is None:
        return "—"
    value = int(value)
    if value % 86400 == 0:
        return f"{value // 86400} day{'s' if value != 86400 else ''}"
    if value % 3600 == 0:
        return f"{value // 3600} h"
    return f"{value} s"
