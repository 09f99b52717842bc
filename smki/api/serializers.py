"""Serializers of the SMKI API: shape and field validation only; services do the work."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.api.fields import EUI64SerializerField, SparseFieldsMixin

from ..choices import (
    BatchStatus,
    CertificateKind,
    CertificateStatus,
    KeyUsage,
    RejectionReason,
    RequestChannel,
    RequestStatus,
    RevocationChannel,
    RevocationReason,
)
from ..models import Certificate, CertificateAuthority, CertificateRequest, CsrBatch, IssuedCredential


def enum_field(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented by pattern (the app's choice sets share names such as 'status' and 'kind'
    with other apps'; drf-spectacular would hoist an ``enum`` into a colliding component name)."""
    values = [str(value) for value, _ in choices]

    @extend_schema_field(
        {"type": "string", "pattern": f"^({'|'.join(values)})$", "description": "One of: " + ", ".join(values)}
    )
    class _InlineChoiceField(serializers.ChoiceField):
        pass

    return _InlineChoiceField(choices=choices, **kwargs)


class CertificateSerializer(SparseFieldsMixin, serializers.ModelSerializer):
    kind = enum_field(CertificateKind.choices, read_only=True)
    usage = enum_field(KeyUsage.choices, read_only=True)
    status = enum_field(CertificateStatus.choices, read_only=True)
    revocation_reason = enum_field(RevocationReason.choices, read_only=True)
    repository_status = serializers.CharField(read_only=True, help_text="P, I, N, E or R (SMKI Repository status).")
    subscriber = serializers.CharField(source="subscriber.party.name", read_only=True)
    issuer = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "serial",
            "kind",
            "usage",
            "status",
            "repository_status",
            "subject",
            "user_id",
            "role_code",
            "device_id",
            "subscriber",
            "issuer",
            "not_before",
            "not_after",
            "issued_at",
            "revoked_at",
            "revocation_reason",
            "public_key_sha256",
            "csr_sha256",
        ]


class CertificateWithPemSerializer(CertificateSerializer):
    pem = serializers.CharField(read_only=True)

    class Meta(CertificateSerializer.Meta):
        fields = [*CertificateSerializer.Meta.fields, "pem"]


class AuthoritySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="root, issuing_organisation or issuing_device.")
    status = serializers.CharField(read_only=True, help_text="active or disabled.")
    pem = serializers.CharField(read_only=True)
    parent = serializers.CharField(source="parent.name", default=None, read_only=True)

    class Meta:
        model = CertificateAuthority
        fields = ["id", "name", "kind", "status", "serial", "subject", "parent", "not_before", "not_after", "pem"]


class CertificateRequestSerializer(serializers.ModelSerializer):
    kind = enum_field(CertificateKind.choices, read_only=True)
    usage = enum_field(KeyUsage.choices, read_only=True)
    status = enum_field(RequestStatus.choices, read_only=True)
    channel = enum_field(RequestChannel.choices, read_only=True)
    certificate = CertificateWithPemSerializer(read_only=True)
    subscriber = serializers.CharField(source="subscriber.party.name", read_only=True)

    class Meta:
        model = CertificateRequest
        fields = [
            "id",
            "kind",
            "channel",
            "status",
            "subscriber",
            "usage",
            "subject",
            "user_id",
            "role_code",
            "device_id",
            "csr_sha256",
            "public_key_sha256",
            "rejection_reason",
            "rejection_detail",
            "created_at",
            "reviewed_at",
            "certificate",
        ]


class CertificateRequestInputSerializer(serializers.Serializer):
    kind = enum_field(CertificateKind.choices)
    csr = serializers.CharField(help_text="The PKCS#10 CSR in PEM.", max_length=16384)


class RequestRejectInputSerializer(serializers.Serializer):
    reason = enum_field(RejectionReason.choices)
    detail = serializers.CharField(max_length=500)


