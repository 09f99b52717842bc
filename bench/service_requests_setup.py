"""Shared set-up of the Service Request benchmark and reliability check.

Builds, straight into the database (bulk inserts, not the SR pipeline), a Supplier with an API
token and an SMKI Organisation Certificate, and an estate of homes: a Commissioned CH and a
Commissioned ESME per home (ready for reads, tariffs, top-ups) plus Pending ESMEs to commission.
Then starts the real processes: gunicorn (the API), Celery workers and Celery beat.
"""

import base64
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# DATABASE_URL / CELERY_BROKER_URL from the environment when they point at PostgreSQL / Redis.
_env_db = os.environ.get("DATABASE_URL", "")
_env_broker = os.environ.get("CELERY_BROKER_URL", "")
DEFAULT_DB = _env_db if _env_db.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/ssi_devices"
DEFAULT_BROKER = _env_broker if _env_broker.startswith("redis") else "redis://127.0.0.1:6379/3"


def environment(*, database_url: str, broker_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DJANGO_DEBUG="false",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_CONN_MAX_AGE="600",
        PYTHONPATH=str(ROOT),
    )
    return env


def django_setup(env: dict) -> None:
    os.environ.update(
        {k: env[k] for k in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_LOG_LEVEL")}
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_database(database_url: str) -> None:
    name = database_url.rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False)


def migrate(env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def reset_requests() -> None:
    """Start each run from an empty SR history (the estate is rebuilt too)."""
    from django.db import connection

    tables = [
        "devices_alertrecord_parties",
        "devices_alertrecord",
        "devices_serviceresponse",
        "devices_schedule",
        "devices_servicerequest",
        "devices_originatorcounter",
        "devices_emulateddevice",
        "devices_servicerequestarchive",
        "portal_outboxmessage",
    ]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")


# Tables the Service Request pipeline rewrites continuously (what autovacuum would look after).
HOT_TABLES = (
    "devices_alertrecord",
    "devices_alertrecord_parties",
    "devices_servicerequest",
    "devices_serviceresponse",
    "devices_emulateddevice",
    "portal_outboxmessage",
    "devices_originatorcounter",
    "inventory_deviceaccess",
    "inventory_device",
)


def autovacuum_is_on() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0] == "on"


def vacuum(*, full: bool = False, tables=None) -> None:
    """VACUUM (ANALYZE): the whole database (``full``: VACUUM FULL, before a run), or ``tables``."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if full:
            cursor.execute("VACUUM (FULL, ANALYZE)")
            return
        for table in tables or HOT_TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")


class Autovacuum:
    """Stands in for PostgreSQL's autovacuum when the server runs with it off (as some build
    machines do), on its own connection, so a long run measures what a production server would do.

    It follows the server's own autovacuum settings: every ``autovacuum_naptime`` it VACUUMs each
    table whose dead tuples (or inserts since the last vacuum) passed the threshold plus the scale
    factor times its size, and ANALYZEs each table whose changes since the last analyze passed
    theirs, as the autovacuum launcher would with the same settings.
    """

    SETTINGS = (
        "autovacuum_naptime",
        "autovacuum_vacuum_threshold",
        "autovacuum_vacuum_scale_factor",
        "autovacuum_vacuum_insert_threshold",
        "autovacuum_vacuum_insert_scale_factor",
        "autovacuum_analyze_threshold",
        "autovacuum_analyze_scale_factor",
    )

    def __init__(self, database_url: str):
        import threading

        self.database_url = database_url
        self.stop = threading.Event()
        self.runs = 0
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> "Autovacuum":
        self.thread.start()
        return self

    def _loop(self) -> None:
        import psycopg2

        connection = psycopg2.connect(self.database_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, setting::float FROM pg_settings WHERE name = ANY(%s)", [list(self.SETTINGS)])
            conf = dict(cursor.fetchall())
            while not self.stop.wait(conf["autovacuum_naptime"]):
                for table, vacuum, analyze in self._due(cursor, conf):
                    if vacuum:
                        cursor.execute(f'VACUUM {"(ANALYZE) " if analyze else ""}"{table}"')
                    else:
                        cursor.execute(f'ANALYZE "{table}"')
                self.runs += 1
        connection.close()

    @staticmethod
    def _due(cursor, conf: dict) -> list[tuple[str, bool, bool]]:
        cursor.execute(
            """SELECT s.relname, s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze, greatest(c.reltuples, 0)
               FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"""
        )
        due = []
        for table, dead, inserted, modified, size in cursor.fetchall():
            vacuum = dead > conf["autovacuum_vacuum_threshold"] + conf["autovacuum_vacuum_scale_factor"] * size or (
                inserted
                > conf["autovacuum_vacuum_insert_threshold"] + conf["autovacuum_vacuum_insert_scale_factor"] * size
            )
            analyze = modified > conf["autovacuum_analyze_threshold"] + conf["autovacuum_analyze_scale_factor"] * size
            if vacuum or analyze:
                due.append((table, vacuum, analyze))
        return due


def user_id(party_index: int) -> str:
    return f"90-B3-D5-BE-00-00-00-{party_index + 1:02X}"


def build_estate(*, homes: int, pending: int, parties: int = 1):
    """Builds the estate split between ``parties`` Suppliers.

    Returns one tuple per Supplier: (user ID, API token, private key, homes, pending meters).
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from django.contrib.auth.models import Group
    from django.db import transaction

    from cpl.models import DeviceModel
    from devices.services.catalogue import catalogue_load
    from inventory.models import Device, MeterPoint, MeterPointLink, Registration
    from portal.choices import PortalRole
    from portal.models import Party, PartyUserRole, User
    from portal.roles import roles_sync
    from portal.services.tokens import api_token_create
    from smki.models import Certificate, CertificateAuthority, Subscriber

    roles_sync()
    catalogue_load()
    suppliers = []
    with transaction.atomic():
        Device.objects.filter(device_id__startswith="00-BE-").delete()
        MeterPoint.objects.filter(mpxn__startswith="19").delete()
        for index in range(parties):
            key = ec.generate_private_key(ec.SECP256R1())
            PartyUserRole.objects.filter(user_id=user_id(index)).exclude(party__code=f"bench{index}").delete()
            party, _ = Party.objects.get_or_create(code=f"bench{index}", defaults={"name": f"Bench Energy {index}"})
            PartyUserRole.objects.get_or_create(party=party, role="EIS", defaults={"user_id": user_id(index)})
            email = f"bench{index}@bench.test"
            person = User.objects.filter(email=email).first() or User.objects.create_user(
                email, "bench-password-1234", full_name=f"Bench Runner {index}", party=party
            )
            person.groups.add(Group.objects.get(name=PortalRole.SSI_USER))
            _, token = api_token_create(actor=person, name=f"bench {time.time():.0f}", is_verified=True)
            _register_certificate(
                party,
                key,
                user_id(index),
                Certificate,
                CertificateAuthority,
                Subscriber,
                x509,
                hashes,
                NameOID,
                serialization,
            )
            suppliers.append((party, user_id(index), token, key))
        esme_model = _model(DeviceModel, "ESME", "BE01")
        hub_model = _model(DeviceModel, "CH", "BE02")
        now = datetime.now(UTC)
        chfs = [
            Device(
                device_id=_eui(0x10, i),
                device_type="CHF",
                device_model=hub_model,
                smi_status="commissioned",
                status_changed_at=now,
                commissioned_at=now,
            )
            for i in range(homes + pending)
        ]
        Device.objects.bulk_create(chfs, batch_size=2000)
        hubs = dict(Device.objects.filter(device_id__startswith="00-BE-10").values_list("device_id", "pk"))
        meters = [
            Device(
                device_id=_eui(0x20, i),
                device_type="ESME",
                device_model=esme_model,
                smi_status="commissioned" if i < homes else "pending",
                status_changed_at=now,
                pending_since=None if i < homes else now,
                hub_id=hubs[_eui(0x10, i)] if i < homes else None,
                prenotified_by_party=_owner(suppliers, i, homes, pending)[0],
                prenotified_by_role="EIS",
            )
            for i in range(homes + pending)
        ]
        Device.objects.bulk_create(meters, batch_size=2000)
        points = [
            MeterPoint(mpxn=f"19{i:011d}", fuel="electricity", direction="import") for i in range(homes + pending)
        ]
        MeterPoint.objects.bulk_create(points, batch_size=2000)
        point_pk = dict(MeterPoint.objects.filter(mpxn__startswith="19").values_list("mpxn", "pk"))
        meter_pk = dict(Device.objects.filter(device_id__startswith="00-BE-20").values_list("device_id", "pk"))
        Registration.objects.bulk_create(
            [
                Registration(
                    meter_point_id=point_pk[f"19{i:011d}"],
                    role="EIS",
                    party=_owner(suppliers, i, homes, pending)[0],
                    effective_from=now - timedelta(days=365),
                )
                for i in range(homes + pending)
            ],
            batch_size=2000,
        )
        MeterPointLink.objects.bulk_create(
            [
                MeterPointLink(
                    device_id=meter_pk[_eui(0x20, i)], meter_point_id=point_pk[f"19{i:011d}"], kind="import"
                )
                for i in range(homes)
            ],
            batch_size=2000,
        )
    vacuum(full=True)  # the estate was deleted and loaded again: start from compact tables and fresh statistics
    out = []
    for index, (_party, uid, token, key) in enumerate(suppliers):
        mine = [i for i in range(homes) if i % parties == index]
        waiting = [i for i in range(homes, homes + pending) if (i - homes) % parties == index]
        out.append(
            (
                uid,
                token,
                key,
                [(_eui(0x10, i), _eui(0x20, i)) for i in mine],
                [(_eui(0x10, i), _eui(0x20, i), f"19{i:011d}") for i in waiting],
            )
        )
    return out


