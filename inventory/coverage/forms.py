"""Forms of WAN coverage (shape only)."""

from django import forms

from .choices import LookupKind


class LookupForm(forms.Form):
    kind = forms.ChoiceField(choices=LookupKind.choices, initial=LookupKind.POSTCODE, label="Look up by")
    value = forms.CharField(max_length=20, label="Postcode, outcode or UPRN")
    premises = forms.CharField(max_length=100, required=False, label="Premises number or name (optional)")


class DatasetImportForm(forms.Form):
    version = forms.CharField(max_length=40)
    effective_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    horizon_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty for the default (1 January 2021).",
    )
    file = forms.FileField(
        help_text=(
            "CSV with columns postcode, uprn, premises, region, coverage, connects_from, wan_variant, "
            "aux_equipment, known_issues, issue_resolution."
        )
    )


class ProofForm(forms.Form):
    postcode = forms.CharField(max_length=10, required=False)
    uprn = forms.CharField(max_length=12, required=False, label="UPRN")
    installation_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if not data.get("postcode") and not data.get("uprn"):
            raise forms.ValidationError("Give the postcode or the UPRN of the installation.")
        return data
