"""Models of the SMKI app: CAs, Subscribers and officers, requests, certificates, batches, CRLs.

Status fields change only in ``smki.transitions`` (STYLE rule 7).
"""

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.identifiers import EUI64Field
from portal.models.base import TimeStampedModel

from .choices import (
    BatchStatus,
    CaKind,
    CaOperationKind,
    CaOperationStatus,
    CaStatus,
    CertificateKind,
    CertificateStatus,
    KeyUsage,
    OfficerKind,
    OfficerRevocationReason,
    OfficerStatus,
    RemotePartyRole,
    RepositoryStatus,
    RequestChannel,
    RequestStatus,
    RevocationChannel,
    RevocationListKind,
    RevocationReason,
    SubscriberStatus,
)


class CertificateAuthority(TimeStampedModel):
    """A CA of the SMKI hierarchy: the Root, the Issuing OCA or the Issuing DCA (issue 4 point 1).

    The private key is reachable only through ``key_backend``/``key_handle`` (smki.integrations).
    An ``external`` CA is the issuer of certificates imported from another PKI (DCC's ZAZ1): it is
    known only by its name and key identifier, has no certificate or key here and never signs.
    """

    name = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=24, choices=CaKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    status = models.CharField(max_length=12, choices=CaStatus.choices, default=CaStatus.ACTIVE)
    # Unknown (null) for an external CA whose own certificate we do not hold.
    serial = models.CharField(max_length=40, unique=True, null=True, blank=True)
    subject = models.CharField(max_length=300)
    not_before = models.DateTimeField(null=True, blank=True)
    not_after = models.DateTimeField(null=True, blank=True)
    certificate_der = models.BinaryField(default=b"", blank=True)
    key_backend = models.CharField(max_length=20, blank=True)
    key_handle = models.TextField(editable=False, blank=True)
    crl_number = models.PositiveBigIntegerField(default=0, help_text="Number of the last CRL/ARL it published.")
    disabled_at = models.DateTimeField(null=True, blank=True, help_text="When it was disabled (listed on the ARL).")
    source = models.CharField(max_length=40, blank=True, help_text="The external PKI it belongs to, e.g. ZAZ1.")
    key_identifier = models.CharField(
        max_length=64, blank=True, help_text="An external CA's key identifier (hex), from its certificates' AKI."
    )

    class Meta:
        ordering = ["kind", "name"]
        permissions = [
            ("operate_ca", "Propose and approve CA-level operations (two-person rule)"),
            ("import_external_pki", "Import the certificates of an external test PKI (e.g. ZAZ1)"),
        ]

    def __str__(self) -> str:
        return self.name

    def x509(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(bytes(self.certificate_der))

    @property
    def is_external(self) -> bool:
        return self.kind == CaKind.EXTERNAL

    @property
    def has_certificate(self) -> bool:
        return bool(self.certificate_der)

    @property
    def pem(self) -> str:
        return self.x509().public_bytes(serialization.Encoding.PEM).decode() if self.certificate_der else ""

    @property
    def is_active(self) -> bool:
        return (
            self.status == CaStatus.ACTIVE
            and not self.is_external
            and self.not_after is not None
            and self.not_after > timezone.now()
        )


class EarlierCaCertificate(models.Model):
    """A certificate a CA held before a renewal re-certified its key (it stays valid until it expires).

    Kept so that disabling the CA lists every unexpired certificate of it on the ARL, not only the
    newest one, and so the Repository can still serve a chain built on the earlier certificate.
    """

    authority = models.ForeignKey(CertificateAuthority, on_delete=models.PROTECT, related_name="earlier_certificates")
    serial = models.CharField(max_length=40, unique=True)
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    certificate_der = models.BinaryField()
    superseded_at = models.DateTimeField()

    class Meta:
        ordering = ["authority", "-not_before"]

    def __str__(self) -> str:
        return f"{self.authority} {self.serial}"


class CaOperation(TimeStampedModel):
    """A CA-level operation proposed by one RA officer and executed when a second approves it."""

    kind = models.CharField(max_length=12, choices=CaOperationKind.choices)
    status = models.CharField(max_length=12, choices=CaOperationStatus.choices, default=CaOperationStatus.PROPOSED)
    authority = models.ForeignKey(
        CertificateAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="operations"
    )
    params = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=300)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    result_authority = models.ForeignKey(
        CertificateAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Subscriber(TimeStampedModel):
    """A Party applying to be, or approved as, an Authorised Subscriber (§1.4, §1.5), per policy."""

    party = models.OneToOneField("portal.Party", on_delete=models.PROTECT, related_name="smki_subscriber")
    status = models.CharField(max_length=12, choices=SubscriberStatus.choices, default=SubscriberStatus.APPLIED)
    for_organisation_certificates = models.BooleanField(default=False)
    for_device_certificates = models.BooleanField(default=False)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["party__name"]
        permissions = [("review_subscriber", "Approve Authorised Subscribers and verify their officers")]

    def __str__(self) -> str:
        return self.party.name

    @property
    def is_authorised(self) -> bool:
        return self.status == SubscriberStatus.APPROVED

    def is_authorised_for(self, kind: str) -> bool:
        if not self.is_authorised:
            return False
        if kind == CertificateKind.ORGANISATION:
            return self.for_organisation_certificates
        return self.for_device_certificates


class SubscriberOfficer(TimeStampedModel):
    """An SRO or ARO of a Subscriber (§1.4, §1.5): nominated, identity verified, approved, revoked."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="officers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="smki_offices")
    kind = models.CharField(max_length=4, choices=OfficerKind.choices)
    status = models.CharField(max_length=20, choices=OfficerStatus.choices, default=OfficerStatus.NOMINATED)
    nominator_capacity = models.CharField(
        max_length=80, blank=True, help_text="For an SRO: the Director or Company Secretary nominating."
    )
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    identity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    identity_verified_at = models.DateTimeField(null=True, blank=True)
    identity_evidence = models.CharField(max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_code = models.CharField(
        "Revocation reason", max_length=24, blank=True, choices=OfficerRevocationReason.choices
    )
    revocation_reason = models.CharField("Revocation details", max_length=300, blank=True)

    class Meta:
        ordering = ["subscriber__party__name", "kind", "person__full_name"]
        constraints = [
            # §1.5: one SRO per Subscriber (a replacement is nominated after the old one is revoked).
            models.UniqueConstraint(
                fields=["subscriber"], condition=Q(kind="sro") & ~Q(status="revoked"), name="smki_one_current_sro"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "person", "kind"],
                condition=~Q(status="revoked"),
                name="smki_one_current_office_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person.full_name} ({self.subscriber})"

    @property
    def party(self):
        """The Subscriber's Party (audit events are filed under it)."""
        return self.subscriber.party


class CertificateRequest(TimeStampedModel):
    """One ad-hoc CSR (form, API or DCC system) and what became of it (§1.6, §1.7)."""

    kind = models.CharField(max_length=12, choices=CertificateKind.choices)
    channel = models.CharField(max_length=8, choices=RequestChannel.choices)
    status = models.CharField(max_length=16, choices=RequestStatus.choices)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="requests")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    csr_der = models.BinaryField()
    csr_sha256 = models.CharField(max_length=64)
    public_key_sha256 = models.CharField(max_length=64)
    usage = models.CharField(max_length=2, choices=KeyUsage.choices)
    subject = models.CharField(max_length=300, blank=True)
    user_id = models.CharField(max_length=23, blank=True)
    role_code = models.PositiveSmallIntegerField(null=True, blank=True, choices=RemotePartyRole.choices)
    device_id = models.CharField(max_length=23, blank=True)
    rejection_reason = models.CharField(max_length=40, blank=True)
    rejection_detail = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    certificate = models.OneToOneField(
        "Certificate", null=True, blank=True, on_delete=models.PROTECT, related_name="request"
    )

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "kind"])]
        permissions = [
            ("submit_csr", "Submit CSRs for a Subscriber (ARO)"),
            ("review_csr", "Approve or reject Organisation CSRs (RA officer)"),
        ]

    def __str__(self) -> str:
        return f"CSR #{self.pk} ({self.get_kind_display()})"

    @property
    def party(self):
        """The Subscriber's Party (audit events are filed under it)."""
        return self.subscriber.party