def _owner(suppliers, i: int, homes: int, pending: int):
    """Which Supplier a home belongs to (round robin, homes and pending meters separately)."""
    index = i % len(suppliers) if i < homes else (i - homes) % len(suppliers)
    return suppliers[index]


def _eui(kind: int, n: int) -> str:
    digits = f"{n:08X}"
    return f"00-BE-{kind:02X}-00-" + "-".join(digits[i : i + 2] for i in range(0, 8, 2))


def _model(DeviceModel, device_type, model_id):
    import hashlib

    found, _ = DeviceModel.objects.get_or_create(
        manufacturer_id="BE00",
        model_id=model_id,
        hardware_version="1.0",
        firmware_version="1.0",
        defaults={
            "device_type": device_type,
            "manufacturer_name": "Bench",
            "model_name": f"Bench {device_type}",
            "firmware_hash": hashlib.sha256(model_id.encode()).hexdigest(),
            "smets_chts_version": "SMETS2",
            "gbcs_version": "3.2",
        },
    )
    return found


def _register_certificate(
    party, key, uid, Certificate, CertificateAuthority, Subscriber, x509, hashes, NameOID, serialization
):
    """An in-use Organisation Certificate for the bench User ID, as our SMKI would hold it."""
    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "02")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    der = cert.public_bytes(serialization.Encoding.DER)
    authority, _ = CertificateAuthority.objects.get_or_create(
        name="Bench issuing CA",
        defaults={
            "kind": "issuing_organisation",
            "serial": "BE0000",
            "subject": "CN=Bench",
            "not_before": now,
            "not_after": now + timedelta(days=365),
            "certificate_der": der,
            "key_backend": "none",
            "key_handle": "",
        },
    )
    subscriber, _ = Subscriber.objects.get_or_create(
        party=party, defaults={"status": "approved", "for_organisation_certificates": True}
    )
    Certificate.objects.filter(user_id=uid).delete()
    Certificate.objects.create(
        kind="organisation",
        usage="ds",
        status="in_use",
        authority=authority,
        subscriber=subscriber,
        serial=f"{cert.serial_number:X}"[:40],
        user_id=uid,
        role_code=2,
        public_key_sha256=os.urandom(32).hex(),
        csr_sha256="0" * 64,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=30),
        der=der,
    )