class RevokeInputSerializer(serializers.Serializer):
    reason = enum_field([c for c in RevocationReason.choices if c[0] != RevocationReason.INCONSISTENT])
    channel = enum_field(RevocationChannel.choices, default=RevocationChannel.PORTAL)


class SubscriberRejectInputSerializer(serializers.Serializer):
    detail = serializers.CharField(max_length=300)


class BatchSerializer(serializers.ModelSerializer):
    status = enum_field(BatchStatus.choices, read_only=True)
    channel = enum_field(RequestChannel.choices, read_only=True)
    progress_percent = serializers.IntegerField(source="job.percent", read_only=True)
    job = serializers.IntegerField(source="job_id", read_only=True)
    certificates_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = CsrBatch
        fields = [
            "id",
            "status",
            "channel",
            "csr_count",
            "issued_count",
            "rejected_count",
            "progress_percent",
            "job",
            "created_at",
            "finished_at",
            "expires_at",
            "certificates_url",
            "report_url",
        ]

    def _url(self, obj, what):
        request = self.context.get("request")
        if not obj.is_available or request is None:
            return None
        return request.build_absolute_uri(f"/api/v1/smki/batches/{obj.pk}/{what}/")

    def get_certificates_url(self, obj) -> str | None:
        return self._url(obj, "certificates")

    def get_report_url(self, obj) -> str | None:
        return self._url(obj, "report")


class BatchInputSerializer(serializers.Serializer):
    archive = serializers.FileField(required=False, help_text="A zip of Device CSR files (multipart upload).")
    csrs = serializers.ListField(
        child=serializers.CharField(max_length=16384),
        required=False,
        allow_empty=False,
        max_length=None,
        help_text="Or: the Device CSRs in PEM, as a JSON list.",
    )

    def validate(self, attrs):
        if bool(attrs.get("archive")) == bool(attrs.get("csrs")):
            raise serializers.ValidationError("Send either a zip as 'archive' or a list of PEM CSRs as 'csrs'.")
        return attrs


class ExternalPkiImportInputSerializer(serializers.Serializer):
    keystore = serializers.FileField(help_text="keystore.json of the external test PKI (multipart upload).")
    source = serializers.RegexField(
        r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$", required=False, default="ZAZ1", help_text="Name of the PKI."
    )


class ExternalPkiImportSerializer(serializers.Serializer):
    """An import job: poll ``job_url`` (the platform's jobs API) until it has finished."""

    job = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    entries = serializers.IntegerField(source="params.entries")
    private_keys_dropped = serializers.IntegerField(source="params.private_keys_dropped")
    job_url = serializers.SerializerMethodField()
    result_url = serializers.CharField(help_text="The report page in the SSI, once finished.")
    result = serializers.JSONField(help_text="counts per outcome and one line per entry, once finished.")

    def get_job_url(self, obj) -> str:
        request = self.context.get("request")
        path = f"/api/v1/jobs/{obj.pk}/"
        return request.build_absolute_uri(path) if request else path


class IssuedCredentialSerializer(serializers.ModelSerializer):
    """A project-issued test credential; its private key only through the ``pem`` and ``keystore`` downloads."""

    certificate = CertificateSerializer(read_only=True)
    name = serializers.SerializerMethodField(help_text="Its entry name in keystore.json.")

    class Meta:
        model = IssuedCredential
        fields = ["id", "name", "certificate", "created_at", "download_count", "last_downloaded_at"]

    def get_name(self, obj) -> str:
        from ..services.issued_credentials import credential_name

        return credential_name(obj.certificate)


class IssuedCredentialInputSerializer(serializers.Serializer):
    user_id = EUI64SerializerField(help_text="One of your Party's User IDs.")
    kinds = serializers.MultipleChoiceField(
        choices=["xml_sign", "ds", "ka"], help_text="Which certificates: xml_sign (0x87), ds, ka."
    )
    role_code = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=255, help_text="OU of the DS/KA certificates."
    )
    common_name = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
