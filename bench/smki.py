"""Benchmark: 50,000 Device CSRs submitted as one batch and issued end to end (issue 4 "Speed").

Runs on PostgreSQL with a real Celery worker (two processes) and Redis as broker. The CSRs (each
with a fresh P-256 key, as devices make them) are generated *before* the clock starts; the figure
covers submission (zip checks, storing it, the Job) to the finished pickup package (every CSR
checked at the choke point, signed, lodged, the certificates zip and the per-CSR report written).

    createdb -h 127.0.0.1 -U postgres ssi_smki    # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ssi_smki \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/2 \\
    .venv/bin/python bench/smki.py [--csrs 50000] [--concurrency 2]

Prints the figure; exits non-zero if any CSR was not issued.
"""

import argparse
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")


def _make_csrs(args: tuple[int, int]) -> list[bytes]:
    """CSRs for Device IDs start..start+count (runs in a separate process)."""
    import django

    django.setup()
    from smki.choices import KeyUsage
    from smki.services.device_credentials import device_csr_build

    start, count = args
    out = []
    for n in range(start, start + count):
        digits = f"{0x00DB_0000_0000_0000 + n:016X}"
        device_id = "-".join(digits[i : i + 2] for i in range(0, 16, 2))
        usage = KeyUsage.DIGITAL_SIGNATURE if n % 2 else KeyUsage.KEY_AGREEMENT
        out.append(device_csr_build(device_id=device_id, usage=usage)[1])
    return out


def _zip(csrs: list[bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for i, der in enumerate(csrs):
            archive.writestr(f"device-{i:05d}.csr", der)
    return buffer.getvalue()


def _prepare():
    """Migrate, create the CAs, and a Subscriber with an approved ARO (idempotent)."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from portal.choices import PortalRole, UserRole
    from portal.models import Party, PartyUserRole, User
    from portal.roles import roles_sync
    from smki.choices import OfficerKind, OfficerStatus, SubscriberStatus
    from smki.models import Subscriber, SubscriberOfficer
    from smki.services import authority_hierarchy_bootstrap

    roles_sync()
    Party.objects.get_or_create(is_dcc=True, defaults={"name": "DCC", "code": "dcc"})
    authority_hierarchy_bootstrap(prefix="Bench")
    party, _ = Party.objects.get_or_create(code="bench-supplier", defaults={"name": "Bench Supplier"})
    PartyUserRole.objects.get_or_create(
        party=party, role=UserRole.IMPORT_SUPPLIER, defaults={"user_id": "90-B3-D5-1F-FF-00-00-01"}
    )
    aro = User.objects.filter(email="aro@bench.test").first() or User.objects.create_user(
        "aro@bench.test", None, full_name="Bench ARO", party=party
    )
    aro.groups.add(Group.objects.get(name=PortalRole.SMKI_ARO))
    subscriber, _ = Subscriber.objects.get_or_create(
        party=party, defaults={"status": SubscriberStatus.APPROVED, "for_device_certificates": True}
    )
    SubscriberOfficer.objects.get_or_create(
        subscriber=subscriber, person=aro, kind=OfficerKind.ARO, defaults={"status": OfficerStatus.APPROVED}
    )
    return subscriber, User.objects.get(pk=aro.pk)


def _start_worker(concurrency: int) -> subprocess.Popen:
    from portal.celery import app

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--hostname=smki-bench@%h",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            "celery",
            "--prefetch-multiplier=1",
        ],
        cwd=ROOT,
        env=dict(os.environ),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any("smki-bench" in name for reply in app.control.ping(timeout=1.0) for name in reply):
            return proc
        if proc.poll() is not None:
            raise SystemExit("The Celery worker exited during start-up.")
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit("The Celery worker did not answer within 60 s.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csrs", type=int, default=50_000)
    parser.add_argument("--concurrency", type=int, default=2)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (see the module docstring).")
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        raise SystemExit("Set CELERY_BROKER_URL to Redis (see the module docstring).")
    import django

    django.setup()
    from smki.checks import Submission
    from smki.choices import BatchStatus, CertificateKind, RequestChannel
    from smki.models import Certificate, CsrBatch
    from smki.services import csr_batch_submit

    subscriber, aro = _prepare()
    # Fresh Device IDs each run, so the 100-per-device cap never interferes.
    offset = Certificate.objects.count() * 3
    started = time.perf_counter()
    per = (options.csrs + 3) // 4
    with ProcessPoolExecutor(max_workers=2) as pool:
        parts = pool.map(_make_csrs, [(offset + i * per, min(per, options.csrs - i * per)) for i in range(4)])
        csrs = [c for part in parts for c in part]
    data = _zip(csrs)
    print(f"generated {len(csrs)} Device CSRs ({len(data) / 1e6:.1f} MB zip) in {time.perf_counter() - started:.1f} s")

    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CSR generators' CPU, not the worker's
    worker = _start_worker(options.concurrency)
    try:
        submission = Submission(
            subscriber=subscriber, submitter=aro, kind=CertificateKind.DEVICE, channel=RequestChannel.API
        )
        t0 = time.perf_counter()
        batch = csr_batch_submit(submission=submission, data=data, name="bench.zip")
        accepted = time.perf_counter() - t0
        while True:
            batch.refresh_from_db()
            if batch.status not in (BatchStatus.QUEUED, BatchStatus.RUNNING):
                break
            if time.perf_counter() - t0 > 900:
                raise SystemExit("Gave up after 15 minutes.")
            time.sleep(0.05)
        elapsed = time.perf_counter() - t0
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = cpu.ru_utime + cpu.ru_stime - before.ru_utime - before.ru_stime
    batch = CsrBatch.objects.select_related("job").get(pk=batch.pk)
    chunks = list(batch.chunks.order_by("done_at").values_list("done_at", flat=True))
    start = batch.job.started_at
    print(
        f"phases: split started {(start - batch.created_at).total_seconds():.1f} s after submit; "
        f"first chunk done +{(chunks[0] - start).total_seconds():.1f} s, "
        f"last +{(chunks[-1] - start).total_seconds():.1f} s; "
        f"package written +{(batch.finished_at - chunks[-1]).total_seconds():.1f} s later"
    )
    print(
        f"worker CPU (user+sys, all its processes, start-up included): {worker_cpu:.1f} s; load average now "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"batch #{batch.pk}: {batch.status}, {batch.issued_count} issued, {batch.rejected_count} rejected")
    print(f"submission answered in {accepted:.2f} s")
    print(
        f"END TO END: {batch.csr_count} Device CSRs in {elapsed:.1f} s "
        f"({batch.csr_count / elapsed:,.0f} certificates/s; goal <= 30 s)"
    )
    return 0 if batch.status == BatchStatus.COMPLETED and batch.issued_count == batch.csr_count else 1


if __name__ == "__main__":
    sys.exit(main())