def sign(key, pre_command: dict) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    return base64.b64encode(key.sign(base64.b64decode(pre_command["payload"]), ec.ECDSA(hashes.SHA256()))).decode()


class Processes:
    """gunicorn, Celery workers and beat, started and stopped together."""

    def __init__(
        self, env: dict, *, port: int, web_workers: int, worker_concurrency: int, workers: int = 1, log_dir: Path
    ):
        self.env, self.port, self.log_dir = env, port, log_dir
        self.web_workers, self.worker_concurrency, self.workers = web_workers, worker_concurrency, workers
        self.procs: dict[str, subprocess.Popen] = {}
        self._killed: set[str] = set()
        self._supervising = False
        self.restarts = 0
        log_dir.mkdir(parents=True, exist_ok=True)

    def _start(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def start_web(self) -> None:
        self._start(
            "web",
            [
                PYTHON,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(self.web_workers),
                "--threads",
                str(getattr(self, "web_threads", 4)),
                "-k",
                "gthread",
                "--log-level",
                "warning",
                "--keep-alive",
                "30",
            ],
        )

    def start_worker(self, index: int = 0) -> subprocess.Popen:
        return self._start(
            f"worker{index}",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "-c",
                str(self.worker_concurrency),
                "-l",
                "warning",
                "-n",
                f"bench{index}-{time.time_ns()}@%h",
                "-O",
                "fair",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def start_beat(self) -> None:
        self._start(
            "beat",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "-l",
                "warning",
                "-s",
                str(self.log_dir / "celerybeat-schedule"),
            ],
        )

    def start_all(self) -> None:
        self.start_web()
        for i in range(self.workers):
            self.start_worker(i)
        self.start_beat()

    def supervise(self) -> None:
        """Restart workers that exit, as systemd ``Restart=always`` would in production (a Celery
        worker on the Redis transport can exit with "Unrecoverable error" when the broker restarts)."""
        import threading

        self.restarts = 0
        self._supervising = True

        def watch():
            while self._supervising:
                for name, proc in list(self.procs.items()):
                    if name.startswith("worker") and proc.poll() is not None and name not in self._killed:
                        self.restarts += 1
                        self.start_worker(int(name[6:]) + 100 * self.restarts)
                        self._killed.add(name)
                time.sleep(1)

        threading.Thread(target=watch, daemon=True).start()

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        proc = self.procs.get(name)
        self._killed.add(name)
        if proc and proc.poll() is None:
            os.killpg(proc.pid, sig)  # the worker's whole process group: parent and pool children
            proc.wait(timeout=30)

    def stop_all(self) -> None:
        self._supervising = False
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM)


def wait_http(port: int, timeout: float = 30) -> None:
    import http.client

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/service-requests/catalogue/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the API did not start")
