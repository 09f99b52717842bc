"""Fast bulk UPDATE of many rows with different values (the pipeline's per-batch write).

Django's ``bulk_update`` builds one ``CASE WHEN`` per field, which costs seconds for a few
hundred rows; on PostgreSQL we send one ``UPDATE ... FROM (VALUES ...)`` instead.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models


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


def _converter(field):
    if isinstance(field, models.JSONField):
        encoder = field.encoder or DjangoJSONEncoder
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if isinstance(field, models.DateTimeField | models.CharField | models.IntegerField | models.BooleanField):
        return lambda value: value  # psycopg adapts these (aware datetimes included) as they are
    return lambda value: field.get_db_prep_save(value, connection)
