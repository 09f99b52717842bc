"""The DUIS gateway: a signed XML request in, an ``sr:Response`` out (spec duis-gateway.md §1-5).

Steps, in order, each refusing with a DUIS code and executing nothing when it fails:
safe parsing (transport failures are plain-text 4xx), our structural checks and the XSD (E11),
the XML signature and the certificate behind it (E1), the web service fits the Command Variant
(E11), translation onto the transport-neutral submission service (which runs the checks every
transport gets), then the answer: I99 for the Send Command service; for Transform and Non-Device
the request's first step runs inline and its response (Pre-Command, local command, the DCC's own
answer) is the synchronous answer. The XML exchanged is kept, compressed, with the request.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric import ec
from django.db import transaction
from django.utils import timezone
from lxml import etree

from portal.models import Party, PartyUserRole
from portal.services import audit

from ..choices import DuisMessageKind, SRKind, Transport
from ..duis import rendering, xmldsig
from ..duis.constants import (
    NON_DEVICE,
    SEND_COMMAND,
    SERVICE_COMMAND_VARIANTS,
    SERVICE_NAMES,
    SIGNED_PRE_COMMAND_VARIANTS,
)
from ..duis.parsing import DuisRefusal, DuisRequest, TransportError, parse, read_request
from ..duis.schema import schema_errors
from ..duis.translation import RUN_AS_DEVICE_REQUEST, translate
from ..models import DuisMessage, ServiceRequest, ServiceResponse
from ..permissions import PartySender as DuisSender
from .duis_credentials import dcc_user_id, dsp_signer

logger = logging.getLogger(__name__)
_XML_SIGN_ROLE = 0x87  # requests are signed with an XmlSign Organisation Certificate (spec §3)
_PATHS = {"S": "serviceS", "T": "serviceT", "D": "serviceD"}


@dataclass
class GatewayAnswer:
    """What the web service sends back, and where the CPU went (for the benchmark)."""

    status: int
    content_type: str
    body: bytes
    timings: dict[str, float] = field(default_factory=dict)


class _Clock:
    """CPU time of this thread per step (parse, schema, signature, pipeline, render)."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self._at = time.thread_time()

    def lap(self, step: str) -> None:
        now = time.thread_time()
        self.spent[step] = self.spent.get(step, 0.0) + now - self._at
        self._at = now


def duis_request_receive(*, service: str, data: bytes) -> GatewayAnswer:
    """Handle one DUIS request posted to web service ``service`` (``S``, ``T`` or ``D``)."""
    clock = _Clock()
    received_at = timezone.now()
    try:
        root = parse(data)
    except TransportError as exc:
        return GatewayAnswer(exc.status, "text/plain; charset=utf-8", exc.reason.encode(), clock.spent)
    clock.lap("parse")
    request: DuisRequest | None = None
    try:
        request = read_request(root)
        clock.lap("parse")
        problem = schema_errors(root)
        clock.lap("schema")
        if problem:  # D-DUIS-14: structure and schema, E11
            raise DuisRefusal("E11", f"The request does not match the DUIS schema: {problem}")
        sender = _authenticate(request)
        clock.lap("signature")
        answer, sr = _serve(service, request, sender, data, clock)
    except DuisRefusal as refusal:
        answer, sr = _refused(refusal, request, service), None
        clock.lap("pipeline")
    body = _finish(answer)
    clock.lap("render")
    if sr is not None:
        _keep_exchange(sr, data, body, rendering_code(answer), received_at=received_at)
        clock.lap("pipeline")
    return GatewayAnswer(200, "application/xml", body, clock.spent)


def rendering_code(root: etree._Element) -> str:
    return root.findtext(f"{{{root.nsmap['sr']}}}Header/{{{root.nsmap['sr']}}}ResponseCode") or ""


def _finish(root: etree._Element) -> bytes:
    from django.conf import settings

    if settings.DUIS_SIGN_SYNCHRONOUS_ANSWERS:
        try:
            sign_document(root)
        except Exception:
            # DUIS allows an unsigned synchronous answer: better that than no answer (D-DUIS-03).
            logger.exception("the DCC's DspXmlSign credential is not available; answering unsigned")
    return rendering.to_bytes(root)


