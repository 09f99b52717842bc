"""Benchmark of the Smart Metering Inventory at national scale (issue 3, "Speed").

Loads N Devices (default 10 million) in ~N/4.6 Smart Metering Systems, with their MPANs/MPRNs,
registrations and access rows, into a PostgreSQL database by COPY, then times the hot paths
and prints p50/p95 in milliseconds:

  Device ID look-up, MPxN look-up, postcode search, a filtered list's first page (status +
  model, with its estimated count), the device page (full HTTP request through Django), and the
  bulk pre-notification import rate (validation + insert, through the real service).

Usage (PostgreSQL only; the database is dropped and rebuilt unless --skip-load):

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ssi_inventory \\
      python bench/inventory.py --devices 10000000 [--skip-load] [--samples 200]
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

TABLES = [
    "inventory_device",
    "inventory_meterpoint",
    "inventory_meterpointlink",
    "inventory_registration",
    "inventory_deviceaccess",
]
SUPPLIERS = [f"supplier{i}" for i in range(6)]
GAS_SUPPLIERS = [f"gas{i}" for i in range(3)]
DNOS = [f"dno{i}" for i in range(4)]
GTS = [f"gt{i}" for i in range(2)]
AREAS = ["AB", "B", "BS", "CF", "E", "EH", "G", "L", "LS", "M", "N", "NE", "NG", "S", "SE", "SW", "W"]
STATUSES = (
    ["commissioned"] * 80
    + ["installed_not_commissioned"] * 6
    + ["whitelisted"] * 3
    + ["pending"] * 5
    + ["decommissioned"] * 4
    + ["suspended"] * 2
)
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def eui(n: int) -> str:
    digits = f"{n:012X}"
    return "00-DB-" + "-".join(digits[i : i + 2] for i in range(0, 12, 2))


def mpan(n: int) -> str:
    from inventory.identifiers import mpan_check_digit

    first12 = f"1{n:011d}"
    return first12 + str(mpan_check_digit(first12))


def postcode(n: int) -> str:
    # ~1.7M distinct full postcodes, like Great Britain's.
    area = AREAS[n % len(AREAS)]
    n //= len(AREAS)
    return f"{area}{n % 99 + 1} {n // 99 % 10}{chr(65 + n // 990 % 26)}{chr(65 + n // 25740 % 26)}"


# --- set-up ----------------------------------------------------------------------------------


def reset_database() -> None:
    log("migrating a fresh schema")
    with connection.cursor() as c:
        c.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def make_reference_data():
    from cpl.models import DeviceModel
    from portal.models import Party, PartyUserRole, User

    roles = (
        [(c, "EIS") for c in SUPPLIERS]
        + [(c, "GIS") for c in GAS_SUPPLIERS]
        + [(c, "ENO") for c in DNOS]
        + [(c, "GNO") for c in GTS]
    )
    parties = {}
    for i, (code, role) in enumerate(roles):
        party = Party.objects.create(name=f"Bench {code}", code=code)
        PartyUserRole.objects.create(party=party, role=role, user_id=eui(0xB0000000 + i))
        parties[code] = party
    dcc = Party.objects.create(name="DCC", code="dcc", is_dcc=True)
    models = {"ESME": [], "GSME": [], "CH": []}
    for kind, count in (("ESME", 15), ("GSME", 8), ("CH", 6)):
        for i in range(count):
            models[kind].append(
                DeviceModel.objects.create(
                    device_type=kind,
                    manufacturer_id=f"{0x1000 + i:04X}",
                    manufacturer_name=f"Maker {i % 5}",
                    model_id=f"{0x100 * (1 + list(models).index(kind)) + i:04X}",
                    model_name=f"{kind} model {i}",
                    hardware_version="1.0",
                    firmware_version=f"{i}.0",
                    firmware_hash=f"{i:064x}",
                    smets_chts_version="SMETS2",
                )
            )
    from django.contrib.auth.models import Group

    from portal.roles import roles_sync

    roles_sync()
    user = User.objects.create_user(
        "bench@supplier0.test", "bench-password-123", full_name="Bench", party=parties["supplier0"]
    )
    user.groups.set(Group.objects.filter(name="ssi_user"))
    staff = User.objects.create_user("bench@dcc.test", "bench-password-123", full_name="Bench DCC", party=dcc)
    staff.groups.set(Group.objects.filter(name="service_desk_agent"))
    return parties, models


def _copy(table: str, columns: list[str], rows) -> int:
    """Stream rows (tuples of str or None) into ``table`` with COPY ... FROM STDIN, in chunks."""
    count = 0
    buffer = io.StringIO()
    cursor = connection.cursor().cursor  # the psycopg2 cursor

    def flush():
        buffer.seek(0)
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join("\\N" if v is None else v for v in row))
        buffer.write("\n")
        count += 1
        if count % 200_000 == 0:
            flush()
    flush()
    return count


def load(devices_wanted: int, parties, models) -> dict:
    rng = random.Random(7)
    party_id = {code: str(p.pk) for code, p in parties.items()}
    esme_models = [str(m.pk) for m in models["ESME"]]
    gsme_models = [str(m.pk) for m in models["GSME"]]
    ch_models = [str(m.pk) for m in models["CH"]]
    systems = int(devices_wanted / 4.6)
    stamp = NOW.isoformat()
    device_cols = [
        "id",
        "device_id",
        "device_type",
        "device_model_id",
        "type2_description",
        "smi_status",
        "status_before_suspension",
        "status_before_recovery",
        "status_changed_at",
        "pending_since",
        "prenotified_by_party_id",
        "prenotified_by_role",
        "prenotified_by_id",
        "hub_id",
        "esme_variant",
        "region",
        "wan_variant",
        "han_variant",
        "uprn",
        "postcode",
        "address_line",
        "description",
        "commissioned_at",
        "commissioned_by_party_id",
        "created_at",
        "updated_at",
    ]
    points, links, regs, access = [], [], [], []
    counters = {"device": 0, "point": 0}

    def device_rows():
        for s in range(systems):
            pc = postcode(s)
            region = ("north", "central", "south")[s % 3]
            sup, dno = SUPPLIERS[s % 6], DNOS[s % 4]
            dual = s % 5 < 3
            gas_sup, gt = GAS_SUPPLIERS[s % 3], GTS[s % 2]
            status = STATUSES[rng.randrange(len(STATUSES))]
            prior = "commissioned" if status == "suspended" else ""
            uprn = str(100_000_000 + s)
            address = f"{s % 300 + 1} Bench Street"
            ch_model = ch_models[s % len(ch_models)]
            chf = counters["device"] + 1
            members = [
                ("CHF", ch_model, status if status != "pending" else "pending", "", None),
                ("GPF", ch_model, status if dual else "installed_not_commissioned", "", chf),
                ("ESME", esme_models[s % len(esme_models)], status, sup, chf),
            ]
            if dual:
                members.append(("GSME", gsme_models[s % len(gsme_models)], status, gas_sup, chf))
            members.append(("IHD", None, None, sup, chf))
            for dtype, model, st, prenotifier, hub in members:
                counters["device"] += 1
                pk = counters["device"]
                pending = stamp if st == "pending" else None
                yield (
                    str(pk),
                    eui(pk),
                    dtype,
                    model,
                    "Bench IHD" if dtype == "IHD" else "",
                    st,
                    prior if st == "suspended" else "",
                    "",
                    stamp,
                    pending,
                    party_id[prenotifier] if prenotifier else None,
                    "EIS" if prenotifier == sup else ("GIS" if prenotifier else ""),
                    None,
                    str(hub) if hub else None,
                    "single" if dtype == "ESME" else "",
                    region if dtype in ("CHF", "GPF") else "",
                    "",
                    "",
                    uprn,
                    pc,
                    address,
                    "",
                    stamp if st == "commissioned" else None,
                    None,
                    stamp,
                    stamp,
                )
                elec = dtype in ("CHF", "ESME", "IHD")
                gas = dtype in ("GPF", "GSME") or (dtype in ("CHF", "IHD") and dual)
                if elec:
                    access.append((party_id[sup], pk, st, model))
                    access.append((party_id[dno], pk, st, model))
                if gas:
                    access.append((party_id[gas_sup], pk, st, model))
                    access.append((party_id[gt], pk, st, model))
                if dtype in ("ESME", "GSME"):
                    counters["point"] += 1
                    mp = counters["point"]
                    number = mpan(mp) if dtype == "ESME" else str(1_000_000 + mp)
                    points.append((mp, number, "electricity" if dtype == "ESME" else "gas", uprn, pc, address))
                    links.append((pk, mp, "import" if dtype == "ESME" else "mprn"))
                    role_s, role_n = ("EIS", "ENO") if dtype == "ESME" else ("GIS", "GNO")
                    who_s, who_n = (sup, dno) if dtype == "ESME" else (gas_sup, gt)
                    if mp % 4 == 0:  # a change of supplier in the last 24 months
                        before = SUPPLIERS[(s + 1) % 6] if dtype == "ESME" else GAS_SUPPLIERS[(s + 1) % 3]
                        regs.append(
                            (mp, role_s, party_id[before], "2023-01-01T00:00:00+00:00", "2025-06-01T00:00:00+00:00")
                        )
                        regs.append((mp, role_s, party_id[who_s], "2025-06-01T00:00:00+00:00", None))
                    else:
                        regs.append((mp, role_s, party_id[who_s], "2022-01-01T00:00:00+00:00", None))
                    regs.append((mp, role_n, party_id[who_n], "2020-01-01T00:00:00+00:00", None))
            if s and s % 500_000 == 0:
                log(f"  {s} systems generated")
                flush_side_tables()

    def flush_side_tables():
        _copy(
            "inventory_meterpoint",
            ["id", "mpxn", "fuel", "direction", "uprn", "postcode", "address_line", "created_at", "updated_at"],
            ((str(p[0]), p[1], p[2], "import", p[3], p[4], p[5], stamp, stamp) for p in points),
        )
        _copy(
            "inventory_meterpointlink",
            ["device_id", "meter_point_id", "kind", "created_at"],
            ((str(d), str(m), k, stamp) for d, m, k in links),
        )
        _copy(
            "inventory_registration",
            ["meter_point_id", "role", "party_id", "effective_from", "effective_to", "source", "created_at"],
            ((str(m), r, p, f, t, "bench", stamp) for m, r, p, f, t in regs),
        )
        _copy(
            "inventory_deviceaccess",
            ["party_id", "device_id", "smi_status", "device_model_id"],
            ((p, str(d), st, m) for p, d, st, m in access),
        )
        for side in (points, links, regs, access):
            side.clear()

    log(f"loading ~{devices_wanted} devices in {systems} systems by COPY")
    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute("SET session_replication_role = replica")  # no FK triggers during the load
        c.execute("SET synchronous_commit = off")
    total = _copy("inventory_device", device_cols, device_rows())
    flush_side_tables()
    with connection.cursor() as c:
        c.execute("SET session_replication_role = origin")
        for table in TABLES:
            c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    log(f"loaded {total} devices in {time.perf_counter() - started:.0f} s")
    return {"devices": total, "systems": systems}


def drop_indexes() -> list[str]:
    """Secondary indexes of the big tables (recreated after the load, which is much faster)."""
    with connection.cursor() as c:
        c.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
                     WHERE i.tablename = ANY(%s) AND i.indexname NOT IN (
                       SELECT conname FROM pg_constraint WHERE contype IN ('p'))""",
            [TABLES],
        )
        found = c.fetchall()
        for name, _ in found:
            c.execute(f"DROP INDEX IF EXISTS {name} CASCADE")
    return [definition for _, definition in found]


