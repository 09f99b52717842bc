"""Fast bulk writes for the hot paths (Service Request intake and pipeline).

Django's ``bulk_update`` builds one ``CASE WHEN`` per field, which costs seconds for a few
hundred rows; Django's ``bulk_create`` prepares every value through the field's full conversion
chain. On PostgreSQL these send one statement per batch with one parameter per *column*: each
column travels as a PostgreSQL array literal, expanded by ``unnest`` on the server
(``INSERT ... SELECT * FROM unnest(...) RETURNING id``, ``UPDATE ... FROM unnest(...)``). A
statement with a literal per value spent most of its server time parsing and planning them.
Elsewhere (SQLite) both fall back to Django's own methods.
"""

import json
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

from .fields import FastJSONField, json_dumps


def bulk_set(model: type[models.Model], objs, fields: list[str], *, batch_size: int = 500) -> None:
    """Write ``fields`` of the (existing) ``objs`` back, one UPDATE per ``batch_size`` rows."""
    objs = list(objs)
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=batch_size)
        return
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(f) for f in fields]
    convert = [_converter(field) for field in columns]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns)
    sql = (
        # Only quoted table/column names and column types are interpolated; values are parameters.
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608
        f"FROM unnest({_array_params([pk, *columns])}) AS v({quote(pk.column)}, "
        f"{', '.join(quote(f.column) for f in columns)}) WHERE t.{quote(pk.column)} = v.{quote(pk.column)}"
    )
    for start in range(0, len(objs), batch_size):
        chunk = objs[start : start + batch_size]
        params = [array_literal([obj.pk for obj in chunk])]
        params.extend(
            array_literal([conv(getattr(obj, field.attname)) for obj in chunk])
            for field, conv in zip(columns, convert, strict=True)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def bulk_insert(model: type[models.Model], objs, *, batch_size: int = 500) -> list:
    """Insert new ``objs`` (no signals, like ``bulk_create``) and set their primary keys."""
    objs = list(objs)
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    convert = [_converter(field) for field in fields]
    quote = connection.ops.quote_name
    sql = (
        # Only quoted table/column names and column types are interpolated; values are parameters.
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"SELECT * FROM unnest({_array_params(fields)}) RETURNING {quote(pk.column)}"
    )
    for start in range(0, len(objs), batch_size):
        chunk = objs[start : start + batch_size]
        for obj in chunk:
            for field in stamped:
                field.pre_save(obj, add=True)
        params = [
            array_literal([conv(getattr(obj, field.attname)) for obj in chunk])
            for field, conv in zip(fields, convert, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # Rows come back in the order unnest produced them (Django's own UNNEST inserts rely on it too).
            for obj, (value,) in zip(chunk, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
                obj._state.adding, obj._state.db = False, connection.alias
    return objs


def _array_params(fields) -> str:
    return ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)


def array_literal(values) -> str:
    """A PostgreSQL array literal holding ``values`` (as the element type's input function reads them)."""
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif isinstance(value, bool):
            items.append("t" if value else "f")
        elif isinstance(value, int):
            items.append(str(int(value)))  # int(): IntegerChoices members print their names
        elif isinstance(value, float):
            items.append(repr(float(value)))
        else:
            if isinstance(value, datetime | date | time):
                text = value.isoformat()
            elif isinstance(value, str | Decimal | UUID):
                text = str(value)
            else:
                raise TypeError(f"bulk writes cannot send a {type(value).__name__} value")
            items.append('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(items) + "}"


def _converter(field):
    if isinstance(field, FastJSONField):
        return lambda value: None if value is None else json_dumps(value)
    if isinstance(field, models.JSONField):
        encoder = field.encoder or DjangoJSONEncoder
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if isinstance(
        field, models.DateTimeField | models.CharField | models.IntegerField | models.BooleanField | models.ForeignKey
    ):
        return lambda value: value  # psycopg adapts these (aware datetimes included) as they are
    return lambda value: field.get_db_prep_save(value, connection)
