"""DCC's own client tools against the replica: all 297 RTDS templates, signed by DCC's signing tool.

The packages are fetched by ``npm pack`` into a cache outside the checkout (GPL-3.0, never
committed); locally the module skips without npm or Java, in CI it fails instead. Each template
is signed unchanged by DCC's signing tool (one JVM for all of them) with our SMKI's XmlSign keys
for the template's originator (the tool puts its own counter in, as it does by default: here an
increasing one we choose, ``--preserveCounter``), posted to the web service its Command Variant
names, and its acknowledgement compared with the code expected from DUIS's request matrix and
the Command Variant (the exceptions are named, each with its reason, and listed in the README).
The asynchronous responses are pushed to DUIS endpoints through the outbox; every answer and
response is checked by the signing tool's ``Validate`` (XSD and signature, against our DspXmlSign
certificate) and by ``duis-parser`` (node). A table per SRV is printed: accepted, executed,
answered as expected.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from devices.models import ServiceRequest
from devices.services.catalogue import catalogue_load
from devices.services.duis_credentials import dcc_user_id, dsp_signer
from devices.services.pipeline import service_requests_process_due
from devices.services.rtds_estate import (
    RTDS_DCC_USER_ID,
    RTDS_LOAD_CONTROLLER_ID,
    RTDS_NETWORK_OPERATOR_ID,
    RTDS_SECOND_SUPPLIER_ID,
    RTDS_SUPPLIER_ID,
    rtds_estate_seed,
)
from portal.choices import PortalRole, PushFormat
from portal.services.outbox import endpoint_register, outbox_dispatch
from tests.portal.fakes import ScriptedPushClient
from tests.support.dcc_tools import (
    dcc_package,
    duis_schema_path,
    parse_with_duis_parser,
    run_signing_tool,
    signing_tool_jar,
)
from tests.support.duis import issue_certificate

from .expectations import expected_outcome

pytestmark = pytest.mark.django_db(transaction=True)

_ORIGINATORS = {
    RTDS_SUPPLIER_ID: "rtds-supplier",
    RTDS_NETWORK_OPERATOR_ID: "rtds-network",
    RTDS_SECOND_SUPPLIER_ID: "rtds-supplier-2",
    RTDS_LOAD_CONTROLLER_ID: "rtds-load-controller",
    RTDS_DCC_USER_ID: "dcc",
}
_SERVICE = {1: "S", 3: "S", 5: "S", 7: "S", 4: "T", 2: "D", 6: "D", 8: "D"}
_REQUEST_ID = re.compile(rb"<sr:RequestID>([^<]+):(\d+)</sr:RequestID>")


@pytest.fixture
def rtds(settings, tmp_path, make_person):
    """The RTDS estate, XmlSign keys for every template originator (PEM files), DUIS endpoints."""
    settings.DUIS_XSD_PATH = str(duis_schema_path())
    settings.PORTAL_PUSH_CLIENT = "tests.portal.fakes.ScriptedPushClient"
    settings.DEVICES_GSME_WAKE_INTERVAL_SECONDS = 0
    ScriptedPushClient.calls, ScriptedPushClient.script = [], []
    catalogue_load()
    parties = rtds_estate_seed()
    assert dcc_user_id() == RTDS_DCC_USER_ID  # the Non-Device templates target it
    keys = {}
    for user_id, code in _ORIGINATORS.items():
        credential = issue_certificate(party=parties[code], user_id=user_id)
        cert, key = tmp_path / f"{code}.pem", tmp_path / f"{code}.key.pem"
        cert.write_text(credential.certificate_pem)
        key.write_text(credential.key_pem)
        keys[user_id] = (cert, key)
        if code != "dcc":
            admin = make_person(parties[code], PortalRole.SSI_ADMINISTRATOR, email=f"admin@{code}.test")
            endpoint_register(actor=admin, url=f"https://{code}.example/duis", format=PushFormat.DUIS)
    _coverage(make_person)
    dsp = tmp_path / "dsp-xml-sign.pem"
    dsp.write_text(dsp_signer().certificate_pem)
    return keys, dsp


# Templates that take devices off the estate (off the Hub's Device Log, out of the inventory, a
# decommission) run last, in this order, so every other template finds the estate as DCC's tools
# expect it.
_LAST = ("CCS02_", "8.4_", "8.3_")


def _run_order(path: Path) -> tuple[int, str]:
    rank = next((i + 1 for i, prefix in enumerate(_LAST) if path.name.startswith(prefix)), 0)
    return rank, path.name


def _coverage(make_person) -> None:
    """A WAN coverage dataset that knows the 12.1 template's address (M22 0RR, Threapwood Road)."""
    from datetime import date

    from inventory.coverage.services import coverage_dataset_import
    from portal.models import Party

    admin = make_person(Party.objects.get(is_dcc=True), PortalRole.DCC_ADMINISTRATOR, email="coverage@dcc.test")
    coverage_dataset_import(
        actor=admin,
        version="rtds",
        effective_date=date(2026, 1, 1),
        horizon_date=date(2030, 1, 1),
        content="postcode,uprn,premises,region,coverage,connects_from,wan_variant,aux_equipment,known_issues,"
        "issue_resolution\nM22 0RR,100023336956,Threapwood Road,north,connects,,lrr,,,\n",
    )


