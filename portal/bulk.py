"""Fast bulk writes for the hot paths (Service Request intake and pipeline).

Django's ``bulk_update`` builds one ``CASE WHEN`` per field, which costs seconds for a few
hundred rows; on PostgreSQL ``bulk_set`` sends one ``UPDATE ... FROM (VALUES ...)`` instead.
Django's ``bulk_create`` prepares every value through the field's full conversion chain;
``bulk_insert`` picks one converter per column and sends one ``INSERT ... RETURNING id``.
Elsewhere (SQLite) both fall back to Django's own methods.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

from .fields import FastJSONField, json_dumps


def bulk_set(model: type[models.Model], objs, fields: list[str], *, batch_size: int = 500) -> None:
    objs = list(objs)
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=batch_size)
        return
    meta = model._meta
    columns = [meta.get_field(f) for f in fields]
    pk = meta.pk
    # Casts and converters once per call, not per row (db_type() is surprisingly costly).
    pk_cast = f"%s::{pk.db_type(connection)}"
    casts = [f"%s::{field.db_type(connection)}" for field in columns]
    row_sql = "(" + ", ".join([pk_cast, *casts]) + ")"
    convert = [_converter(field) for field in columns]
    for start in range(0, len(objs), batch_size):
        chunk = objs[start : start + batch_size]
        rows, params = [], []
        for obj in chunk:
            params.append(obj.pk)
            params.extend(conv(getattr(obj, field.attname)) for field, conv in zip(columns, convert, strict=True))
            rows.append(row_sql)
        names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
        assignments = ", ".join(
            f"{connection.ops.quote_name(f.column)} = v.{connection.ops.quote_name(f.column)}" for f in columns
        )
        sql = (
            # Only quoted table/column names are interpolated; every value is a query parameter.
            f"UPDATE {connection.ops.quote_name(meta.db_table)} AS t SET {assignments} FROM (VALUES "  # noqa: S608
            f"{', '.join(rows)}) AS v({connection.ops.quote_name(pk.column)}, {names}) "
            f"WHERE t.{connection.ops.quote_name(pk.column)} = v.{connection.ops.quote_name(pk.column)}"
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
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for start in range(0, len(objs), batch_size):
        chunk = objs[start : start + batch_size]
        params = []
        for obj in chunk:
            for field in stamped:
                field.pre_save(obj, add=True)
            params.extend(conv(getattr(obj, field.attname)) for field, conv in zip(fields, convert, strict=True))
        sql = (
            # Only quoted table/column names are interpolated; every value is a query parameter.
            f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) "  # noqa: S608
            f"VALUES {', '.join([row_sql] * len(chunk))} RETURNING {connection.ops.quote_name(pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for obj, (value,) in zip(chunk, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
                obj._state.adding, obj._state.db = False, connection.alias
    return objs


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
