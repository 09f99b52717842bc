"""Read-only admin views of the SMKI app: every change goes through the portal's services (STYLE rule 24)."""

from django.contrib import admin

from portal.admin import ReadOnlyAdmin

from .models import (
    CaOperation,
    Certificate,
    CertificateAuthority,
    CertificateRequest,
    CsrBatch,
    IssuedCredential,
    RevocationList,
    Subscriber,
    SubscriberOfficer,
)


@admin.register(CertificateAuthority)
class CertificateAuthorityAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "status", "serial", "not_after", "source"]
    exclude = ["key_handle", "certificate_der"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["serial", "kind", "usage", "status", "user_id", "device_id", "subscriber", "issued_at"]
    list_filter = ["kind", "usage", "status"]
    search_fields = ["serial", "user_id", "device_id", "subject"]
    exclude = ["der"]


@admin.register(CertificateRequest)
class CertificateRequestAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "status", "subscriber", "subject", "device_id", "created_at"]
    list_filter = ["kind", "status", "channel"]
    exclude = ["csr_der"]


@admin.register(CsrBatch)
class CsrBatchAdmin(ReadOnlyAdmin):
    list_display = ["pk", "subscriber", "status", "csr_count", "issued_count", "rejected_count", "created_at"]


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["party", "status", "for_organisation_certificates", "for_device_certificates"]


@admin.register(SubscriberOfficer)
class SubscriberOfficerAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "subscriber", "status"]


@admin.register(CaOperation)
class CaOperationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "authority", "status", "proposed_by", "decided_by"]


@admin.register(RevocationList)
class RevocationListAdmin(ReadOnlyAdmin):
    list_display = ["kind", "authority", "number", "this_update", "next_update", "entries"]
    exclude = ["der"]


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(ReadOnlyAdmin):
    # The wrapped private key is never shown, not even to the DCC (D-ZAZ-05).
    list_display = ["certificate", "party", "created_by", "created_at", "download_count"]
    exclude = ["wrapped_private_key"]
