"""DUIS gateway benchmark: signed DUIS XML through the real web services, gunicorn, real Celery
workers, PostgreSQL and Redis.

    python bench/duis.py --rates 500,1000 --duration 60

The Service Request benchmark's mix (bench/service_requests.py), as DUIS clients send it: one
signed ``sr:Request`` per POST. 78 % on-demand reads (4.1.1, Send Command), 10 % top-ups (2.2: the
meter checks the UTRN, then ends them failed, D-DUIS-09: no credit value without GBCS UTRNs), 10 %
tariff updates (1.1.1, Critical: Transform answers the Pre-Command at once, the client signs it and
sends the Signed Pre-Command, CV 5, to Send Command) and a share of 8.11 device-log additions
(``--commission-share``; the dependent 8.1.1 is left out: DUIS has no Pre-Command for a Transform
still waiting on its dependency). Each Supplier (``--suppliers``) sends in order, several requests
in flight (``--in-flight``) on their own connections, so its counters arrive increasing: the
requests of one phase are built and XML-signed before it starts (the client's own signing is not
what is measured), Signed Pre-Commands are signed as their Pre-Commands arrive.

It prints end-to-end throughput (accepted -> response stored), the acknowledgement latency (POST to
answer) and response latency (received -> response stored, reads) percentiles, and the CPU per
request: the gateway's own split (parse, schema, signature, pipeline, render: ``X-DUIS-CPU``) and
every process on the machine (web, workers, PostgreSQL, Redis, this client).
"""

import argparse
import http.client
import itertools
import random
import re
import sys
import threading
import time
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import service_requests_setup as setup
from service_requests import _check_digit, cpu_snapshot, cpu_split, measure

_counter = itertools.count(int(time.time() * 1000) * 1000)
_CODE = re.compile(rb"<sr:ResponseCode>(\w+)</sr:ResponseCode>")
_PAYLOAD = re.compile(rb"<sr:PreCommand><sr:GBCSVersion>[^<]*</sr:GBCSVersion><sr:GBCSPayload>([^<]+)<")


