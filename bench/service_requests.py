"""Service Request benchmark: PostgreSQL + Redis, the real API (gunicorn) and real Celery workers.

    python bench/service_requests.py --rates 500,1000 --duration 60

For each offered rate it sustains a mix for ``--duration`` seconds through
``POST /api/v1/service-requests/`` (JSON arrays, one batch per Supplier every ``--tick`` seconds):
78 % on-demand reads (4.1.1), 10 % top-ups (2.2), 10 % tariff updates (1.1.1, Critical: the
client lists its requests awaiting a signature, signs each Pre-Command with ECDSA P-256 and returns
them in batches) and 2 % commissioning (8.11 to the CHF, then 8.1.1 - Critical - depending on it;
``--commission-share`` changes that share, the rest keeping its proportions).
It prints throughput end to end (accepted -> response stored) and p50/p95/p99 latency of the
on-demand reads, from the timestamps the pipeline stores, plus where the time goes.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import statistics
import sys
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import service_requests_setup as setup

_counter = itertools.count(int(time.time() * 1000) * 1000)


class Client:
    """A keep-alive HTTP client per thread for the token-authenticated JSON API."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token
        self.local = threading.local()

    def call(self, method: str, path: str, body=None):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        try:
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.local.conn = None
            raise
        return response.status, json.loads(data) if data else None


class Load:
    """One Supplier: offers its share of the rate (its batches in order, so its RequestID
    counters arrive increasing) and signs its Pre-Commands as they arrive in its outbox."""

    def __init__(self, client: Client, user_id: str, key, homes, pending, commission_share: float = 0.02):
        self.client, self.key, self.user_id = client, key, user_id
        self.homes, self.pending = homes, deque(pending)
        # The rest of the mix keeps its proportions: reads 78/98, top-ups 10/98, tariffs 10/98.
        rest = 1.0 - commission_share
        self.cuts = (0.78 / 0.98 * rest, 0.88 / 0.98 * rest, rest)
        self.awaiting_commission: deque = deque()
        self.sent = 0
        self.errors = 0
        self.post_seconds: list[float] = []
        self.stop = threading.Event()

    def rid(self, device_id: str) -> str:
        return f"{self.user_id}:{device_id}:{next(_counter)}"

    def batch(self, size: int) -> list[dict]:
        items = []
        while self.awaiting_commission and len(items) < max(size // 100, 1):
            meter, dependency = self.awaiting_commission.popleft()
            items.append(
                {"request_id": self.rid(meter), "srv": "8.1.1", "command_variant": 4, "depends_on": dependency}
            )
        while len(items) < size:
            roll = random.random()
            _hub, esme = random.choice(self.homes)
            if roll < self.cuts[0]:
                items.append({"request_id": self.rid(esme), "srv": "4.1.1"})
            elif roll < self.cuts[1]:
                utrn = f"{random.randrange(10**18):019d}"
                items.append(
                    {
                        "request_id": self.rid(esme),
                        "srv": "2.2",
                        "body": {"utrn": utrn + _check_digit(utrn), "value": 500},
                    }
                )
            elif roll < self.cuts[2]:
                items.append(
                    {
                        "request_id": self.rid(esme),
                        "srv": "1.1.1",
                        "command_variant": 4,
                        "body": {"switching": [{"from": "00:00", "register": 0}, {"from": "16:00", "register": 1}]},
                    }
                )
            elif self.pending:
                hub, meter, mpan = self.pending.popleft()
                rid = self.rid(hub)
                items.append({"request_id": rid, "srv": "8.11", "body": {"device_id": meter, "mpxn": mpan}})
                self.awaiting_commission.append((meter, rid))
            else:
                items.append({"request_id": self.rid(esme), "srv": "4.1.1"})
        return items

    def send(self, size: int) -> None:
        try:
            started = time.monotonic()
            status, _body = self.client.call("POST", "/api/v1/service-requests/", self.batch(size))
            self.post_seconds.append(time.monotonic() - started)
            self.sent += size
            if status not in (202, 400):
                self.errors += 1
        except (OSError, http.client.HTTPException):
            self.errors += 1

    def sign_loop(self) -> None:
        """The User side of Critical requests: list the requests awaiting a signature (each carries
        its Pre-Command), sign them and return the signatures in batches."""
        while not self.stop.is_set():
            try:
                _status, page = self.client.call(
                    "GET", "/api/v1/service-requests/?status=awaiting_signature&page_size=500"
                )
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)
                continue
            results = page.get("results", []) if isinstance(page, dict) else []
            signed = [
                {
                    "request_id": r["request_id"],
                    "command_variant": 5,
                    "signature": setup.sign(self.key, r["pre_command"]),
                }
                for r in results
                if r.get("pre_command")
            ]
            for chunk in range(0, len(signed), 500):
                try:
                    self.client.call(
                        "POST", "/api/v1/service-requests/signed-pre-commands/", signed[chunk : chunk + 500]
                    )
                except (OSError, http.client.HTTPException):
                    self.errors += 1
            time.sleep(0.5)