class CsrBatch(TimeStampedModel):
    """A Batched CSR of up to 50,000 Device CSRs (§1.7), processed as a background job."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="batches")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=RequestChannel.choices)
    status = models.CharField(max_length=12, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    job = models.OneToOneField("portal.Job", on_delete=models.PROTECT, related_name="smki_batch")
    original_name = models.CharField(max_length=200, blank=True)
    input_file = models.FileField(upload_to="smki/batches/input/%Y/%m/")
    csr_count = models.PositiveIntegerField(default=0)
    issued_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    certificates_file = models.FileField(upload_to="smki/batches/result/%Y/%m/", blank=True)
    report_file = models.FileField(upload_to="smki/batches/result/%Y/%m/", blank=True)
    rejection_detail = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="End of the 30-day pickup window.")

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Batch #{self.pk}"

    @property
    def party(self):
        """The Subscriber's Party (audit events are filed under it)."""
        return self.subscriber.party

    @property
    def is_available(self) -> bool:
        return bool(self.expires_at and self.expires_at > timezone.now() and self.certificates_file)

    @property
    def target_due(self):
        """L8.1 Target Response Time: received 08:00-20:00 (UK time) -> by 08:00 the next day; else 24 hours."""
        import datetime as dt
        from zoneinfo import ZoneInfo

        received = timezone.localtime(self.created_at, ZoneInfo("Europe/London"))
        if 8 <= received.hour < 20:
            next_day = (received + dt.timedelta(days=1)).date()
            return dt.datetime.combine(next_day, dt.time(8), tzinfo=ZoneInfo("Europe/London"))
        return self.created_at + dt.timedelta(hours=24)


