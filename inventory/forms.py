"""Forms of the inventory pages (shape only; rules live in services)."""

from django import forms

from cpl.choices import CPLStatus
from cpl.models import DeviceModel

from .choices import USER_PRENOTIFIABLE_TYPES, DeviceType, EsmeVariant, PrenotifyImportMode


class PrenotifyForm(forms.Form):
    device_id = forms.CharField(
        label="Device ID", max_length=40, help_text="EUI-64, e.g. 00-DB-12-34-56-78-9A-BC (hyphens optional)."
    )
    device_type = forms.ChoiceField(choices=[(t.value, t.label) for t in DeviceType if t in USER_PRENOTIFIABLE_TYPES])
    device_model = forms.ModelChoiceField(
        queryset=DeviceModel.objects.filter(status=CPLStatus.CURRENT),
        required=False,
        label="Device Model (CPL)",
        help_text="Required for meters, PPMID and HCALCS; empty for IHD and CAD.",
    )
    type2_description = forms.CharField(required=False, max_length=200, label="Type 2 make and model")
    esme_variant = forms.ChoiceField(choices=[("", "—"), *EsmeVariant.choices], required=False, label="ESME variant")
    uprn = forms.CharField(required=False, max_length=12, label="UPRN")
    postcode = forms.CharField(required=False, max_length=10)
    address_line = forms.CharField(required=False, max_length=200, label="First line of address")
    description = forms.CharField(required=False, max_length=200)


class PrenotifyUploadForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="UTF-8 CSV with a header row; see the column list below.")
    mode = forms.ChoiceField(
        choices=PrenotifyImportMode.choices, initial=PrenotifyImportMode.DRY_RUN, widget=forms.RadioSelect
    )


class RegistrationUploadForm(forms.Form):
    file = forms.FileField(label="Registration Data file (CSV)")


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=80)
    query = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)
