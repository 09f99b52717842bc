"""The SMKI Repository web services as DCC Boxed offers them, for DCC's client tools (issue 12 item 8).

``POST /services/certificatesearch`` takes a ``CertificateSearchRequest`` and answers a
``CertificateSearchResponse`` with one ``Result`` per certificate; ``POST /services/retrievecertificate``
takes ``CertificateDataRequest/CertificateSerial`` and answers ``CertificateDataResponse/CertificateResponse``
with the base64 DER ``CertificateBody``. DCC Boxed's status codes are kept because the keystore client
relies on them: **402** when nothing is found, **401** for bad parameters (any request content we
cannot use). Transport problems answer as usual (405, 413, 415, 429; 403 when access is refused, 404
when the services are off). Every answer is ``application/xml``, except errors, which are plain text.
Element names, structure and status codes were learnt from ``@smartdcc/dccboxed-keystore``'s client.

Untrusted XML is parsed with lxml without DTDs, entities or network, and with a small size cap.
Access, size and rate limits are settings (decision D-ZAZ-06).
"""

import base64
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

from portal.identifiers import normalise_eui64
from portal.services.tokens import api_token_authenticate

from .. import selectors
from ..choices import CertificateKind, KeyUsage, RepositoryStatus
from ..permissions import can_use_repository_services

SEARCH_FIELDS = frozenset(
    {
        "CertificateSubjectName",
        "CertificateSubjectAltName",
        "CertificateSerial",
        "CertificateRole",
        "CertificateUsage",
        "CertificateStatus",
    }
)
_USAGE_CODES = {"DS": KeyUsage.DIGITAL_SIGNATURE, "KA": KeyUsage.KEY_AGREEMENT}
_USAGE_NAMES = {usage: code for code, usage in _USAGE_CODES.items()}
_SERIAL = re.compile(r"^[0-9A-Fa-f]{1,40}$")
_XML_TYPES = ("application/xml", "text/xml")


class BadParameters(Exception):
    """DCC Boxed's 401: the request content cannot be used."""


def _plain(status: int, reason: str, **headers) -> HttpResponse:
    response = HttpResponse(reason + "\n", status=status, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _xml(root: etree._Element) -> HttpResponse:
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="application/xml")


def _caller(request):
    """The Party person behind an ``Authorization: Token`` header, or None (no session: no CSRF here)."""
    header = request.headers.get("Authorization", "")
    keyword, _, value = header.partition(" ")
    if keyword.lower() != "token" or not value.strip():
        return None
    token = api_token_authenticate(value.strip())
    return token.created_by if token else None


def _over_rate(request, actor) -> bool:
    who = f"user:{actor.pk}" if actor is not None else f"addr:{request.META.get('REMOTE_ADDR', '')}"
    key = f"smki-repository-services:{who}"
    # A fixed one-minute window per caller; the cache is per process unless a shared one is configured.
    if cache.add(key, 1, timeout=60):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=60)
        return False
    return count > settings.SMKI_REPOSITORY_SERVICES_RATE_PER_MINUTE


def _guard(request):
    """Transport checks shared by both services: an error response, or (None, actor)."""
    if settings.SMKI_REPOSITORY_SERVICES_ACCESS == "off":
        raise Http404
    if request.method != "POST":
        return _plain(405, "Use POST with an XML body.", Allow="POST"), None
    actor = _caller(request)
    if not can_use_repository_services(actor):
        return _plain(
            403, "The SMKI Repository services need an API token of a Party (Authorization: Token ...)."
        ), None
    if _over_rate(request, actor):
        return _plain(429, "Too many requests; try again in a minute.", Retry_After="60"), None
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type not in _XML_TYPES:
        return _plain(415, "Send the request as application/xml."), None
    limit = settings.SMKI_REPOSITORY_SERVICES_MAX_BODY_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit or len(request.body) > limit:
        return _plain(413, f"The body is larger than {limit} bytes."), None
    return None, actor