class CsrBatchChunk(models.Model):
    """A slice of a batch handled by one worker task; ``report`` holds its per-CSR status lines."""

    batch = models.ForeignKey(CsrBatch, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    first = models.PositiveIntegerField(help_text="Index of the first zip member.")
    last = models.PositiveIntegerField(help_text="Index after the last zip member.")
    is_done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    issued = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = models.TextField(blank=True)
    # Where this chunk's CSRs sit in the uploaded zip: [name, local header offset, compressed size,
    # method, flags] per member, so a chunk reads its slice without parsing the whole zip directory.
    members = models.JSONField(default=list, editable=False)
    # This chunk's part of the pickup zip (smki.packaging); emptied once the package is assembled.
    package_local = models.BinaryField(default=b"", editable=False)
    package_central = models.BinaryField(default=b"", editable=False)

    class Meta:
        ordering = ["batch", "index"]
        constraints = [models.UniqueConstraint(fields=["batch", "index"], name="smki_batch_chunk_index")]

    def __str__(self) -> str:
        return f"Batch #{self.batch_id} chunk {self.index}"


class CertificateQuerySet(models.QuerySet):
    def with_repository_status(self, code: str):
        """Filter by repository status P/I/N/E/R; E is derived from not_after (§1.8)."""
        now = timezone.now()
        if code == RepositoryStatus.REVOKED:
            return self.filter(status=CertificateStatus.REVOKED)
        if code == RepositoryStatus.EXPIRED:
            return self.exclude(status=CertificateStatus.REVOKED).filter(not_after__lte=now)
        stored = {
            RepositoryStatus.PENDING: CertificateStatus.PENDING,
            RepositoryStatus.IN_USE: CertificateStatus.IN_USE,
            RepositoryStatus.NOT_IN_USE: CertificateStatus.NOT_IN_USE,
        }[code]
        return self.filter(status=stored, not_after__gt=now)

    def usable_for_signatures(self, at=None):
        """In use and within their validity at ``at`` (now): the certificates whose keys a relying
        party may verify signatures with. With ``SMKI_ACCEPT_EXPIRED_TEST_PKI`` an expired certificate
        of an external test PKI still counts (D-ZAZ-02); our own never do."""
        at = at or timezone.now()
        current = Q(not_after__gt=at)
        if settings.SMKI_ACCEPT_EXPIRED_TEST_PKI:
            current |= Q(authority__kind=CaKind.EXTERNAL)
        return self.filter(current, status=CertificateStatus.IN_USE, not_before__lte=at)


class Certificate(models.Model):
    """An issued Organisation or Device Certificate, lodged in the SMKI Repository (§1.6 step 5)."""

    kind = models.CharField(max_length=12, choices=CertificateKind.choices)
    usage = models.CharField(max_length=2, choices=KeyUsage.choices)
    status = models.CharField(max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.PENDING)
    # Indexes are kept few on purpose: a 50,000-certificate batch inserts into every one of them.
    authority = models.ForeignKey(
        CertificateAuthority, on_delete=models.PROTECT, related_name="certificates", db_index=False
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="certificates")
    batch = models.ForeignKey(CsrBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates")
    serial = models.CharField(max_length=40, unique=True, help_text="Upper-case hex.")
    subject = models.CharField(max_length=300, blank=True)
    user_id = EUI64Field(blank=True, verbose_name="User ID")
    role_code = models.PositiveSmallIntegerField(null=True, blank=True, choices=RemotePartyRole.choices)
    device_id = models.CharField(max_length=23, blank=True, db_index=True, verbose_name="Device ID")
    public_key_sha256 = models.CharField(max_length=64)
    csr_sha256 = models.CharField(max_length=64)
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    der = models.BinaryField()
    issued_at = models.DateTimeField(default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=30, blank=True, choices=RevocationReason.choices)
    revocation_channel = models.CharField(max_length=20, blank=True, choices=RevocationChannel.choices)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # L11.4: no public-key reuse within the Device family nor within the Organisation family.
            models.UniqueConstraint(fields=["public_key_sha256", "kind"], name="smki_no_public_key_reuse"),
        ]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["user_id", "usage", "status"]),
            models.Index(fields=["authority", "status"]),
        ]
        permissions = [
            ("revoke_certificate", "Revoke Organisation Certificates (SRO or RA officer)"),
            ("accept_certificate", "Accept or reject an issued certificate for the Subscriber"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"

    @property
    def party(self):
        """The Subscriber's Party (audit events are filed under it)."""
        return self.subscriber.party

    @property
    def repository_status(self) -> str:
        if self.status == CertificateStatus.REVOKED:
            return RepositoryStatus.REVOKED
        if self.not_after <= timezone.now():
            return RepositoryStatus.EXPIRED
        return {
            CertificateStatus.PENDING: RepositoryStatus.PENDING,
            CertificateStatus.IN_USE: RepositoryStatus.IN_USE,
            CertificateStatus.NOT_IN_USE: RepositoryStatus.NOT_IN_USE,
        }[self.status]

    def get_repository_status_display(self) -> str:
        return RepositoryStatus(self.repository_status).label

    def x509(self) -> x509.Certificate:
        """The certificate as a ``cryptography`` object."""
        return x509.load_der_x509_certificate(bytes(self.der))

    def public_key(self):
        """The certified public key (an ``EllipticCurvePublicKey``)."""
        return self.x509().public_key()

    @property
    def is_usable_for_signatures(self) -> bool:
        """The single-row form of ``Certificate.objects.usable_for_signatures()``."""
        now = timezone.now()
        current = self.not_after > now or (
            settings.SMKI_ACCEPT_EXPIRED_TEST_PKI and self.authority.kind == CaKind.EXTERNAL
        )
        return self.status == CertificateStatus.IN_USE and self.not_before <= now and current

    @property
    def pem(self) -> str:
        return self.x509().public_bytes(serialization.Encoding.PEM).decode()


class IssuedCredential(models.Model):
    """A key pair the replica generated for a Party's testing, with the Organisation Certificate issued
    for it through the CSR choke point (D-ZAZ-05; ``SMKI_TEST_CREDENTIALS_ENABLED``).

    The private key is stored only wrapped (``smki.key_wrapping``: AES-256-GCM bound to the serial) and
    is downloadable only by the Party's people who manage test credentials.
    """

    certificate = models.OneToOneField(Certificate, on_delete=models.PROTECT, related_name="issued_credential")
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="smki_issued_credentials")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    wrapped_private_key = models.BinaryField(editable=False)
    download_count = models.PositiveIntegerField(default=0)
    last_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_test_credentials", "Have the replica issue test credentials, and download them")]

    def __str__(self) -> str:
        return f"Test credential {self.certificate.serial}"


class RevocationList(models.Model):
    """A published CRL (revoked Organisation Certificates) or ARL (revoked CA certificates)."""

    kind = models.CharField(max_length=4, choices=RevocationListKind.choices)
    authority = models.ForeignKey(CertificateAuthority, on_delete=models.PROTECT, related_name="revocation_lists")
    number = models.PositiveBigIntegerField()
    this_update = models.DateTimeField()
    next_update = models.DateTimeField()
    entries = models.PositiveIntegerField(default=0)
    der = models.BinaryField()

    class Meta:
        ordering = ["-this_update", "-pk"]
        get_latest_by = ["this_update", "pk"]
        constraints = [models.UniqueConstraint(fields=["authority", "number"], name="smki_revocation_list_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.number}"
