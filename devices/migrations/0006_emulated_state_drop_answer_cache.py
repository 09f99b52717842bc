"""Emulated devices no longer keep an answer per command (D-DEV-17): drop the old cache from their state."""

from django.db import migrations


def drop_answer_cache(apps, schema_editor):
    EmulatedDevice = apps.get_model("devices", "EmulatedDevice")
    rows = []
    for row in EmulatedDevice.objects.filter(state__has_key="_answered").only("pk", "state").iterator(chunk_size=500):
        row.state.pop("_answered", None)
        rows.append(row)
        if len(rows) == 500:
            EmulatedDevice.objects.bulk_update(rows, ["state"])
            rows = []
    EmulatedDevice.objects.bulk_update(rows, ["state"])


class Migration(migrations.Migration):
    dependencies = [("devices", "0005_tick_indexes")]

    operations = [migrations.RunPython(drop_answer_cache, migrations.RunPython.noop)]
