"""Enumerations of the SMKI app (spec smki-hubs-incidents-coverage.md §1)."""

from django.db import models


class CertificateKind(models.TextChoices):
    """The two certificate families the SMKI portal issues (§1.1)."""

    ORGANISATION = "organisation", "Organisation Certificate"
    DEVICE = "device", "Device Certificate"


class KeyUsage(models.TextChoices):
    """GB SMKI certificates carry exactly one key usage (ANCHORS A8: DS xor KA)."""

    DIGITAL_SIGNATURE = "ds", "Digital signing"
    KEY_AGREEMENT = "ka", "Key agreement"


class RemotePartyRole(models.IntegerChoices):
    """Remote Party Role codes written as the Organisation Certificate subject OU (ANCHORS A8)."""

    ROOT = 0, "Root"
    RECOVERY = 1, "Recovery"
    SUPPLIER = 2, "Supplier"
    NETWORK_OPERATOR = 3, "Network Operator"
    ACCESS_CONTROL_BROKER = 4, "Access Control Broker"
    TRANSITIONAL_COS = 5, "Transitional CoS"
    WAN_PROVIDER = 6, "WAN Provider"
    ISSUING_AUTHORITY = 7, "Issuing Authority"
    LOAD_CONTROLLER = 8, "Load Controller"
    OTHER = 127, "Other"
    XML_SIGN = 135, "XmlSign"
    DSP_XML_SIGN = 137, "DspXmlSign"


class CertificateStatus(models.TextChoices):
    """Stored lifecycle of an issued certificate; 'expired' is derived from not_after (§1.8 P/I/N/E/R)."""

    PENDING = "pending", "Pending"
    IN_USE = "in_use", "In use"
    NOT_IN_USE = "not_in_use", "Not in use"
    REVOKED = "revoked", "Revoked"


class RepositoryStatus(models.TextChoices):
    """The five repository statuses a relying party searches by (ANCHORS A8: P, I, N, E, R)."""

    PENDING = "P", "Pending"
    IN_USE = "I", "In use"
    NOT_IN_USE = "N", "Not in use"
    EXPIRED = "E", "Expired"
    REVOKED = "R", "Revoked"


class CaKind(models.TextChoices):
    ROOT = "root", "Root OCA"
    ISSUING_ORGANISATION = "issuing_organisation", "Issuing OCA (Organisation Certificates)"
    ISSUING_DEVICE = "issuing_device", "Issuing DCA (Device Certificates)"
    # The issuer of certificates imported from another PKI (e.g. DCC's ZAZ1): no key, never signs here.
    EXTERNAL = "external", "External test PKI CA"


class CaStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DISABLED = "disabled", "Disabled"


class CaOperationKind(models.TextChoices):
    """CA-level operations that need two distinct registration authority officers."""

    CREATE = "create", "Create issuing CA"
    RENEW = "renew", "Renew CA certificate"
    DISABLE = "disable", "Disable CA"


class CaOperationStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting second officer"
    EXECUTED = "executed", "Approved and executed"
    DECLINED = "declined", "Declined"


class SubscriberStatus(models.TextChoices):
    """Authorised Subscriber application (§1.5, steps 1-4)."""

    APPLIED = "applied", "Application received"
    APPROVED = "approved", "Authorised Subscriber"
    WITHDRAWN = "withdrawn", "No longer authorised"
    # A Party that holds certificates of an imported test PKI only (D-ZAZ-03): not authorised here.
    EXTERNAL = "external", "External test PKI certificates only"


class OfficerKind(models.TextChoices):
    SRO = "sro", "Senior Responsible Officer"
    ARO = "aro", "Authorised Responsible Officer"


class OfficerStatus(models.TextChoices):
    """§1.5 suggested model: nominated -> identity_verified -> approved; credentials approved -> revoked."""

    NOMINATED = "nominated", "Nominated"
    IDENTITY_VERIFIED = "identity_verified", "Identity verified"
    APPROVED = "approved", "Approved"
    REVOKED = "revoked", "Revoked"


class OfficerRevocationReason(models.TextChoices):
    """Permitted reasons for revoking an ARO's or SRO's credentials (App D 8.3.1 (a)-(f))."""

    REQUESTED = "requested", "(a) The officer asked for it"
    INELIGIBLE = "ineligible", "(b) The Party is no longer eligible or an Authorised Subscriber"
    IDENTITY_CHANGED = "identity_changed", "(c) The identity information changed"
    SECURITY_THREAT = "security_threat", "(d) The officer is considered a security threat"
    IDENTITY_INACCURATE = "identity_inaccurate", "(e) The identity information is (suspected) inaccurate"
    CREDENTIALS_LOST = "credentials_lost", "(f) The credentials are lost, stolen, inoperative or destroyed"


class RequestStatus(models.TextChoices):
    """Certificate request (CSR) lifecycle (§1.6 suggested state machine)."""

    PENDING_REVIEW = "pending_review", "Awaiting RA review"
    ISSUED = "issued", "Issued"
    REJECTED = "rejected", "Rejected"


