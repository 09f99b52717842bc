"""Forms of the Service Request pages; they call the same services as the API."""

import json

from django import forms
from django.utils import timezone

from portal.models import PartyUserRole

from .choices import CommandVariant


class ComposeForm(forms.Form):
    """Compose one Service Request for a device; the form builds the RequestID and counter."""

    originator = forms.ChoiceField(label="Send as (User ID and Role)")
    device_id = forms.CharField(
        label="Target Device ID",
        max_length=23,
        widget=forms.TextInput(attrs={"list": "device-ids", "autocomplete": "off"}),
    )
    srv = forms.ChoiceField(label="Service Request")
    command_variant = forms.TypedChoiceField(
        label="Command Variant",
        coerce=int,
        required=False,
        choices=[("", "Automatic")] + [(c.value, c.label) for c in CommandVariant if c.value not in (5, 6, 7)],
        empty_value=None,
    )
    body = forms.CharField(
        label="Body (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Fields depend on the Service Request; an example is filled in.",
    )
    execute_at = forms.DateTimeField(
        label="Execute at (UK time)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty for on demand; future-dated up to 30 days ahead.",
    )
    depends_on = forms.CharField(label="Only after this RequestID succeeds", required=False, max_length=100)

    def __init__(self, *args, party, variants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["originator"].choices = [
            (r.user_id, f"{r.user_id} ({r.get_role_display()})")
            for r in PartyUserRole.objects.filter(party=party).exclude(role="DCC").order_by("role")
        ]
        self.fields["srv"].choices = [(v.srv, f"{v.srv} {v.name}") for v in variants]

    def clean_body(self):
        text = (self.cleaned_data.get("body") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"Not valid JSON: {exc.msg} (line {exc.lineno}).") from exc
        if not isinstance(value, dict):
            raise forms.ValidationError('The body must be a JSON object, e.g. {"mode": "prepayment"}.')
        return value

    def clean_execute_at(self):
        value = self.cleaned_data.get("execute_at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)  # entered in UK time (the current time zone)
        return value


class SignatureForm(forms.Form):
    signature = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Base64 DER ECDSA P-256 signature over the Pre-Command payload.",
    )
    command_variant = forms.TypedChoiceField(
        coerce=int,
        initial=5,
        choices=[(5, "5 - send to the device"), (6, "6 - return for local delivery"), (7, "7 - send and return")],
    )


class FaultForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("unreachable", "Unreachable"),
            ("slow", "Slow to answer"),
            ("corrupt", "Corrupt the next responses"),
            ("drain_battery", "Drain the battery"),
            ("power_outage", "Power outage (CH)"),
            ("device_alert", "Inject a device alert"),
            ("clear", "Clear all faults"),
        ]
    )
    seconds = forms.IntegerField(
        min_value=1, max_value=3600, initial=45, required=False, help_text="Delay for 'slow'."
    )
    count = forms.IntegerField(
        min_value=1, max_value=100, initial=1, required=False, help_text="Responses to corrupt."
    )
    alert_code = forms.CharField(max_length=12, required=False, help_text="e.g. 0x8F3F (tamper).")
    hours = forms.FloatField(min_value=0.01, max_value=72, initial=1, help_text="The fault clears itself after.")
