"""Forms of the CPL pages (shape only; rules live in services)."""

from django import forms

from .models import DeviceModel
from .services import EDITABLE_FIELDS, IDENTITY_FIELDS


class DeviceModelForm(forms.ModelForm):
    reason = forms.CharField(max_length=500, required=False, help_text="Kept in the model's history.")

    class Meta:
        model = DeviceModel
        fields = [*IDENTITY_FIELDS, *EDITABLE_FIELDS]
        widgets = {"cpa_expiry": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True

    def validate_unique(self):
        """The service checks uniqueness with a clear message."""


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the CPL status changes (kept in the history and the audit log).",
    )


class CplUploadForm(forms.Form):
    file = forms.FileField(label="CPL CSV file")