class RequestChannel(models.TextChoices):
    FORM = "form", "Portal form"
    API = "api", "API"
    BATCH = "batch", "Batch"
    SYSTEM = "system", "DCC system"
    # Key pair and CSR made by the replica for a Party's testing (D-ZAZ-05; SMKI_TEST_CREDENTIALS_ENABLED).
    TEST = "test", "Test credentials"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Processing"
    COMPLETED = "completed", "Completed"
    REJECTED = "rejected", "Whole batch rejected"
    FAILED = "failed", "Failed"


class RevocationReason(models.TextChoices):
    """Permitted revocation reasons (App B 4.9), mapped to RFC 5280 CRL reason codes in profiles."""

    KEY_COMPROMISE = "key_compromise", "Key compromise (suspected or actual)"
    AFFILIATION_CHANGED = "affiliation_changed", "Subscriber details changed"
    SUPERSEDED = "superseded", "Superseded by a replacement certificate"
    CESSATION_OF_OPERATION = "cessation_of_operation", "Subscriber ceased to be an Eligible Subscriber"
    INCONSISTENT = "inconsistent", "Certificate inconsistent with its CSR (rejected by the Subscriber)"
    PMA_DIRECTION = "pma_direction", "Directed by the SMKI PMA"


class RevocationChannel(models.TextChoices):
    """How the Certificate Revocation Request reached the RA (§1.9 Channels; §8 rule 2)."""

    PORTAL = "portal", "SMKI portal (secured electronic means)"
    SECURED_ELECTRONIC = "secured_electronic", "Other secured electronic means"
    REGISTERED_POST = "registered_post", "Registered post"
    IN_PERSON = "in_person", "In person at the SMKI RA offices"


class RevocationListKind(models.TextChoices):
    CRL = "crl", "Organisation CRL"
    ARL = "arl", "Authority Revocation List"


class RejectionReason(models.TextChoices):
    """Every reason the CSR choke point (smki.checks) can give; the code is the API's error code."""

    MALFORMED = "malformed", "Not a PKCS#10 CSR in PEM or DER"
    BAD_SIGNATURE = "bad_signature", "The CSR signature does not verify (no proof of possession)"
    WRONG_SIGNATURE_ALGORITHM = "wrong_signature_algorithm", "The CSR is not signed with ECDSA-SHA256"
    WRONG_KEY_TYPE = "wrong_key_type", "The key is not an elliptic-curve key"
    WRONG_CURVE = "wrong_curve", "The key is not on curve P-256"
    KEY_USAGE_MISSING = "key_usage_missing", "The CSR requests no key usage"
    KEY_USAGE_INVALID = "key_usage_invalid", "The key usage must be exactly digitalSignature or exactly keyAgreement"
    UNEXPECTED_EXTENSION = "unexpected_extension", "The CSR requests an extension the profile does not allow"
    UNEXPECTED_ATTRIBUTE = "unexpected_attribute", "The CSR carries an attribute the profile does not allow"
    SUBJECT_INVALID = "subject_invalid", "The subject does not match the profile"
    SAN_INVALID = "san_invalid", "The subject alternative name does not match the profile"
    ROLE_NOT_PERMITTED = "role_not_permitted", "The remote party role is not permitted for this User ID"
    USER_ID_NOT_SUBSCRIBER = "user_id_not_subscriber", "The EUI-64 User ID does not belong to the Subscriber"
    SUBMITTER_NOT_ARO = "submitter_not_aro", "The submitter is not an approved ARO of the Subscriber"
    SUBSCRIBER_NOT_AUTHORISED = "subscriber_not_authorised", "The Subscriber is not authorised for this policy"
    PUBLIC_KEY_REUSED = "public_key_reused", "The public key is already certified"
    DEVICE_CAP_REACHED = "device_cap_reached", "100 Device Certificates have already been issued for this Device ID"
    NO_EARLIER_DEVICE_CERTIFICATE = (
        "no_earlier_device_certificate",
        "The web service only renews: no Device Certificate has been issued for this Device ID yet",
    )
    DUPLICATE_IN_BATCH = "duplicate_in_batch", "The same public key appears earlier in this batch"
    NO_ACTIVE_CA = "no_active_ca", "No active issuing CA for this certificate family"
    # Only the RA's review gives this one (§1.6 step 3: the DCC verifies content).
    CONTENT_REJECTED = "content_rejected", "The RA found the CSR's content wrong on review"


class ExternalImportOutcome(models.TextChoices):
    """What importing one entry of an external test PKI's keystore did (issue 12 item 7)."""

    IMPORTED = "imported", "Imported"
    UNCHANGED = "unchanged", "Already imported"
    NOT_HELD = "not_held", "Not imported: no Party holds the User ID"
    UNPARSEABLE = "unparseable", "Not imported: the certificate cannot be parsed"
    INCONSISTENT = "inconsistent", "Not imported: not a GB SMKI certificate, or not what the entry says"
    CONFLICT = "conflict", "Not imported: the serial or key belongs to another certificate"
