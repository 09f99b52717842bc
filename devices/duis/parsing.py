"""Reading a DUIS request safely: bytes -> checked tree -> the header facts the gateway needs.

Untrusted XML is parsed by libxml2 (lxml) with entity substitution, DTD loading and network
access off, libxml2's own huge-document limits on, and our limits on size and depth. A document
with a DOCTYPE is refused outright: DUIS has none, and refusing it leaves no room for entity
expansion of any kind. Everything that is not well-formed, too big or has a DTD is a transport
failure (plain-text 4xx); anything parsed is answered in DUIS XML, with E11 for a request whose
structure is wrong (our own checks, which always run whether or not the XSD is configured).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from django.conf import settings
from lxml import etree

from .constants import DS, SR, SR_NS

# EUI-64 "XX-XX-XX-XX-XX-XX-XX-XX"; counter decimal 0 .. 2^64-1 (the schema's RequestIDType).
_EUI = r"(?:[0-9A-Fa-f]{2}-){7}[0-9A-Fa-f]{2}"
REQUEST_ID = re.compile(rf"^(?P<originator>{_EUI}):(?P<target>{_EUI}):(?P<counter>0|[1-9][0-9]{{0,19}})$")
SRV = re.compile(r"^\d{1,2}(\.\d{1,2}){1,2}$")
_HEADER_ORDER = (
    "RequestID",
    "FirstInSequence",
    "PrecedingServiceRequestID",
    "CommandVariant",
    "ServiceReference",
    "ServiceReferenceVariant",
)
_REQUIRED = frozenset({"RequestID", "CommandVariant", "ServiceReference", "ServiceReferenceVariant"})


class TransportError(Exception):
    """Not a DUIS document at all: answered with HTTP ``status`` and a plain-text reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


class DuisRefusal(Exception):
    """A parsed request the gateway refuses: answered HTTP 200 with a DUIS ``code`` and reason."""

    def __init__(self, code: str, reason: str, *, request_id: str | None = None):
        super().__init__(reason)
        self.code, self.reason, self.request_id = code, reason, request_id


@dataclass
class DuisRequest:
    """The facts of one structurally valid request (the tree is kept for signature and body)."""

    root: etree._Element
    request_id: str
    originator: str
    target: str
    counter: int
    command_variant: int
    service_reference: str
    srv: str
    body: etree._Element
    signature: etree._Element | None
    first_in_sequence: bool | None = None
    preceding_request_id: str | None = None

    @property
    def body_name(self) -> str:
        return etree.QName(self.body).localname


_local = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers must not be shared between threads; one per thread, made once.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_blank_text=False,
            collect_ids=False,
        )
    return parser


def parse(data: bytes) -> etree._Element:
    """Parse untrusted bytes into a tree; raises ``TransportError`` for anything that is not safe XML."""
    if len(data) > settings.DUIS_MAX_REQUEST_BYTES:
        raise TransportError(413, f"The request is larger than {settings.DUIS_MAX_REQUEST_BYTES} bytes.")
    if not data.strip():
        raise TransportError(400, "The request body is empty.")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise TransportError(400, f"The request is not well-formed XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype or root.getroottree().docinfo.internalDTD is not None:
        raise TransportError(400, "DOCTYPE declarations are not accepted in DUIS messages.")
    _check_depth(root, settings.DUIS_MAX_DEPTH)
    return root


def _check_depth(root: etree._Element, limit: int) -> None:
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limit:
            raise TransportError(400, f"The request nests elements deeper than {limit} levels.")


def _local_children(element: etree._Element) -> list[etree._Element]:
    """Element children only (comments and processing instructions are ignored)."""
    return [child for child in element if isinstance(child.tag, str)]


def read_request(root: etree._Element) -> DuisRequest:
    """Our structural checks of ``sr:Request`` (spec §2); raises ``DuisRefusal`` with E11."""
    if root.tag != f"{SR}Request":
        raise DuisRefusal("E11", f"The root element must be Request in the namespace {SR_NS}, not {root.tag}.")
    children = _local_children(root)
    names = [child.tag for child in children]
    signature = children[2] if len(children) == 3 and names[2] == f"{DS}Signature" else None
    if names[:2] != [f"{SR}Header", f"{SR}Body"] or (len(children) == 3 and signature is None) or len(children) > 3:
        raise DuisRefusal("E11", "Request must hold Header, Body and an optional ds:Signature, in that order.")
    header = _read_header(children[0])
    request_id = header["RequestID"]
    match = REQUEST_ID.match(request_id)
    if match is None:
        raise DuisRefusal(
            "E11", "RequestID must be 'originator EUI-64:target EUI-64:counter' (XX-XX-XX-XX-XX-XX-XX-XX:...:n)."
        )
    counter = int(match["counter"])
    if counter > 2**64 - 1:
        raise DuisRefusal("E11", "The RequestID counter is larger than 2^64 - 1.", request_id=request_id)
    cv_text = header["CommandVariant"]
    if not cv_text.isdigit() or not 1 <= int(cv_text) <= 8:
        raise DuisRefusal("E11", "CommandVariant must be a number from 1 to 8.", request_id=request_id)
    srv, reference = header["ServiceReferenceVariant"], header["ServiceReference"]
    if not SRV.match(srv) or not (srv == reference or srv.startswith(reference + ".")):
        raise DuisRefusal(
            "E11",
            f"ServiceReferenceVariant {srv!r} does not belong to ServiceReference {reference!r}.",
            request_id=request_id,
        )
    body = _local_children(children[1])
    if len(body) != 1 or etree.QName(body[0]).namespace != SR_NS:
        raise DuisRefusal("E11", "Body must hold exactly one request element.", request_id=request_id)
    first = header.get("FirstInSequence")
    if first not in (None, "true", "false", "1", "0"):
        raise DuisRefusal("E11", "FirstInSequence must be true or false.", request_id=request_id)
    preceding = header.get("PrecedingServiceRequestID")
    if preceding is not None and not REQUEST_ID.match(preceding):
        raise DuisRefusal("E11", "PrecedingServiceRequestID is not a RequestID.", request_id=request_id)
    return DuisRequest(
        root=root,
        request_id=request_id,
        originator=match["originator"].upper(),
        target=match["target"].upper(),
        counter=counter,
        command_variant=int(cv_text),
        service_reference=reference,
        srv=srv,
        body=body[0],
        signature=signature,
        first_in_sequence=None if first is None else first in ("true", "1"),
        preceding_request_id=preceding,
    )


def _read_header(header: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    position = 0
    for child in _local_children(header):
        name = etree.QName(child).localname
        if etree.QName(child).namespace != SR_NS or name not in _HEADER_ORDER:
            raise DuisRefusal("E11", f"Header holds an unknown element {child.tag}.")
        index = _HEADER_ORDER.index(name)
        if index < position or name in found:
            raise DuisRefusal("E11", f"Header element {name} is out of order or repeated.")
        position = index
        found[name] = (child.text or "").strip()
    missing = sorted(_REQUIRED - set(found), key=_HEADER_ORDER.index)
    if missing:
        raise DuisRefusal("E11", f"Header lacks {', '.join(missing)}.", request_id=found.get("RequestID"))
    return found
