"""Reliability of the SR pipeline: SIGKILL a worker and restart Redis in the middle of a load.

    python bench/service_requests_reliability.py

Runs its own Redis (port 6391, no persistence, so a restart really loses the broker's queue),
PostgreSQL (ssi_devices), the real API and workers. Offers reads and top-ups for 40 s; at 10 s
kills the worker's whole process group with SIGKILL and starts a new one; at 20 s kills Redis
(SIGKILL) and restarts it 3 s later. Workers run under a small supervisor that restarts one that
exits (systemd ``Restart=always`` in production): Celery's Redis transport can end a worker with
"Unrecoverable error" when the broker goes away. Then waits for every accepted request and checks:

* no loss: every accepted request reached a final status, with exactly one Service Response;
* no duplicate execution: each emulated meter executed exactly as many commands as completed
  requests targeted it, and its balance equals the sum of its completed top-ups.
"""

import argparse
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import service_requests as bench
import service_requests_setup as setup

REDIS_PORT = 6391


def start_redis(log_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
        stdout=open(log_dir / "redis.log", "ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


class SteadyLoad(bench.Load):
    def batch(self, size):
        import random

        items = []
        for _ in range(size):
            _hub, esme = random.choice(self.homes)
            if random.random() < 0.7:
                items.append({"request_id": self.rid(esme), "srv": "4.1.1"})
            else:
                utrn = f"{random.randrange(10**18):019d}"
                items.append(
                    {
                        "request_id": self.rid(esme),
                        "srv": "2.2",
                        "body": {"utrn": utrn + bench._check_digit(utrn), "value": 500},
                    }
                )
        return items


def check(since) -> bool:
    from collections import Counter

    from django.db.models import Count

    from devices.firmware import firmware_for
    from devices.models import EmulatedDevice, ServiceRequest, ServiceResponse

    ESME = firmware_for("ESME")

    accepted = ServiceRequest.objects.filter(received_at__gte=since, is_accepted=True)
    statuses = dict(accepted.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    codes = dict(accepted.values("response_code").annotate(n=Count("pk")).values_list("response_code", "n"))
    responses = Counter(
        ServiceResponse.objects.filter(service_request__in=accepted, kind="service_response").values_list(
            "service_request_id", flat=True
        )
    )
    duplicates = sum(1 for n in responses.values() if n > 1)
    missing = accepted.count() - len(responses)
    completed = accepted.filter(status="completed")
    # Meters count the commands that change them (reads leave no trace, D-DEV-17/18).
    srvs = completed.order_by().values_list("srv_code", flat=True).distinct()
    changes = [srv for srv in srvs if not ESME.is_read(srv)]
    per_device = Counter(completed.filter(srv_code__in=changes).values_list("target_device_id", flat=True))
    topups = Counter(completed.filter(srv_code="2.2").values_list("target_device_id", flat=True))
    executed_mismatch = balance_mismatch = 0
    meters = list(completed.order_by().values_list("target_device_id", flat=True).distinct())
    for row in EmulatedDevice.objects.filter(device_type="ESME", device_id__in=meters):
        if row.state.get("commands_executed", 0) != per_device[row.device_id]:
            executed_mismatch += 1
        if abs(row.state["prepay"]["balance"] - 500 * topups[row.device_id]) > 1e-6:
            balance_mismatch += 1
    print(f"accepted {accepted.count()}: statuses {statuses}, codes {codes}")
    print(f"service responses: missing {missing}, more than one {duplicates}")
    print(
        f"devices: {len(meters)} meters; commands executed != completed changes on {executed_mismatch}; "
        f"balance != sum of completed top-ups on {balance_mismatch}"
    )
    ok = (
        set(statuses) == {"completed"}
        and missing == 0
        and duplicates == 0
        and executed_mismatch == 0
        and balance_mismatch == 0
    )
    print("RESULT:", "PASS - nothing lost, nothing executed twice" if ok else "FAIL")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=setup.DEFAULT_DB)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--duration", type=float, default=40)
    parser.add_argument("--port", type=int, default=8794)
    args = parser.parse_args()
    log_dir = setup.ROOT / "var" / "bench-sr-reliability"
    log_dir.mkdir(parents=True, exist_ok=True)
    redis = start_redis(log_dir)
    env = setup.environment(database_url=args.database_url, broker_url=f"redis://127.0.0.1:{REDIS_PORT}/0")
    setup.ensure_database(args.database_url)
    setup.migrate(env)
    setup.django_setup(env)
    setup.reset_requests()
    suppliers = setup.build_estate(homes=400, pending=0, parties=2)
    procs = setup.Processes(env, port=args.port, web_workers=2, worker_concurrency=2, log_dir=log_dir)
    procs.start_all()
    procs.supervise()
    from django.utils import timezone

    since = timezone.now()
    try:
        setup.wait_http(args.port)
        loads = [
            SteadyLoad(bench.Client(args.port, token), uid, key, homes, pending)
            for uid, token, key, homes, pending in suppliers
        ]
        runner = threading.Thread(
            target=lambda: bench.offer(
                loads, args.rate, args.duration, bench.ThreadPoolExecutor(max_workers=len(loads))
            )
        )
        runner.start()
        time.sleep(10)
        print(f"t=10s: SIGKILL to worker0 and its pool (pid {procs.procs['worker0'].pid})")
        procs.kill("worker0", signal.SIGKILL)
        procs.start_worker(1)
        time.sleep(10)
        print("t=20s: SIGKILL to Redis; restarting it in 3 s (its queue is gone: no persistence)")
        redis.send_signal(signal.SIGKILL)
        redis.wait()
        time.sleep(3)
        redis = start_redis(log_dir)
        runner.join()
        print(f"load finished: {sum(x.sent for x in loads)} sent; waiting for the pipeline to finish")
        from devices.models import ServiceRequest

        deadline = time.time() + 180
        open_qs = ServiceRequest.objects.filter(received_at__gte=since, is_accepted=True, responded_at__isnull=True)
        while time.time() < deadline and open_qs.exists():
            time.sleep(2)
        print(f"workers restarted by the supervisor after exiting on their own: {procs.restarts}")
        return 0 if check(since) else 1
    finally:
        procs.stop_all()
        redis.send_signal(signal.SIGTERM)


if __name__ == "__main__":
    sys.exit(main())