_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _parse(body: bytes, root_name: str) -> dict[str, str]:
    """The request's child elements as {local name: text}; raises ``BadParameters``."""
    try:
        root = etree.fromstring(body, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise BadParameters(f"The body is not well-formed XML ({exc}).") from exc
    if root.getroottree().docinfo.doctype:
        raise BadParameters("Document type declarations are not accepted.")
    if etree.QName(root).localname != root_name:
        raise BadParameters(f"The root element must be {root_name}.")
    fields: dict[str, str] = {}
    for child in root:
        if not isinstance(child.tag, str) or len(child):
            raise BadParameters("Parameters are simple elements holding text.")
        name = etree.QName(child).localname
        if name in fields:
            raise BadParameters(f"{name} is given twice.")
        fields[name] = (child.text or "").strip()
    return fields


def _eui(fields: dict, name: str) -> str:
    try:
        return normalise_eui64(fields[name]) if name in fields else ""
    except ValidationError as exc:
        raise BadParameters(f"{name}: {exc.messages[0]}") from exc


def _serial(value: str, name: str = "CertificateSerial") -> str:
    if not _SERIAL.match(value):
        raise BadParameters(f"{name} must be the certificate serial in hex (1 to 40 digits).")
    return value.upper().lstrip("0") or "0"


@dataclass(frozen=True)
class SearchCriteria:
    user_id: str = ""
    device_id: str = ""
    serial: str = ""
    role_code: int | None = None
    usage: str = ""
    status: str = ""


def search_criteria(fields: dict[str, str]) -> SearchCriteria:
    """What a CertificateSearchRequest asks for; raises ``BadParameters`` naming the problem."""
    unknown = sorted(set(fields) - SEARCH_FIELDS)
    if unknown:
        raise BadParameters(f"Unknown parameter {unknown[0]}; use {', '.join(sorted(SEARCH_FIELDS))}.")
    user_id, device_id = _eui(fields, "CertificateSubjectName"), _eui(fields, "CertificateSubjectAltName")
    serial = _serial(fields["CertificateSerial"]) if "CertificateSerial" in fields else ""
    if not (user_id or device_id or serial):
        raise BadParameters("Give CertificateSubjectName, CertificateSubjectAltName or CertificateSerial.")
    if user_id and device_id:
        raise BadParameters("A certificate has a subject name or a subject alternative name, not both.")
    role = fields.get("CertificateRole")
    if role is not None and not (role.isdigit() and int(role) <= 255):
        raise BadParameters("CertificateRole must be a Remote Party Role code in decimal (e.g. 2).")
    usage = fields.get("CertificateUsage")
    if usage is not None and usage not in _USAGE_CODES:
        raise BadParameters("CertificateUsage must be DS or KA.")
    status = fields.get("CertificateStatus")
    if status is not None and status not in RepositoryStatus.values:
        raise BadParameters("CertificateStatus must be one of P, I, N, E or R.")
    return SearchCriteria(
        user_id=user_id,
        device_id=device_id,
        serial=serial,
        role_code=int(role) if role is not None else None,
        usage=_USAGE_CODES[usage] if usage else "",
        status=status or "",
    )


def _sub(parent: etree._Element, name: str, text: str) -> None:
    etree.SubElement(parent, name).text = text


def _describe(parent: etree._Element, certificate) -> None:
    """Serial, subject name (User ID) or subject alternative name (Device ID), role, usage, status."""
    _sub(parent, "CertificateSerial", certificate.serial)
    if certificate.kind == CertificateKind.DEVICE:
        _sub(parent, "CertificateSubjectAltName", certificate.device_id)
    else:
        _sub(parent, "CertificateSubjectName", certificate.user_id)
    if certificate.role_code is not None:
        _sub(parent, "CertificateRole", str(certificate.role_code))
    _sub(parent, "CertificateUsage", _USAGE_NAMES[certificate.usage])
    _sub(parent, "CertificateStatus", certificate.repository_status)


@csrf_exempt
def certificate_search(request):
    """CertificateSearchRequest -> CertificateSearchResponse (402 when nothing matches)."""
    refused, actor = _guard(request)
    if refused:
        return refused
    try:
        criteria = search_criteria(_parse(request.body, "CertificateSearchRequest"))
    except BadParameters as exc:
        return _plain(401, str(exc))
    found = list(
        selectors.repository_service_search(actor=actor, **criteria.__dict__)
        .select_related(None)
        .defer("der")[: settings.SMKI_REPOSITORY_SEARCH_MAX_RESULTS]
    )
    if not found:
        return _plain(402, "No certificate matches.")
    root = etree.Element("CertificateSearchResponse")
    for certificate in found:
        _describe(etree.SubElement(root, "Result"), certificate)
    return _xml(root)


@csrf_exempt
def certificate_retrieve(request):
    """CertificateDataRequest/CertificateSerial -> CertificateDataResponse (402 when unknown)."""
    refused, actor = _guard(request)
    if refused:
        return refused
    try:
        fields = _parse(request.body, "CertificateDataRequest")
        if set(fields) != {"CertificateSerial"}:
            raise BadParameters("CertificateDataRequest holds exactly one CertificateSerial.")
        serial = _serial(fields["CertificateSerial"])
    except BadParameters as exc:
        return _plain(401, str(exc))
    certificate = selectors.repository_service_search(actor=actor, serial=serial).first()
    if certificate is None:
        return _plain(402, "No certificate has that serial.")
    root = etree.Element("CertificateDataResponse")
    response = etree.SubElement(root, "CertificateResponse")
    _describe(response, certificate)
    # Base64 of the DER in 64-character lines, so it also reads as the body of a PEM block.
    encoded = base64.b64encode(bytes(certificate.der)).decode()
    _sub(response, "CertificateBody", "\n".join(encoded[i : i + 64] for i in range(0, len(encoded), 64)))
    return _xml(root)