def _check_digit(body: str) -> str:
    from devices.firmware.meters import luhn_ok

    return next(str(d) for d in range(10) if luhn_ok(body + str(d)))


def _offer_one(load: Load, per_tick: int, duration: float, tick: float) -> None:
    t0 = time.monotonic()
    n = 0
    while time.monotonic() - t0 < duration:
        load.send(per_tick)
        n += 1
        delay = t0 + n * tick - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def offer(
    loads: list[Load], rate: int, duration: float, pool: ThreadPoolExecutor, tick: float = 0.25
) -> tuple[datetime, datetime]:
    """Every Supplier sends its share every ``tick`` s, in order; a slow answer delays only its own next batch."""
    per_tick = max(int(rate * tick / len(loads)), 1)
    start = datetime.now(UTC)
    for future in [pool.submit(_offer_one, load, per_tick, duration, tick) for load in loads]:
        future.result()
    return start, datetime.now(UTC)


_CPU_CLASSES = (("gunicorn", "web"), ("celery", "workers"), ("postgres", "PostgreSQL"), ("redis-server", "Redis"))


def cpu_snapshot() -> dict:
    """CPU ticks (user + system) of every process on the machine, classed by what it is (Linux /proc),
    plus the machine's own counters under the key "machine" (idle and steal included)."""
    me = os.getpid()
    with open("/proc/stat") as f:
        machine = [int(x) for x in f.readline().split()[1:]]
    out: dict = {"machine": ("machine", machine)}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kind = "client" if int(name) == me else next((c for k, c in _CPU_CLASSES if k in cmd), "other")
        out[int(name)] = (kind, int(fields[11]) + int(fields[12]))
    return out


def cpu_split(before: dict, after: dict, requests: int, seconds: float) -> str:
    """CPU milliseconds per request by component, over processes alive at both snapshots."""
    ticks = os.sysconf("SC_CLK_TCK")
    used: dict[str, int] = {}
    for pid, (kind, value) in after.items():
        if pid in before and pid != "machine":
            used[kind] = used.get(kind, 0) + value - before[pid][1]
    # /proc/stat: user nice system idle iowait irq softirq steal ...
    delta = [b - a for a, b in zip(before["machine"][1], after["machine"][1], strict=False)]
    idle, steal = (delta[3] + delta[4]) / ticks / seconds, delta[7] / ticks / seconds
    machine = (sum(delta[:3]) + sum(delta[5:7])) / ticks / seconds  # user, nice, system, irq, softirq
    total = sum(used.values()) / ticks
    per_request = {kind: value / ticks * 1000 / max(requests, 1) for kind, value in used.items()}
    parts = ", ".join(f"{k} {ms:.2f}" for k, ms in sorted(per_request.items(), key=lambda x: -x[1]) if ms >= 0.01)
    busy = total / seconds
    return (
        f"{total * 1000 / max(requests, 1):.2f} ms per request ({parts}); these processes kept {busy:.2f} "
        f"cores busy, the whole machine {machine:.2f} (the rest: kernel, other services, processes started "
        f"meanwhile), {idle:.2f} idle, {steal:.2f} stolen by the hypervisor"
    )


