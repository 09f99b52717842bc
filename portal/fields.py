"""Model fields shared by the apps.

``FastJSONField`` is Django's ``JSONField`` encoded and decoded with orjson. The Service Request
pipeline reads and writes a JSON document per emulated device, request, response and outbox
message; the standard library's encoder and decoder were a measurable share of its time. Values
are stored exactly as ``DjangoJSONEncoder`` would write them: date-times, decimals, UUIDs and lazy
strings go through that encoder, so data written before and after this field reads the same.
"""

from typing import Any

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.json import KeyTransform

_fallback = DjangoJSONEncoder().default
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def json_dumps(value) -> str:
    """JSON text for ``value`` (what ``json.dumps(value, cls=DjangoJSONEncoder)`` means, faster)."""
    return orjson.dumps(value, default=_fallback, option=_OPTIONS).decode()


def json_copy(value: Any) -> Any:
    """A deep copy of a JSON-like value, as it would read back from the database."""
    return None if value is None else orjson.loads(json_dumps(value))


class FastJSONField(models.JSONField):
    """A ``JSONField`` using orjson; always encodes like ``DjangoJSONEncoder``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("encoder", DjangoJSONEncoder)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None or (isinstance(expression, KeyTransform) and not isinstance(value, str)):
            return value
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if connection.vendor == "postgresql":
            from django.db.backends.postgresql.psycopg_any import Jsonb

            return Jsonb(value, dumps=json_dumps)
        return json_dumps(value)