def sign_document(root: etree._Element) -> None:
    """Sign a DCC answer with the DspXmlSign key (D-DUIS-03)."""
    signer = dsp_signer()
    xmldsig.sign(root, private_key=signer.key, issuer=signer.issuer, serial=signer.serial)


# --- authentication -------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _public_key(der: bytes) -> ec.EllipticCurvePublicKey:
    from cryptography import x509

    key = x509.load_der_x509_certificate(der).public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ValueError("An XmlSign certificate certifies an EC P-256 key.")
    return key


@dataclass(frozen=True)
class _Signer:
    """Who may sign for an originator with one certificate: its public key and Party."""

    public_key: ec.EllipticCurvePublicKey
    party: Party
    expires: float


_signers: dict[tuple[str, int, str], _Signer] = {}
_signers_lock = threading.Lock()
_monotonic = time.monotonic


def forget_signers() -> None:
    """Drop the cached signers (tests; a revocation otherwise takes effect within the cache's life)."""
    with _signers_lock:
        _signers.clear()


def _authenticate(request: DuisRequest) -> DuisSender:
    """The XML signature, by an In use XmlSign certificate of the originator's own Party (E1).

    Who may sign (certificate, status, User ID, Party) is kept for DUIS_CERTIFICATE_CACHE_SECONDS
    (D-DUIS-18); the signature itself is verified on every request.
    """
    if request.signature is None:
        raise DuisRefusal("E1", "The request is not signed.", request_id=request.request_id)
    try:
        name = xmldsig.key_name(request.signature)
    except xmldsig.SignatureInvalid as exc:
        raise DuisRefusal("E1", exc.reason, request_id=request.request_id) from None
    signer = _signer(name.issuer, name.serial, request)
    try:
        xmldsig.verify(request.root, request.signature, signer.public_key)
    except xmldsig.SignatureInvalid as exc:
        raise DuisRefusal("E1", exc.reason, request_id=request.request_id) from None
    return DuisSender(signer.party)


def _signer(issuer: str, serial: int, request: DuisRequest) -> _Signer:
    from django.conf import settings

    key = (issuer, serial, request.originator)
    now = _monotonic()
    found = _signers.get(key)
    if found is not None and found.expires > now:
        return found
    signer = _signer_lookup(issuer, serial, request)
    life = settings.DUIS_CERTIFICATE_CACHE_SECONDS
    if life > 0:
        signer = _Signer(signer.public_key, signer.party, now + life)
        with _signers_lock:
            if len(_signers) > 10_000:
                _signers.clear()
            _signers[key] = signer
    return signer


def _signer_lookup(issuer: str, serial: int, request: DuisRequest) -> _Signer:
    from smki.selectors import certificate_for_xml_signature

    certificate = certificate_for_xml_signature(issuer=issuer, serial=serial)
    refuse = _certificate_problem(certificate, request)  # D-DUIS-14: every certificate failure is E1
    if refuse or certificate is None:
        raise DuisRefusal("E1", refuse or "No certificate.", request_id=request.request_id)
    holder = PartyUserRole.objects.select_related("party").filter(user_id=request.originator).order_by("pk").first()
    if holder is None or holder.party_id != certificate.subscriber.party_id or not holder.party.is_active:
        raise DuisRefusal(
            "E1", "The originator User ID does not belong to the certificate's Party.", request_id=request.request_id
        )
    return _Signer(_public_key(bytes(certificate.der)), holder.party, 0.0)


