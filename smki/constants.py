"""Fixed numbers and object identifiers of the GB SMKI profiles (spec §1; SEC L8)."""

from cryptography.x509.oid import ObjectIdentifier

# L8.2: a Batched CSR holds more than one and no more than 50,000 CSRs; above that the whole
# batch, every CSR in it, is rejected (§1.7 Limits; §8 rule 3).
BATCH_MAX_CSRS = 50_000
# §1.7: issued certificates stay on the certificate pickup page for up to 30 days.
PICKUP_DAYS = 30
# §1.7: a CSR is rejected unless *fewer than 100* Device Certificates were issued for the Device ID.
DEVICE_CERTIFICATE_CAP = 100
# L8.1: a single CSR is answered within 30 seconds (we answer within the request).
AD_HOC_TARGET_SECONDS = 30

HARDWARE_MODULE_NAME_OID = ObjectIdentifier("1.3.6.1.5.5.7.8.4")  # RFC 4108 hardwareModuleName
EUI64_BYTES = 8

# Which Remote Party Role codes (Organisation Certificate OU) a User ID may certify, by the User Role
# it belongs to (spec §1.3 Table 4, ANCHORS A8). Root (0) and Issuing Authority (7) are CA certificates
# made only by the key ceremony command, never from a CSR. Decision D-SMKI-02.
ROLE_CODES_BY_USER_ROLE: dict[str, frozenset[int]] = {
    "EIS": frozenset({2, 135, 127}),
    "EES": frozenset({2, 135, 127}),
    "GIS": frozenset({2, 135, 127}),
    "ENO": frozenset({3, 135, 127}),
    "GNO": frozenset({3, 135, 127}),
    "SNA": frozenset({135, 127}),
    "OU": frozenset({135, 127}),
    # The DCC's own certificates: Recovery, ACB, Transitional CoS, WAN Provider, DSP XML signing.
    "DCC": frozenset({1, 4, 5, 6, 137, 135, 127}),
}
