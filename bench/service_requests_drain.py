"""Pipeline capacity on its own: submit a backlog of on-demand reads, then time real Celery
workers draining it (no web load, no load generator).

    python bench/service_requests_drain.py --requests 6000 --concurrency 2

Needs the estate of ``bench/service_requests.py`` (run it once, or pass --build).
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import service_requests_setup as setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=setup.DEFAULT_DB)
    parser.add_argument("--broker-url", default=setup.DEFAULT_BROKER)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--build", action="store_true", help="build a fresh estate first")
    args = parser.parse_args()
    env = setup.environment(database_url=args.database_url, broker_url=args.broker_url)
    setup.ensure_database(args.database_url)
    setup.migrate(env)
    setup.django_setup(env)
    setup.reset_requests()
    if args.build:
        setup.build_estate(homes=4000, pending=0, parties=4)

    from devices.models import ServiceRequest
    from devices.services import Submission, dispatch, service_requests_submit
    from devices.tasks import service_requests_process
    from inventory.models import Device
    from portal.models import User

    dispatch.kick_on_commit = lambda: None  # the backlog is built first, then the workers start
    senders = []
    for person in User.objects.filter(email__startswith="bench", email__endswith="@bench.test"):
        meters = list(
            Device.objects.filter(
                device_type="ESME", smi_status="commissioned", prenotified_by_party=person.party
            ).values_list("device_id", flat=True)
        )
        if meters:
            senders.append((person, meters))
    if not senders:
        sys.exit("No bench estate: run with --build (or run bench/service_requests.py once).")
    for person, meters in senders:
        user_id = person.party.user_roles.first().user_id
        base = time.time_ns() // 1000
        for start in range(0, args.requests // len(senders), 500):
            service_requests_submit(
                actor=person,
                submissions=[
                    Submission(request_id=f"{user_id}:{random.choice(meters)}:{base + start + i}", srv="4.1.1")
                    for i in range(500)
                ],
            )
    backlog = ServiceRequest.objects.filter(status="queued").count()
    procs = setup.Processes(
        env, port=0, web_workers=0, worker_concurrency=args.concurrency, log_dir=setup.ROOT / "var" / "bench-sr-drain"
    )
    procs.start_worker(0)
    time.sleep(4)
    started = time.time()
    try:
        while ServiceRequest.objects.filter(status="queued").exists() and time.time() - started < 600:
            service_requests_process.delay()  # what the beat sweep does every 2 s
            time.sleep(0.5)
        elapsed = time.time() - started
        done = ServiceRequest.objects.filter(status="completed").count()
        print(
            f"backlog {backlog}: {done} completed in {elapsed:.1f} s = {done / elapsed:.0f} SR/s "
            f"({args.concurrency} worker processes)"
        )
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