def _certificate_problem(certificate, request: DuisRequest) -> str | None:
    from smki.choices import CertificateStatus

    if certificate is None:
        return "No certificate in the SMKI Repository has the signature's issuer and serial number."
    if certificate.role_code != _XML_SIGN_ROLE:
        return "The signing certificate is not an XmlSign (0x87) certificate."
    if certificate.status != CertificateStatus.IN_USE:
        return f"The signing certificate is {certificate.get_status_display().lower()}, not in use."
    if not certificate.is_usable_for_signatures:
        return "The signing certificate is not valid now (expired or not yet valid)."
    if certificate.user_id != request.originator:
        return "The signing certificate belongs to another User ID than the RequestID's originator."
    return None


# --- serving a request ----------------------------------------------------------------------


def _serve(service: str, request: DuisRequest, sender: DuisSender, data: bytes, clock: _Clock):
    allowed = SERVICE_COMMAND_VARIANTS[service]
    if request.command_variant not in allowed:  # D-DUIS-14: the wrong web service, E11
        right = next(s for s, cvs in SERVICE_COMMAND_VARIANTS.items() if request.command_variant in cvs)
        raise DuisRefusal(
            "E11",
            f"Command Variant {request.command_variant} goes to the {SERVICE_NAMES[right]} service "
            f"(/api/v1/{_PATHS[right]}), not {SERVICE_NAMES[service]}.",
            request_id=request.request_id,
        )
    if request.command_variant in SIGNED_PRE_COMMAND_VARIANTS:
        return _signed_pre_command(service, request, sender, clock)
    submission = translate(request)
    if request.command_variant == 8 and request.target != dcc_user_id():
        raise DuisRefusal(
            "E11", "A Non-Device request's RequestID targets the DCC's User ID.", request_id=request.request_id
        )
    from .submission import service_requests_submit

    verdict = service_requests_submit(actor=sender, submissions=[submission], transport=Transport.DUIS)[0]
    clock.lap("pipeline")
    sr = verdict.request
    if not verdict.accepted:
        return _answer(request, code=verdict.code, srv=request.srv), sr
    synchronous = service != SEND_COMMAND or (request.srv in RUN_AS_DEVICE_REQUEST and request.command_variant == 8)
    if not synchronous:
        return _answer(request, code="I99", srv=request.srv), sr
    return _run_now(request, sr), sr


def _run_now(request: DuisRequest, sr: ServiceRequest) -> etree._Element:
    """Transform / Non-Device: take the request's first step now and answer with its response."""
    from .pipeline import service_requests_process_now

    try:
        service_requests_process_now(pks=[sr.pk])
    except Exception:
        # The request stays queued and the workers take it: the answer follows asynchronously.
        logger.exception("DUIS request %s could not run inline; the pipeline will continue it", sr.request_id)
        return _answer(request, code="I99", srv=request.srv)
    return _answer_from_response(request, sr)


def _answer_from_response(request: DuisRequest, sr: ServiceRequest) -> etree._Element:
    response = ServiceResponse.objects.filter(service_request=sr).order_by("-created_at", "-pk").first()
    if response is None:
        return _answer(request, code="I99", srv=request.srv)  # it waits (device busy, dependency)
    sr.refresh_from_db(fields=["status", "schedule", "target_device_id", "body"])
    root, body = rendering.response_root(
        code=response.code, request_id=request.request_id, response_id=rendering.response_id_for(request.request_id)
    )
    message = rendering.response_message(body, srv=request.srv)
    rendering.add_response_content(
        message,
        kind=response.kind,
        body=response.body,
        request_body=sr.body,
        device_id=sr.target_device_id,
        non_device=sr.variant is not None and sr.variant.kind == SRKind.NON_DEVICE,
        schedule_id=sr.schedule.schedule_id if sr.schedule is not None else "",
        gbcs_version=_gbcs_version(sr.target_device_id) if response.kind == "pre_command" else "",
    )
    return root


def _gbcs_version(device_id: str) -> str:
    from ..smi import devices_by_id

    device = devices_by_id([device_id]).get(device_id)
    model = device.device_model if device is not None else None
    return (model.gbcs_version if model is not None else "") or "4.0"