def measure(start: datetime, end: datetime, settle: float) -> dict:
    """Figures from the stored timestamps of the requests received in [start, end)."""
    from django.db.models import Count

    from devices.models import ServiceRequest

    deadline = time.time() + settle
    window = ServiceRequest.objects.filter(received_at__gte=start, received_at__lt=end, is_accepted=True)
    while time.time() < deadline and window.filter(status__in=("queued", "sending", "scheduled")).exists():
        time.sleep(1)
    statuses = dict(window.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    reads = list(
        window.filter(srv_code="4.1.1", status="completed").values_list("received_at", "sent_at", "responded_at")
    )
    latency = sorted((r - a).total_seconds() for a, _, r in reads)
    queue = [(s - a).total_seconds() for a, s, _ in reads if s]
    finished = window.filter(responded_at__isnull=False)
    in_window = finished.filter(responded_at__lt=end + timedelta(seconds=1)).count()
    span = (end - start).total_seconds()

    def pct(q):
        return round(latency[min(len(latency) - 1, int(q * len(latency)))], 3) if latency else None

    return {
        "accepted": window.count(),
        "statuses": statuses,
        "completed_in_window": in_window,
        "throughput_per_s": round(in_window / span, 1),
        "reads": len(latency),
        "p50": pct(0.5),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "mean_queue_wait": round(statistics.mean(queue), 3) if queue else None,
        "rejected_sync": ServiceRequest.objects.filter(
            received_at__gte=start, received_at__lt=end, is_accepted=False
        ).count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=setup.DEFAULT_DB)
    parser.add_argument("--broker-url", default=setup.DEFAULT_BROKER)
    parser.add_argument("--rates", default="500,1000", help="offered SR/s, comma separated")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--homes", type=int, default=2000)
    parser.add_argument("--pending", type=int, default=8000)
    parser.add_argument("--suppliers", type=int, default=4, help="Users sending in parallel (own counters)")
    parser.add_argument("--tick", type=float, default=0.25, help="seconds between one Supplier's batches")
    parser.add_argument("--settle", type=float, default=120, help="seconds to let a phase's backlog drain")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--port", type=int, default=8793)
    parser.add_argument(
        "--commission-share",
        type=float,
        default=0.02,
        help="share of 8.11 device log additions (each followed by its 8.1.1); 0.02 is a stress mix, a real "
        "estate commissions far fewer meters than it reads",
    )
    args = parser.parse_args()

    env = setup.environment(database_url=args.database_url, broker_url=args.broker_url)
    setup.ensure_database(args.database_url)
    setup.migrate(env)
    setup.django_setup(env)
    setup.reset_requests()
    t = time.monotonic()
    suppliers = setup.build_estate(homes=args.homes, pending=args.pending, parties=args.suppliers)
    print(f"mix: {args.commission_share:.1%} commissioning, tick {args.tick} s")
    print(
        f"estate: {args.homes} commissioned homes, {args.pending} meters to commission, {args.suppliers} Suppliers "
        f"({time.monotonic() - t:.1f} s)"
    )
    procs = setup.Processes(
        env,
        port=args.port,
        web_workers=args.web_workers,
        worker_concurrency=args.worker_concurrency,
        log_dir=setup.ROOT / "var" / "bench-sr",
    )
    procs.start_all()
    procs.supervise()
    if not setup.autovacuum_is_on():
        print("this PostgreSQL runs with autovacuum off: the bench applies its autovacuum settings itself")
        setup.Autovacuum(args.database_url).start()
    try:
        setup.wait_http(args.port)
        loads = [
            Load(Client(args.port, token), uid, key, homes, pending, args.commission_share)
            for uid, token, key, homes, pending in suppliers
        ]
        for load in loads:
            threading.Thread(target=load.sign_loop, daemon=True).start()
        with ThreadPoolExecutor(max_workers=len(loads)) as pool:
            offer(loads, 100, 5, pool)  # warm-up: emulations created, connections open
            # A running system has statistics for its tables; right after the reset they say "empty",
            # and plans made from that (foreign-key checks included) scan whole tables.
            setup.vacuum(tables=setup.HOT_TABLES)
            for rate in (int(r) for r in args.rates.split(",")):
                sent_before = sum(load.sent for load in loads)
                for load in loads:
                    load.post_seconds.clear()
                cpu_before, clock = cpu_snapshot(), time.monotonic()
                start, end = offer(loads, rate, args.duration, pool, tick=args.tick)
                sent = sum(load.sent for load in loads) - sent_before
                figures = measure(start, end, settle=args.settle)
                open_statuses = ("queued", "sending", "scheduled", "awaiting_signature")
                finished = sum(n for status, n in figures["statuses"].items() if status not in open_statuses)
                cpu = cpu_split(cpu_before, cpu_snapshot(), finished, time.monotonic() - clock)
                print(f"\noffered {rate} SR/s for {args.duration:.0f} s:")
                print(
                    f"  sent {sent} ({sent / args.duration:.0f}/s actually offered), accepted {figures['accepted']}, "
                    f"rejected at intake {figures['rejected_sync']}, HTTP errors {sum(x.errors for x in loads)}"
                )
                print(
                    f"  end to end (accepted -> response stored) within the window: "
                    f"{figures['completed_in_window']} = {figures['throughput_per_s']} SR/s"
                )
                print(
                    f"  on-demand reads: n={figures['reads']} p50 {figures['p50']} s, p95 {figures['p95']} s, "
                    f"p99 {figures['p99']} s; mean wait before a worker picked them up {figures['mean_queue_wait']} s"
                )
                posts = sorted(x for load in loads for x in load.post_seconds)
                if posts:
                    print(
                        f"  intake: {len(posts)} POSTs of ~{sent / len(posts):.0f} requests, median "
                        f"{posts[len(posts) // 2] * 1000:.0f} ms, p95 {posts[int(len(posts) * 0.95)] * 1000:.0f} ms"
                    )
                print(f"  final statuses: {figures['statuses']}")
                print(f"  CPU from the start of the phase until its requests finished: {cpu}")
        for load in loads:
            load.stop.set()
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