def _xml_sign_credentials(suppliers) -> dict:
    """An XmlSign (0x87) certificate in the Repository per bench User ID, and the DCC's signing key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from django.utils import timezone

    from devices.models import DspSigningCredential
    from portal.models import Party, PartyUserRole
    from smki.integrations.key_backends import key_backend
    from smki.models import Certificate, CertificateAuthority, Subscriber

    dcc, _ = Party.objects.get_or_create(is_dcc=True, defaults={"name": "DCC", "code": "dcc"})
    if not PartyUserRole.objects.filter(party=dcc, role="DCC").exists():
        PartyUserRole.objects.create(party=dcc, role="DCC", user_id="90-B3-D5-1F-30-00-00-02")
    authority = CertificateAuthority.objects.get(name="Bench issuing CA")
    now = timezone.now()

    def certificate(party, uid, role, key):
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{role:02X}")])
        issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench")])
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
        subscriber, _ = Subscriber.objects.get_or_create(party=party, defaults={"status": "approved"})
        row = Certificate.objects.create(
            kind="organisation",
            usage="ds",
            status="in_use",
            authority=authority,
            subscriber=subscriber,
            serial=f"{cert.serial_number:X}",
            user_id=uid,
            role_code=role,
            public_key_sha256=cert.fingerprint(hashes.SHA256()).hex(),
            csr_sha256="0" * 64,
            not_before=now - timedelta(days=1),
            not_after=now + timedelta(days=30),
            der=cert.public_bytes(serialization.Encoding.DER),
        )
        return cert, row

    # The DCC's DspXmlSign key, held by the SMKI key backend as the gateway expects (the bench's CA
    # has no key of its own, so the certificate is made here, as the bench's other certificates are).
    DspSigningCredential.objects.update(is_current=False)
    backend = key_backend()
    handle = backend.generate()
    _, row = certificate(dcc, "90-B3-D5-1F-30-00-00-02", 0x89, backend.signing_key(handle))
    DspSigningCredential.objects.create(certificate=row, key_backend=backend.name, key_handle=handle)
    signers = {}
    for uid, _token, _key, _homes, _pending in suppliers:
        key = ec.generate_private_key(ec.SECP256R1())
        cert, _ = certificate(PartyUserRole.objects.get(user_id=uid).party, uid, 0x87, key)
        signers[uid] = (key, cert.issuer.rfc4514_string(), cert.serial_number)
    return signers


class Sender:
    """One Supplier: its pre-signed requests in order over a few keep-alive connections."""

    def __init__(self, port: int, uid: str, signer, ds_key, homes, pending, in_flight: int):
        self.port, self.uid, self.signer, self.ds_key = port, uid, signer, ds_key
        self.homes, self.pending = homes, deque(pending)
        self.in_flight = in_flight
        self.local = threading.local()
        self.ack_seconds: list[float] = []
        self.codes: dict[str, int] = defaultdict(int)
        self.cpu: dict[str, int] = defaultdict(int)
        self.errors = 0
        self.lock = threading.Lock()

    def _xml(self, srv: str, body: str, *, cv: int = 1, device: str = "", rid: str | None = None):
        from lxml import etree

        from devices.duis import xmldsig

        rid = rid or f"{self.uid}:{device}:{next(_counter)}"
        reference = srv if srv.count(".") <= 1 else srv.rsplit(".", 1)[0]
        root = etree.fromstring(
            f'<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.1">'
            f"<sr:Header><sr:RequestID>{rid}</sr:RequestID><sr:CommandVariant>{cv}</sr:CommandVariant>"
            f"<sr:ServiceReference>{reference}</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}"
            f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>"
        )
        key, issuer, serial = self.signer
        xmldsig.sign(root, private_key=key, issuer=issuer, serial=serial)
        return rid, etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def build(self, count: int, cuts) -> list[tuple[str, str, bytes]]:
        """(service, RequestID, signed XML) for one phase, in the order they are sent."""
        out = []
        for _ in range(count):
            roll = random.random()
            _hub, esme = random.choice(self.homes)
            if roll < cuts[0]:
                out.append(("S", *self._xml("4.1.1", "<sr:ReadInstantaneousImportRegisters/>", device=esme)))
            elif roll < cuts[1]:
                utrn = f"{random.randrange(10**18):019d}"
                utrn += _check_digit(utrn)
                out.append(
                    (
                        "S",
                        *self._xml("2.2", f"<sr:TopUpDevice><sr:UTRN>{utrn}</sr:UTRN></sr:TopUpDevice>", device=esme),
                    )
                )
            elif roll < cuts[2] or not self.pending:
                tariff = (
                    "<sr:UpdateImportTariffPrimaryElement><sr:ElecTariffElements><sr:SwitchingTable><sr:DayProfiles>"
                    "<sr:DayProfile><sr:DayName>1</sr:DayName><sr:ProfileSchedule><sr:StartTime>00:00:00Z</sr:StartTime>"
                    "<sr:TOUTariffAction>1</sr:TOUTariffAction></sr:ProfileSchedule><sr:ProfileSchedule>"
                    "<sr:StartTime>16:00:00Z</sr:StartTime><sr:TOUTariffAction>2</sr:TOUTariffAction>"
                    "</sr:ProfileSchedule></sr:DayProfile></sr:DayProfiles></sr:SwitchingTable></sr:ElecTariffElements>"
                    "</sr:UpdateImportTariffPrimaryElement>"
                )
                out.append(("T", *self._xml("1.1.1", tariff, cv=4, device=esme)))
            else:
                hub, meter, mpan = self.pending.popleft()
                body = (
                    f"<sr:UpdateHANDeviceLog><sr:DeviceID>{meter}</sr:DeviceID><sr:RequestType>Add</sr:RequestType>"
                    f"<sr:AddDeviceToCHFWhitelist><sr:JoinTimePeriod>300</sr:JoinTimePeriod>"
                    f"<sr:ImportMPxN>{mpan}</sr:ImportMPxN></sr:AddDeviceToCHFWhitelist></sr:UpdateHANDeviceLog>"
                )
                out.append(("S", *self._xml("8.11", body, device=hub)))
        return out

    def post(self, service: str, xml: bytes) -> bytes:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.monotonic()
        try:
            conn.request("POST", f"/api/v1/service{service}", body=xml, headers={"Content-Type": "application/xml"})
            response = conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.local.conn = None
            with self.lock:
                self.errors += 1
            return b""
        elapsed = time.monotonic() - started
        code = (_CODE.search(data) or [None, b"?"])[1].decode()
        with self.lock:
            self.ack_seconds.append(elapsed)
            self.codes[code] += 1
            for part in (response.getheader("X-DUIS-CPU") or "").split(","):
                name, _, micro = part.partition("=")
                if micro:
                    self.cpu[name] += int(micro)
        return data

    def signed_pre_command(self, rid: str, answer: bytes) -> bytes | None:
        """The CV 5 request for a Transform answer: the payload, 0x40 and r||s (D-DUIS-08)."""
        import base64

        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

        found = _PAYLOAD.search(answer)
        if not found:
            return None
        payload = base64.b64decode(found.group(1))
        r, s = decode_dss_signature(self.ds_key.sign(payload, ec.ECDSA(hashes.SHA256())))
        signed = base64.b64encode(payload + b"\x40" + r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()
        body = f"<sr:SignedPreCommand><sr:GBCSPayload>{signed}</sr:GBCSPayload></sr:SignedPreCommand>"
        return self._xml("1.1.1", body, cv=5, rid=rid)[1]

    def run(self, work: list, rate: float, duration: float) -> None:
        """Send ``work`` at ``rate`` per second, ``in_flight`` lanes each keeping its own order."""
        lanes = [work[i :: self.in_flight] for i in range(self.in_flight)]

        def lane(items, offset):
            t0 = time.monotonic()
            per_lane = rate / self.in_flight
            for n, (service, rid, xml) in enumerate(items):
                if time.monotonic() - t0 > duration:
                    return
                delay = t0 + (n + offset) / per_lane - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                answer = self.post(service, xml)
                if service == "T":
                    follow = self.signed_pre_command(rid, answer)
                    if follow:
                        self.post("S", follow)

        with ThreadPoolExecutor(max_workers=self.in_flight) as pool:
            for future in [pool.submit(lane, items, i / self.in_flight) for i, items in enumerate(lanes)]:
                future.result()


def _pct(values: list[float], q: float):
    return round(sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000, 1) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=setup.DEFAULT_DB.replace("ssi_devices", "ssi_duis"))
    parser.add_argument("--broker-url", default=setup.DEFAULT_BROKER)
    parser.add_argument("--rates", default="500,1000", help="offered SR/s, comma separated")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--homes", type=int, default=2000)
    parser.add_argument("--pending", type=int, default=2000)
    parser.add_argument("--suppliers", type=int, default=8, help="Users sending in parallel (own counters)")
    parser.add_argument("--in-flight", type=int, default=1, help="requests a Supplier has in flight at once")
    parser.add_argument("--settle", type=float, default=120)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--web-threads", type=int, default=8)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--port", type=int, default=8794)
    parser.add_argument("--commission-share", type=float, default=0.002)
    parser.add_argument("--schema", action="store_true", help="validate against DCC's XSD (DUIS_XSD_PATH)")
    args = parser.parse_args()

    env = setup.environment(database_url=args.database_url, broker_url=args.broker_url)
    env["DUIS_TIMING_HEADER"] = "1"
    if not args.schema:
        env["DUIS_XSD_PATH"] = ""
    setup.ensure_database(args.database_url)
    setup.migrate(env)
    setup.django_setup(env)
    setup.reset_requests()
    t = time.monotonic()
    suppliers = setup.build_estate(homes=args.homes, pending=args.pending, parties=args.suppliers)
    signers = _xml_sign_credentials(suppliers)
    print(
        f"estate: {args.homes} commissioned homes, {args.pending} meters to add, {args.suppliers} Suppliers "
        f"({time.monotonic() - t:.1f} s); XSD validation {'on' if args.schema else 'off'}"
    )
    procs = setup.Processes(
        env,
        port=args.port,
        web_workers=args.web_workers,
        worker_concurrency=args.worker_concurrency,
        log_dir=setup.ROOT / "var" / "bench-duis",
    )
    procs.web_threads = args.web_threads  # one gunicorn thread per request in flight: DUIS is one request a POST
    procs.start_all()
    procs.supervise()
    if not setup.autovacuum_is_on():
        setup.Autovacuum(args.database_url).start()
    rest = 1.0 - args.commission_share
    cuts = (0.78 / 0.98 * rest, 0.88 / 0.98 * rest, rest)
    try:
        setup.wait_http(args.port)
        senders = [
            Sender(args.port, uid, signers[uid], key, homes, pending, args.in_flight)
            for uid, _token, key, homes, pending in suppliers
        ]
        with ThreadPoolExecutor(max_workers=len(senders)) as pool:
            warm = list(pool.map(lambda s: s.build(20, cuts), senders))  # emulations created, connections open
            for future in [pool.submit(s.run, w, 10, 2) for s, w in zip(senders, warm, strict=True)]:
                future.result()
            setup.vacuum(tables=setup.HOT_TABLES)
            for rate in (int(r) for r in args.rates.split(",")):
                per_sender = rate / len(senders)
                t = time.monotonic()
                count = int(per_sender * args.duration) + 1
                work = list(pool.map(lambda s, n=count: s.build(n, cuts), senders))
                print(f"\nprepared {sum(map(len, work))} signed requests in {time.monotonic() - t:.1f} s")
                for sender in senders:
                    sender.ack_seconds.clear()
                    sender.codes.clear()
                    sender.cpu.clear()
                cpu_before, clock = cpu_snapshot(), time.monotonic()
                start = datetime.now(UTC)
                for future in [
                    pool.submit(s.run, w, per_sender, args.duration) for s, w in zip(senders, work, strict=True)
                ]:
                    future.result()
                end = datetime.now(UTC)
                figures = measure(start, end, settle=args.settle)
                open_statuses = ("queued", "sending", "scheduled", "awaiting_signature")
                finished = sum(n for status, n in figures["statuses"].items() if status not in open_statuses)
                cpu = cpu_split(cpu_before, cpu_snapshot(), finished, time.monotonic() - clock)
                acks = [x for s in senders for x in s.ack_seconds]
                codes: dict[str, int] = defaultdict(int)
                gateway: dict[str, int] = defaultdict(int)
                for sender in senders:
                    for code, n in sender.codes.items():
                        codes[code] += n
                    for step, micro in sender.cpu.items():
                        gateway[step] += micro
                posts = max(len(acks), 1)
                split = ", ".join(f"{step} {micro / posts / 1000:.3f}" for step, micro in sorted(gateway.items()))
                sent_rate = posts / args.duration
                print(f"offered {rate} SR/s for {args.duration:.0f} s ({len(acks)} POSTs, {sent_rate:.0f}/s):")
                print(f"  answers: {dict(codes)}, HTTP errors {sum(s.errors for s in senders)}")
                print(
                    f"  end to end (accepted -> response stored) within the window: "
                    f"{figures['completed_in_window']} = {figures['throughput_per_s']} SR/s"
                )
                print(
                    f"  acknowledgement latency (POST -> answer): p50 {_pct(acks, 0.5)} ms, "
                    f"p95 {_pct(acks, 0.95)} ms, p99 {_pct(acks, 0.99)} ms"
                )
                print(
                    f"  response latency (received -> stored, reads): p50 {figures['p50']} s, p95 {figures['p95']} s, "
                    f"p99 {figures['p99']} s"
                )
                print(f"  gateway CPU per POST (ms): {split}")
                print(f"  final statuses: {figures['statuses']}")
                print(f"  CPU from the start of the phase until its requests finished: {cpu}")
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