def _sign_templates(templates: list[Path], keys, folder: Path) -> dict[str, Path]:
    """Copy each template with an increasing counter, sign all of them in one JVM; name -> signed file."""
    base = int(time.time() * 1000) * 1000
    jobs, signed = [], {}
    for index, template in enumerate(templates):
        data = template.read_bytes()
        originator = _REQUEST_ID.search(data).group(1).split(b":")[0].decode()
        copy = folder / f"in-{template.name}"
        counter = str(base + index).encode()
        copy.write_bytes(_REQUEST_ID.sub(rb"<sr:RequestID>\1:" + counter + rb"</sr:RequestID>", data, count=1))
        target = folder / f"signed-{template.name}"
        cert, key = keys[originator]
        jobs.append(["sign", str(target), str(copy), "--preserveCounter", str(cert), str(key)])
        signed[template.name] = target
    codes = run_signing_tool(jobs)
    refused = {path: code for path, code in codes.items() if code != "SUCCESS"}
    assert not refused, f"the signing tool refused: {refused}"
    return signed


def _post(live_server, service: str, data: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/service{service}", data=data, headers={"Content-Type": "application/xml"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


def test_every_rtds_template_through_the_gateway(rtds, live_server, tmp_path, capsys):
    keys, dsp_certificate = rtds
    signing_tool_jar()
    templates = sorted((dcc_package("@smartdcc/duis-templates") / "templates").glob("*.XML"), key=_run_order)
    assert len(templates) == 297
    signed = _sign_templates(templates, keys, tmp_path)

    answers: dict[str, tuple[int, bytes]] = {}
    for template in templates:
        data = signed[template.name].read_bytes()
        cv = int(re.search(rb"<sr:CommandVariant>(\d)</sr:CommandVariant>", data).group(1))
        answers[template.name] = _post(live_server, _SERVICE[cv], data)
    for _ in range(20):  # what the workers do (sleepy gas meters, retries), then the push
        if not service_requests_process_due(limit=500):
            break
    outbox_dispatch(limit=5000)

    # Every answer and every pushed response goes through DCC's validator and parser.
    files, checks = [], []
    for name, (status, body) in answers.items():
        assert status == 200, (name, status, body[:200])
        path = tmp_path / f"answer-{name}"
        path.write_bytes(body)
        files.append(path)
    for index, call in enumerate(ScriptedPushClient.calls):
        assert call["headers"]["Content-Type"] == "application/xml"
        path = tmp_path / f"pushed-{index}.xml"
        path.write_bytes(call["body"])
        files.append(path)
    for path in files:
        checks.append(["validate", str(path.with_suffix(".validated")), str(path), str(dsp_certificate)])
    validated = run_signing_tool(checks)
    parsed = parse_with_duis_parser(files)
    broken = {
        p.name: (validated[str(p.with_suffix(".validated"))], parsed[str(p)].get("error"))
        for p in files
        if validated[str(p.with_suffix(".validated"))] != "SUCCESS" or not parsed[str(p)]["ok"]
    }
    assert not broken, f"DCC's tools reject our XML: {broken}"

    pushed_codes = _pushed_codes(ScriptedPushClient.calls)
    matrix = {
        row["Service Reference Variant"]: row
        for row in json.loads((dcc_package("@smartdcc/duis-parser") / "dist" / "duis-request-matrix.json").read_text())
    }
    report, mismatches = _report(templates, signed, answers, pushed_codes, matrix)
    with capsys.disabled():
        print("\n" + report)
    assert not mismatches, "\n".join(mismatches)


def _pushed_codes(calls) -> dict[str, list[str]]:
    from lxml import etree

    by_request = defaultdict(list)
    for call in calls:
        root = etree.fromstring(call["body"])
        request_id = root.findtext("{*}Header/{*}RequestID")
        if request_id:
            by_request[request_id].append(root.findtext("{*}Header/{*}ResponseCode"))
    return by_request


def _report(templates, signed, answers, pushed_codes, matrix):
    from lxml import etree

    from portal.models import PartyUserRole

    roles = defaultdict(set)
    for user_id, role in PartyUserRole.objects.values_list("user_id", "role"):
        roles[user_id].add(role)
    per_srv = defaultdict(Counter)
    mismatches = []
    for template in templates:
        data = signed[template.name].read_bytes()
        request_id = re.search(rb"<sr:RequestID>([^<]+)</sr:RequestID>", data).group(1).decode()
        srv = re.search(rb"<sr:ServiceReferenceVariant>([^<]+)<", data).group(1).decode()
        cv = int(re.search(rb"<sr:CommandVariant>(\d)</sr:CommandVariant>", data).group(1))
        ack = etree.fromstring(answers[template.name][1]).findtext("{*}Header/{*}ResponseCode")
        originator = request_id.split(":")[0]
        expected = expected_outcome(template.name, srv, cv, sender_roles=roles[originator], matrix_row=matrix[srv])
        sr = ServiceRequest.objects.filter(request_id=request_id).order_by("-is_accepted").first()
        final = pushed_codes.get(request_id, [None])[-1] if cv in (1, 3) else ack
        stats = per_srv[srv]
        stats["templates"] += 1
        stats["accepted"] += ack in ("I0", "I99")
        # Executed: it reached its device (or the DCC did its work), whatever the device answered.
        stats["executed"] += bool(
            sr
            and (
                sr.status in ("completed", "local_delivery", "awaiting_signature")
                or (sr.status == "failed" and sr.response_code == "I0")
            )
        )
        right = ack == expected.ack and (expected.final is None or final == expected.final)
        stats["as expected"] += right
        if not right:
            reason = sr.response_reason if sr else ""
            mismatches.append(
                f"{template.name}: ack {ack} final {final} expected {expected.ack}/{expected.final} ({reason})"
            )
    columns = ("templates", "accepted", "executed", "as expected")
    lines = [f"{'SRV':<8}" + "".join(f"{c:>13}" for c in columns)]
    totals = Counter()
    for srv in sorted(per_srv, key=lambda s: [int(p) for p in s.split(".") if p]):
        totals.update(per_srv[srv])
        lines.append(f"{srv:<8}" + "".join(f"{per_srv[srv][c]:>13}" for c in columns))
    lines.append(f"{'all':<8}" + "".join(f"{totals[c]:>13}" for c in columns))
    return "\n".join(lines), mismatches


def test_expectations_cover_the_request_matrix():
    """The expected codes come from DUIS's own request matrix: every SRV of it, no other."""
    matrix = json.loads((dcc_package("@smartdcc/duis-parser") / "dist" / "duis-request-matrix.json").read_text())
    from .expectations import MATRIX_SRVS

    assert {row["Service Reference Variant"] for row in matrix} == MATRIX_SRVS


def test_templates_signed_with_dccs_own_zaz1_keys(settings, tmp_path, live_server):
    """DCC's ZAZ1 test PKI imported into our SMKI: the signing tool's built-in keys work unchanged."""
    from smki.keystore import keystore_parse
    from smki.services.external_pki import external_pki_import

    settings.DUIS_XSD_PATH = str(duis_schema_path())
    catalogue_load()
    rtds_estate_seed()
    keystore = dcc_package("@smartdcc/dccboxed-keystore") / "keystore.json"
    lines = external_pki_import(entries=keystore_parse(keystore.read_bytes(), max_entries=1000), source="ZAZ1")
    assert any(line.serial == "14BE4AD2EA1D0E4EC7F7156BD24624A7" for line in lines)  # the supplier's XmlSign
    folder = dcc_package("@smartdcc/duis-templates") / "templates"
    chosen = {
        "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML": ("S", "I99"),
        "ECS17a_4.2_SUCCESS_REQUEST_DUIS.XML": ("S", "I99"),  # the Network Operator's key
        "ECS43_7.2_SUCCESS_REQUEST_DUIS.XML": ("T", "I0"),
        "8.2_READ_INVENTORY_REQUEST_DUIS.XML": ("D", "I0"),
    }
    base = int(time.time() * 1000) * 1000
    jobs = []
    for index, name in enumerate(chosen):
        counter = str(base + index).encode()
        copy = tmp_path / name
        copy.write_bytes(
            _REQUEST_ID.sub(
                rb"<sr:RequestID>\1:" + counter + rb"</sr:RequestID>", (folder / name).read_bytes(), count=1
            )
        )
        # No certificate or key given: the tool signs with its own ZAZ1 key for the originator.
        jobs.append(["sign", str(tmp_path / f"signed-{name}"), str(copy), "--preserveCounter"])
    assert set(run_signing_tool(jobs).values()) == {"SUCCESS"}
    for name, (service, code) in chosen.items():
        status, body = _post(live_server, service, (tmp_path / f"signed-{name}").read_bytes())
        assert (status, re.search(rb"<sr:ResponseCode>(\w+)<", body).group(1).decode()) == (200, code), name