def create_indexes(definitions: list[str]) -> None:
    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute("SET maintenance_work_mem = '512MB'")
        for definition in definitions:
            c.execute(definition)
    vacuum()
    log(f"indexes rebuilt and tables vacuumed in {time.perf_counter() - started:.0f} s")


def vacuum() -> None:
    """VACUUM ANALYZE the big tables, as autovacuum would have in a live system after a bulk load
    (sets the visibility map, so index-only scans need no heap visits)."""
    with connection.cursor() as c:
        for table in TABLES:
            c.execute(f"VACUUM (ANALYZE) {table}")


def unique_constraints_sql() -> list[tuple[str, str]]:
    with connection.cursor() as c:
        c.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                     WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)""",
            [TABLES],
        )
        rows = c.fetchall()
        for table, name, _ in rows:
            c.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    return [(f"ALTER TABLE {t} ADD CONSTRAINT {n} {d}", n) for t, n, d in rows]


# --- measurements ----------------------------------------------------------------------------


def timed(fn, samples: int) -> tuple[float, float]:
    fn()  # warm caches and connections
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def measure(samples: int, total_devices: int) -> list[tuple[str, float, float, str]]:
    from django.test import Client

    from inventory import selectors
    from inventory.constants import DEVICE_SORTS
    from inventory.filters import DeviceFilterSet
    from inventory.models import Device, MeterPoint
    from portal.models import User

    user = User.objects.get(email="bench@supplier0.test")
    staff = User.objects.get(email="bench@dcc.test")
    rng = random.Random(11)
    # The loaded estate (pk n has Device ID eui(n)); rows the import measurement added come after it.
    max_pk = (
        Device.objects.exclude(device_id__startswith="00-DB-00-F0")
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    max_mp = MeterPoint.objects.order_by("-pk").values_list("pk", flat=True).first()
    # Devices of supplier0: systems s % 6 == 0 (device ids of their ESMEs follow the SMS layout).
    from inventory.models import DeviceAccess

    sample_pks = [rng.randrange(1, max_pk) for _ in range(20000)]
    own = list(
        Device.objects.filter(
            pk__in=DeviceAccess.objects.filter(party=user.party, device_id__in=sample_pks).values("device_id")
        ).values_list("device_id", flat=True)
    )
    log(f"sampling from {len(own)} of the supplier's devices")
    from cpl.models import DeviceModel

    models = list(DeviceModel.objects.filter(device_type="ESME").values_list("pk", flat=True))
    mpxns = list(
        MeterPoint.objects.filter(pk__in=[rng.randrange(1, max_mp) for _ in range(3000)]).values_list(
            "mpxn", flat=True
        )
    )
    results = []

    def by_id():
        selectors.device_get(actor=user, device_id=rng.choice(own))

    def by_id_staff():
        selectors.device_get(actor=staff, device_id=eui(rng.randrange(1, max_pk)))

    def by_mpxn():
        list(selectors.devices_for_mpxn(actor=staff, mpxn=rng.choice(mpxns)))

    def by_mpxn_scoped():
        list(selectors.devices_for_mpxn(actor=user, mpxn=rng.choice(mpxns)))

    def by_postcode():
        qs = DeviceFilterSet(
            {"q": postcode(rng.randrange(0, total_devices // 5))},
            queryset=selectors.device_list(actor=user),
            actor=user,
        ).qs
        selectors.keyset_page(qs, ordering=DEVICE_SORTS["-created"], size=50)

    def first_page(actor):
        def run():
            params = {
                "smi_status": [rng.choice(["commissioned", "pending", "suspended", "whitelisted"])],
                "device_model": str(rng.choice(models)),
            }
            qs = DeviceFilterSet(params, queryset=selectors.device_list(actor=actor), actor=actor).qs
            selectors.keyset_page(qs, ordering=DEVICE_SORTS["-created"], size=50)
            selectors.estimated_count(qs)

        return run

    client = Client()
    client.force_login(user)
    _verify_second_factor(client, user)

    def device_page():
        response = client.get(f"/inventory/devices/{rng.choice(own)}/")
        assert response.status_code == 200, response.status_code

    results.append(("Device ID look-up (supplier, scoped)", *timed(by_id, samples), "p95 <= 20"))
    results.append(("Device ID look-up (DCC staff)", *timed(by_id_staff, samples), "p95 <= 20"))
    results.append(("MPxN look-up (DCC staff)", *timed(by_mpxn, samples), "p95 <= 20"))
    results.append(("MPxN look-up (supplier, scoped)", *timed(by_mpxn_scoped, samples), "p95 <= 20"))
    results.append(("Postcode search, first page (supplier)", *timed(by_postcode, samples), "p95 <= 20"))
    results.append(("Filtered first page status+model (DCC staff)", *timed(first_page(staff), samples), "p95 <= 150"))
    results.append(("Filtered first page status+model (supplier)", *timed(first_page(user), samples), "p95 <= 150"))
    results.append(("Device page, full HTTP request (supplier)", *timed(device_page, samples), "p95 <= 100"))
    return results


def _verify_second_factor(client, user) -> None:
    """Mark the bench session as having passed two-factor, as a signed-in person would have."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.models import SignedInSession

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    SignedInSession.objects.get_or_create(
        session_key=session.session_key, defaults={"user": user, "party": user.party}
    )


