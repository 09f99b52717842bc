"""Fixed facts of DUIS (the DCC User Interface Specification) the gateway relies on.

Names, namespaces, algorithm identifiers and code lists are facts about the format, written here
in our own words; DCC's schema itself is GPL-3.0 and is never part of this repository
(``DUIS_XSD_PATH`` points at a copy fetched at test time, ../shared/spec/duis-gateway.md).
"""

SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"
RA_NS = "http://www.dccinterface.co.uk/ResponseAndAlert"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
SR = f"{{{SR_NS}}}"
DS = f"{{{DS_NS}}}"

# The one XMLDSig profile of requests and responses (spec §3): enveloped, exclusive c14n of
# SignedInfo, ECDSA P-256 with SHA-256 (r||s), SHA-256 digests, the certificate by issuer+serial.
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
INCLUSIVE_C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"

# The schema version our answers declare (the V5.1 schema the signing tool validates against).
RESPONSE_SCHEMA_VERSION = "5.1"

# Web services (spec §1): which Command Variants each one takes.
SEND_COMMAND, TRANSFORM, NON_DEVICE = "S", "T", "D"
SERVICE_COMMAND_VARIANTS = {
    SEND_COMMAND: frozenset({1, 3, 5, 7}),
    TRANSFORM: frozenset({4}),
    NON_DEVICE: frozenset({2, 6, 8}),
}
SERVICE_NAMES = {SEND_COMMAND: "Send Command", TRANSFORM: "Transform", NON_DEVICE: "Non-Device"}
SIGNED_PRE_COMMAND_VARIANTS = frozenset({5, 6, 7})

# The ExecutionDateTime that cancels a Future Dated (Device) command held on the device instead
# of scheduling a new one (DUIS future-dated requests; the RTDS "CANCELLATION" templates).
CANCELLATION_DATE_TIME = "3000-12-31T00:00:00"

# DUIS response codes (the ResponseCode enumeration of the V5.1 schema, 189 values): I0 final
# success, I99 acknowledgement, general E-codes, and codes of one SRV (E + reference + number).
_GENERAL = (
    "I0 I99 E1 E2 E3 E4 E5 E11 E12 E13 E17 E19 E20 E21 E30 E31 "
    + " ".join(f"E{n}" for n in range(40, 72))
    + " E100 E1000 E1001 E1003 E1004 E1006 E1007 E1008 E1010 E1011"
)
_SRV_SPECIFIC = (
    "E010101 E010102 E010201 E030301 E030302 E040101 E041701 E050101 E050102 E050103 E050105 E050107 "
    "E050108 E050109 E050110 E050201 E050202 W050201 E050301 E050302 W050301 E060501 E060502 E060701 "
    "E060801 E060802 E060803 E061301 E061304 E061305 E061501 E061504 E061505 E061506 E061507 E061508 "
    "E061509 E061801 E061802 E061803 E062101 E062102 E062103 E062105 E062201 E062202 E062203 E062301 "
    "E062302 E062303 E062304 E062305 E062306 E062401 E062402 E062403 E062801 E062802 E062803 E080201 "
    "E080202 E080301 E080302 E080405 E080406 E080407 E080408 E080409 E080410 E080411 E080412 E080413 "
    "E080414 E080415 E080501 E080502 E080503 E080601 E080602 E080604 E080606 E080607 E080702 E080721 "
    "E080722 E080723 E080801 E080821 E080822 E080901 E080902 E080903 E081101 E081102 E081104 E081105 "
    "E081106 E081107 E081108 E081109 E081110 E081111 E081202 E081204 E081205 E081221 E081222 E081223 "
    "E081301 E081302 E081303 E081401 E081402 E081405 W081401 E110101 E110102 E110103 E110105 W110101 "
    "E110401 E110402 E110403 E110405 W110401 E120101 E120102 E120201 E120203 E120204 E120207"
)
DUIS_RESPONSE_CODES = frozenset((_GENERAL + " " + _SRV_SPECIFIC).split())

# DCC Alert codes a DCCAlertMessage may carry (the DCCAlertCode enumeration of the schema).
DUIS_DCC_ALERT_CODES = frozenset(["AD1", "N999", *(f"N{n}" for n in range(1, 66) if n != 32)])
