"""Emulated device states compressed with LZ4 where the PostgreSQL server supports it.

A meter's state is about 4 KB of JSON, so PostgreSQL compresses it; every pipeline batch reads
each target's state and rewrites the states of the meters it changed. LZ4 decompresses and
compresses several times faster than the default pglz. Rows keep their old compression until
they are next written. No-op on SQLite and on servers built without LZ4.
"""

from django.db import migrations


def _compression(method: str):
    def apply(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND %s = ANY(enumvals)", [method]
            )
            if cursor.fetchone():
                schema_editor.execute(f"ALTER TABLE devices_emulateddevice ALTER state SET COMPRESSION {method}")

    return apply


class Migration(migrations.Migration):
    dependencies = [("devices", "0006_emulated_state_drop_answer_cache")]

    operations = [migrations.RunPython(_compression("lz4"), _compression("pglz"))]