def import_rate(rows: int) -> float:
    from cpl.models import DeviceModel
    from inventory.models import Device
    from inventory.services import prenotify_rows
    from portal.models import User

    user = User.objects.get(email="bench@supplier0.test")
    model = DeviceModel.objects.filter(device_type="ESME").first()
    base = 0xF0_0000_0000
    # Remove what an earlier run imported, so every run inserts the same rows into the same table size.
    Device.objects.filter(device_id__startswith="00-DB-00-F0").delete()
    data = [
        (
            i + 2,
            {
                "device_id": eui(base + i),
                "device_type": "ESME",
                "manufacturer_id": model.manufacturer_id,
                "model_id": model.model_id,
                "hardware_version": model.hardware_version,
                "firmware_version": model.firmware_version,
                "postcode": "LS1 4AP",
            },
        )
        for i in range(rows)
    ]
    start = time.perf_counter()
    report = prenotify_rows(actor=user, rows=data, mode="strict")
    elapsed = time.perf_counter() - start
    assert report.imported == rows, (report.imported, report.errors[:3])
    return rows / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=10_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--skip-load", action="store_true", help="measure an already loaded database")
    parser.add_argument("--vacuum", action="store_true", help="with --skip-load: migrate and VACUUM ANALYZE first")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark against PostgreSQL: set DATABASE_URL=postgres://...")
    settings.DEBUG = False
    if not args.skip_load:
        reset_database()
        parties, models = make_reference_data()
        constraints = unique_constraints_sql()
        indexes = drop_indexes()
        load(args.devices, parties, models)
        started = time.perf_counter()
        with connection.cursor() as c:
            c.execute("SET maintenance_work_mem = '512MB'")
            for sql, _ in constraints:
                c.execute(sql)
        log(f"unique constraints rebuilt in {time.perf_counter() - started:.0f} s")
        create_indexes([d for d in indexes if not any(n in d for _, n in constraints)])
    elif args.vacuum:
        call_command("migrate", verbosity=0)
        vacuum()
        log("migrated and vacuumed")
    from inventory.models import Device

    with connection.cursor() as c:
        c.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'inventory_device'")
        total = c.fetchone()[0]
    log(f"measuring on ~{total} devices ({args.samples} samples each)")
    load_before = os.getloadavg()[0]
    results = measure(args.samples, total)
    rate = import_rate(args.import_rows)
    load_after = os.getloadavg()[0]
    print()
    print(
        f"Smart Metering Inventory benchmark: {total:,} devices, PostgreSQL {connection.pg_version // 10000}, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"load average (1 min) {load_before:.1f} before, {load_after:.1f} after measuring (the machine is shared)")
    print(f"{'operation':<50} {'p50 ms':>8} {'p95 ms':>8}  target")
    for name, p50, p95, target in results:
        print(f"{name:<50} {p50:8.1f} {p95:8.1f}  {target}")
    print(f"{'Bulk pre-notification import (validation + insert)':<50} {rate:8.0f} devices/s  target >= 10000")
    _ = Device


if __name__ == "__main__":
    main()
