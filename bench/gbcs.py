"""Micro-benchmark of the GBCS codec (issue 14 "Speed"): CPU per message, single process.

Fresh P-256 keys for a supplier, the Access Control Broker and an ESME/GSME (no RTDS needed).
Measures, per message: building a command (payload, grouping header, MAC), a signed Critical
command, a response with encrypted registers, a GBZ response; parsing with MAC / signature
checks and decryption; and the primitives (ECDH + KDF, GMAC, ECDSA sign / verify).

    .venv/bin/python bench/gbcs.py [--seconds 1.0]

Prints microseconds per operation and operations per second for each.
"""

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric import ec

from devices.gbcs import (
    DlmsDateTime,
    Exchange,
    KeyRing,
    Usage,
    build_command,
    build_response,
    parse,
    read_values,
)
from devices.gbcs.crypto import KeyPair, derive_key, gmac, sign, verify
from devices.gbcs.zcl import AttributeValue

SUPPLIER = bytes.fromhex("90b3d51f30010000")
BROKER = bytes.fromhex("90b3d51f30000002")
ESME = bytes.fromhex("70b3d50000000001")
GSME = bytes.fromhex("70b3d50000000002")
NOW = DlmsDateTime.from_datetime(datetime(2025, 1, 1, tzinfo=UTC))
REGISTERS = {
    "active_import": 123_456,
    "active_import_scaler_unit": {"scaler": 0, "unit": 30},
    "reactive_import": 7,
    "reactive_import_scaler_unit": {"scaler": 0, "unit": 32},
}


def keyring() -> KeyRing:
    ring = KeyRing()
    for eui in (SUPPLIER, BROKER, ESME, GSME):
        for usage in (Usage.KEY_AGREEMENT, Usage.DIGITAL_SIGNING):
            ring.add_private(eui, usage, ec.generate_private_key(ec.SECP256R1()))
    return ring


def measure(name: str, operation, seconds: float) -> None:
    operation()  # warm caches (shapes, catalogue) outside the clock
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(20):
            operation()
        count += 20
    per = elapsed / count * 1e6
    print(f"{name:<52} {per:9.1f} us   {count / elapsed:9.0f} /s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent on each measurement")
    seconds = parser.parse_args().seconds
    keys = keyring()
    counter = iter(range(1, 1 << 62))

    def read_command():
        return build_command(
            "ECS17b", {"import_registers": None}, exchange=Exchange(SUPPLIER, ESME, next(counter)), keys=keys
        )

    def critical_command():
        values = {"0-0:10.0.106.255/execute": 52}
        return build_command("ECS43", values, exchange=Exchange(SUPPLIER, ESME, next(counter)), keys=keys)

    def encrypted_response():
        values = {"values": {"import_registers": {"registers": REGISTERS}}}
        return build_response("ECS17b", values, exchange=Exchange(ESME, SUPPLIER, next(counter), NOW), keys=keys)

    def gas_response():
        record = {"attribute": 0, "status": 0, "value": AttributeValue(0x25, 12345)}
        component = {"cluster": 0x0702, "frame_control": 0x18, "command": 1, "fields": [record], "encrypted": True}
        return build_response(
            "GCS13a", {"components": [component]}, exchange=Exchange(GSME, SUPPLIER, 1, NOW), keys=keys
        )

    samples = {"command": read_command(), "critical": critical_command(), "response": encrypted_response()}
    samples["gas"] = gas_response()
    print(f"GBCS codec, {seconds:.1f} s per line, one process")
    measure("build ECS17b command (payload + header + MAC)", read_command, seconds)
    measure("build ECS43 Critical command (+ ECDSA signature)", critical_command, seconds)
    measure("build ECS17b response (encrypted registers + MAC)", encrypted_response, seconds)
    measure("build GCS13a response (encrypted GBZ + MAC)", gas_response, seconds)
    measure("parse ECS17b command (check MAC, decode)", lambda: parse(samples["command"], keys), seconds)
    measure("parse ECS43 command (MAC + verify signature)", lambda: parse(samples["critical"], keys), seconds)
    measure(
        "parse ECS17b response (MAC, decrypt) + values", lambda: read_values(parse(samples["response"], keys)), seconds
    )
    measure("parse GCS13a response (MAC, decrypt) + values", lambda: read_values(parse(samples["gas"], keys)), seconds)
    pair = KeyPair(keys(BROKER, Usage.KEY_AGREEMENT, private=True), keys(ESME, Usage.KEY_AGREEMENT, private=False))
    measure(
        "ECDH + KDF (one message key)",
        lambda: derive_key(pair, originator=SUPPLIER, transaction_id=bytes(9), recipient=ESME),
        seconds,
    )
    measure("GMAC over 200 bytes", lambda: gmac(bytes(16), originator=SUPPLIER, additional_data=bytes(200)), seconds)
    signer = keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=True)
    signature = sign(signer, bytes(100))
    measure("ECDSA P-256 sign", lambda: sign(signer, bytes(100)), seconds)
    measure("ECDSA P-256 verify", lambda: verify(signer.public_key(), bytes(100), signature), seconds)


if __name__ == "__main__":
    main()
