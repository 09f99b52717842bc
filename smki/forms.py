"""Forms of the SMKI pages: shape only, the services decide."""

from django import forms

from portal.models import User

from .choices import (
    CaKind,
    CaOperationKind,
    CertificateKind,
    OfficerKind,
    OfficerRevocationReason,
    RejectionReason,
    RemotePartyRole,
    RevocationChannel,
    RevocationReason,
)
from .csr import MAX_CSR_BYTES


class CsrSubmitForm(forms.Form):
    """The "Certificate Signing Request form" and "Ad Hoc Device CSR form" (§1.6 step 1, §1.7)."""

    kind = forms.ChoiceField(choices=CertificateKind.choices, label="Certificate family")
    csr_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        required=False,
        label="CSR (PEM)",
        help_text="Paste the PKCS#10 CSR, or upload it as a file below.",
    )
    csr_file = forms.FileField(required=False, label="or CSR file (PEM or DER)")

    def clean(self):
        data = super().clean()
        upload = data.get("csr_file")
        if upload:
            if upload.size > MAX_CSR_BYTES:
                raise forms.ValidationError(f"A CSR file is at most {MAX_CSR_BYTES} bytes.")
            data["csr"] = upload.read()
        elif data.get("csr_text", "").strip():
            data["csr"] = data["csr_text"].strip().encode()
        else:
            raise forms.ValidationError("Paste a CSR or upload a CSR file.")
        return data


class BatchUploadForm(forms.Form):
    """The "Batched CSR web form": a .zip of individual Device CSRs (§1.7)."""

    archive = forms.FileField(label="Zip of Device CSRs", help_text="Up to 50,000 CSR files (PEM or DER) in one zip.")


class RequestRejectForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "Choose a reason"), *RejectionReason.choices])
    detail = forms.CharField(
        max_length=500, widget=forms.Textarea(attrs={"rows": 3}), help_text="What the Subscriber must correct."
    )


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[c for c in RevocationReason.choices if c[0] != RevocationReason.INCONSISTENT],
        help_text="One of the permitted reasons (App B 4.9).",
    )
    channel = forms.ChoiceField(
        choices=RevocationChannel.choices, initial=RevocationChannel.PORTAL, label="Request received by"
    )
    confirm = forms.BooleanField(label="I understand revocation is permanent and cannot be undone.")

    def __init__(self, *args, on_behalf_of_dcc: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_behalf_of_dcc:
            # An SRO's request arrives through this portal; only the RA records other channels (§1.9).
            del self.fields["channel"]

    def clean(self):
        data = super().clean()
        data.setdefault("channel", RevocationChannel.PORTAL)
        return data


class SubscriberRejectCertificateForm(forms.Form):
    detail = forms.CharField(max_length=300, label="What is inconsistent with your CSR?")


class SubscriberApplyForm(forms.Form):
    for_organisation = forms.BooleanField(required=False, label="Organisation Certificates")
    for_device = forms.BooleanField(required=False, label="Device Certificates")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class OfficerNominateForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none())
    kind = forms.ChoiceField(choices=OfficerKind.choices, label="Office")
    nominator_capacity = forms.CharField(
        required=False,
        max_length=80,
        label="Nominated by (SRO only)",
        help_text="Name and capacity: a Director or the Company Secretary.",
    )

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(party=party, is_active=True).order_by("full_name")


class TextReasonForm(forms.Form):
    text = forms.CharField(max_length=300, label="Reason")


class OfficerRevokeForm(forms.Form):
    reason = forms.ChoiceField(choices=OfficerRevocationReason.choices, label="Reason (App D 8.3.1)")
    details = forms.CharField(max_length=300, required=False, label="Details")


class EvidenceForm(forms.Form):
    text = forms.CharField(
        max_length=300,
        label="How the identity was confirmed",
        help_text="E.g. met in person at the RA office, passport checked.",
    )


class CaOperationForm(forms.Form):
    kind = forms.ChoiceField(choices=CaOperationKind.choices, label="Operation")
    authority = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(required=False, max_length=64, label="New CA name (create only)")
    ca_kind = forms.ChoiceField(
        required=False,
        label="New CA issues (create only)",
        choices=[
            ("", "—"),
            (CaKind.ISSUING_ORGANISATION.value, CaKind.ISSUING_ORGANISATION.label),
            (CaKind.ISSUING_DEVICE.value, CaKind.ISSUING_DEVICE.label),
        ],
    )
    reason = forms.CharField(max_length=300)


class ExternalPkiImportForm(forms.Form):
    """Upload of an external test PKI's keystore.json (DCC's ZAZ1): public certificates are imported."""

    keystore = forms.FileField(
        label="keystore.json",
        help_text="The JSON key store DCC's tools use (e.g. from @smartdcc/dccboxed-keystore). Private keys in it "
        "are ignored and never stored.",
    )
    source = forms.CharField(
        max_length=40, initial="ZAZ1", label="Name of the PKI", help_text="Shown on its CAs, e.g. ZAZ1."
    )


class IssuedCredentialForm(forms.Form):
    """Have the replica generate key pairs and issue test certificates for one of the Party's User IDs."""

    user_id = forms.ChoiceField(label="User ID")
    kinds = forms.MultipleChoiceField(
        label="Certificates",
        widget=forms.CheckboxSelectMultiple,
        initial=["xml_sign", "ds", "ka"],
        help_text="XmlSign signs DUIS requests; DS signs GBCS commands (Critical ones); KA computes GBCS MACs.",
    )
    role_code = forms.TypedChoiceField(
        label="Role of the DS and KA certificates", coerce=int, required=False, empty_value=None
    )
    common_name = forms.CharField(label="Common name (optional)", max_length=64, required=False)

    def __init__(self, *args, user_ids=(), **kwargs):
        from .services.issued_credentials import CREDENTIAL_KINDS, credential_roles

        super().__init__(*args, **kwargs)
        self.fields["user_id"].choices = [
            (row.user_id, f"{row.user_id} ({row.get_role_display()})") for row in user_ids
        ]
        self.fields["kinds"].choices = [(k.code, k.label) for k in CREDENTIAL_KINDS.values()]
        codes = sorted({code for row in user_ids for code in credential_roles(row)})
        self.fields["role_code"].choices = [("", "The User Role's own (e.g. 02 Supplier)")] + [
            (code, f"{code:02X} {RemotePartyRole(code).label}") for code in codes
        ]