def _signed_pre_command(service: str, request: DuisRequest, sender: DuisSender, clock: _Clock):
    """CV 5/6/7: the Signed Pre-Command of a request this Party transformed earlier (spec §5)."""
    from .signing import pre_command_payload, signed_pre_commands_submit

    if request.body_name != "SignedPreCommand":
        raise DuisRefusal("E11", "Command Variants 5-7 carry a SignedPreCommand body.", request_id=request.request_id)
    sr = (
        ServiceRequest.objects.select_related("variant", "party")
        .filter(request_id=request.request_id, party_id=sender.party_id, is_accepted=True)
        .first()
    )
    if sr is None:  # App AB 7.1: a Signed Pre-Command answers a Pre-Command the DCC issued (D-DUIS-08)
        raise DuisRefusal("E3", "No Pre-Command of yours has this RequestID.", request_id=request.request_id)
    signature = _pre_command_signature(request, pre_command_payload(sr))
    code, _reason = signed_pre_commands_submit(actor=sender, items=[(sr, signature, request.command_variant)])[0]
    clock.lap("pipeline")
    if code != "I99" or service != NON_DEVICE:
        return _answer(request, code=code, srv=request.srv), sr
    return _run_now(request, sr), sr


def _pre_command_signature(request: DuisRequest, payload: bytes) -> str:
    """The DER signature (base64) our signing check takes, from ``SignedPreCommand/GBCSPayload``.

    The signed payload is the Pre-Command's payload, then the signature length (0x40) and the 64-byte
    r||s, as GBCS appends them (D-DUIS-08); anything else is refused with E11.
    """
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    text = request.body.findtext(f"{{{etree.QName(request.body).namespace}}}GBCSPayload") or ""
    try:
        signed = base64.b64decode("".join(text.split()), validate=True)
    except ValueError:
        raise DuisRefusal(
            "E11", "SignedPreCommand/GBCSPayload is not base64.", request_id=request.request_id
        ) from None
    if len(signed) != len(payload) + 65 or signed[: len(payload)] != payload or signed[len(payload)] != 0x40:
        raise DuisRefusal(
            "E11",
            "The Signed Pre-Command must be the Pre-Command payload followed by 0x40 and the 64-byte signature.",
            request_id=request.request_id,
        )
    raw = signed[len(payload) + 1 :]
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    return base64.b64encode(der).decode()


# --- answers --------------------------------------------------------------------------------


def _answer(request: DuisRequest, *, code: str, srv: str) -> etree._Element:
    root, body = rendering.response_root(
        code=code, request_id=request.request_id, response_id=rendering.response_id_for(request.request_id)
    )
    rendering.response_message(body, srv=srv)
    return root


def _refused(refusal: DuisRefusal, request: DuisRequest | None, service: str) -> etree._Element:
    """The answer to a refused request; refusals before a Party is known leave only an audit event."""
    request_id = refusal.request_id or (request.request_id if request else None)
    srv = request.srv if request else ""
    root, body = rendering.response_root(
        code=refusal.code,
        request_id=request_id,
        response_id=rendering.response_id_for(request_id) if request_id else None,
    )
    rendering.response_message(body, srv=srv)
    with transaction.atomic():
        audit.record(
            action="devices.duis_refused",
            target_type="devices.duis",
            target_id=(request_id or "")[:100],
            target_label=f"{SERVICE_NAMES.get(service, service)} {srv}".strip(),
            after={"code": refusal.code, "reason": refusal.reason[:300], "service": service},
        )
    logger.info("DUIS request %s refused %s: %s", request_id, refusal.code, refusal.reason)
    return root


def _keep_exchange(sr: ServiceRequest, received: bytes, answer: bytes, code: str, *, received_at) -> None:
    now = timezone.now()
    DuisMessage.objects.bulk_create(
        [
            DuisMessage(
                service_request=sr,
                kind=DuisMessageKind.REQUEST,
                compressed=DuisMessage.pack(received),
                created_at=received_at,
            ),
            DuisMessage(
                service_request=sr,
                kind=DuisMessageKind.ANSWER,
                code=code,
                compressed=DuisMessage.pack(answer),
                created_at=now,
            ),
        ]
    )
