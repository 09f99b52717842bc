"""Forms of CH ordering and returns (shape only; the rules live in services)."""

from datetime import time

from django import forms

from .choices import DeliveryGround, HanVariant, OrderDecision, RecallReason, Region, ReturnReason, StatusUpdateKind
from .constants import FORECAST_MONTHS, HAN_DETAIL_MONTHS, add_months, default_window
from .models import DeliveryLocation
from .services import ConsignmentInput

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DeliveryLocationForm(forms.ModelForm):
    class Meta:
        model = DeliveryLocation
        fields = [
            "name",
            "address_line1",
            "address_line2",
            "town",
            "postcode",
            "operating_hours",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]


class ForecastForm(forms.Form):
    """24 months: a total per month and, for months 1-10, the split by HAN Variant (F5.4)."""

    region = forms.ChoiceField(choices=Region.choices)

    def __init__(self, *args, first_month, initial_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_month = first_month
        initial_rows = initial_rows or {}
        for index in range(1, FORECAST_MONTHS + 1):
            row = initial_rows.get(index, {})
            month = add_months(first_month, index - 1)
            attrs = {"min": 0, "class": "qty", "aria-label": f"Total for {month:%B %Y}"}
            self.fields[f"m{index}_total"] = forms.IntegerField(
                min_value=0, initial=row.get("total", 0), widget=forms.NumberInput(attrs=attrs)
            )
            if index <= HAN_DETAIL_MONTHS:
                for han, label in HanVariant.choices:
                    self.fields[f"m{index}_{han}"] = forms.IntegerField(
                        min_value=0,
                        initial=row.get(han, 0),
                        widget=forms.NumberInput(
                            attrs={"min": 0, "class": "qty", "aria-label": f"{label} for {month:%B %Y}"}
                        ),
                    )

    def month_rows(self):
        rows = []
        for index in range(1, FORECAST_MONTHS + 1):
            rows.append(
                {
                    "index": index,
                    "month": add_months(self.first_month, index - 1),
                    "total": self[f"m{index}_total"],
                    "single": self[f"m{index}_single_band"] if index <= HAN_DETAIL_MONTHS else None,
                    "dual": self[f"m{index}_dual_band"] if index <= HAN_DETAIL_MONTHS else None,
                }
            )
        return rows

    def months_payload(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "total": data[f"m{i}_total"],
                "single_band": data.get(f"m{i}_single_band"),
                "dual_band": data.get(f"m{i}_dual_band"),
            }
            for i in range(1, FORECAST_MONTHS + 1)
        ]


class OrderForm(forms.Form):
    """Up to two Delivery Locations, each with date, window, a quantity per Device Model and aerials."""

    def __init__(self, *args, locations, products, slots: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        self.slots = slots
        start, end = default_window()
        for n in range(1, slots + 1):
            self.fields[f"c{n}_location"] = forms.ModelChoiceField(
                queryset=locations, required=False, label="Delivery Location", empty_label="(none)"
            )
            self.fields[f"c{n}_date"] = forms.DateField(required=False, widget=_DATE, label="Preferred delivery date")
            self.fields[f"c{n}_window_start"] = forms.TimeField(
                required=False, initial=start, widget=_TIME, label="Window from"
            )
            self.fields[f"c{n}_window_end"] = forms.TimeField(
                required=False, initial=end, widget=_TIME, label="Window to"
            )
            for product in self.products:
                self.fields[f"c{n}_p{product.pk}"] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    initial=0,
                    label=product.name,
                    widget=forms.NumberInput(attrs={"min": 0, "step": 10}),
                )
            self.fields[f"c{n}_t1"] = forms.IntegerField(required=False, min_value=0, initial=0, label="T1 aerials")
            self.fields[f"c{n}_t2"] = forms.IntegerField(required=False, min_value=0, initial=0, label="T2 aerials")

    def blocks(self):
        return [
            {
                "n": n,
                "location": self[f"c{n}_location"],
                "date": self[f"c{n}_date"],
                "window_start": self[f"c{n}_window_start"],
                "window_end": self[f"c{n}_window_end"],
                "products": [self[f"c{n}_p{p.pk}"] for p in self.products],
                "t1": self[f"c{n}_t1"],
                "t2": self[f"c{n}_t2"],
            }
            for n in range(1, self.slots + 1)
        ]

    def consignment_inputs(self) -> list[ConsignmentInput]:
        data = self.cleaned_data
        items = []
        for n in range(1, self.slots + 1):
            quantities = {p: data.get(f"c{n}_p{p.pk}") or 0 for p in self.products}
            items.append(
                ConsignmentInput(
                    location=data.get(f"c{n}_location"),
                    delivery_date=data.get(f"c{n}_date"),
                    window_start=data.get(f"c{n}_window_start"),
                    window_end=data.get(f"c{n}_window_end"),
                    quantities={p: q for p, q in quantities.items() if q},
                    t1_aerials=data.get(f"c{n}_t1") or 0,
                    t2_aerials=data.get(f"c{n}_t2") or 0,
                )
            )
        return items


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=OrderDecision.choices)
    reason = forms.CharField(widget=forms.Textarea, help_text="Reasons are required in every case (SEC F5.17).")


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=500)


class AmendForm(forms.Form):
    location = forms.ModelChoiceField(queryset=DeliveryLocation.objects.none(), required=False)
    delivery_date = forms.DateField(widget=_DATE)
    window_start = forms.TimeField(widget=_TIME, initial=time(9, 0))
    window_end = forms.TimeField(widget=_TIME, initial=time(12, 0))
    reason = forms.CharField(max_length=500)

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


class DeliveryReportForm(forms.Form):
    ground = forms.ChoiceField(choices=DeliveryGround.choices, label="Ground (SEC F6.9)")
    notes = forms.CharField(widget=forms.Textarea)


class StatusUpdateForm(forms.Form):
    kind = forms.ChoiceField(choices=StatusUpdateKind.choices, label="Service Request")
    occurred_on = forms.DateField(widget=_DATE, label="Installation or removal date")
    return_reason = forms.ChoiceField(
        choices=[("", "(not a return)"), *ReturnReason.choices], required=False, label="Return reason (SEC F9.5)"
    )
    fault_type = forms.CharField(max_length=80, required=False, label="Fault return type")
    fault_description = forms.CharField(widget=forms.Textarea, required=False)
    metallic_obstruction = forms.NullBooleanField(
        required=False, label="Significant Metallic Obstruction?", widget=forms.NullBooleanSelect
    )
    stone_walls = forms.NullBooleanField(
        required=False, label="Substantial Stone Walls?", widget=forms.NullBooleanSelect
    )
    shared_area = forms.NullBooleanField(
        required=False, label="In a shared or communal area?", widget=forms.NullBooleanSelect
    )


class LostForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[
            (ReturnReason.PARTY_RISK_LOSS.value, ReturnReason.PARTY_RISK_LOSS.label),
            (ReturnReason.DCC_BREACH_LOSS.value, ReturnReason.DCC_BREACH_LOSS.label),
        ]
    )
    notes = forms.CharField(widget=forms.Textarea)


class RmaForm(forms.Form):
    location = forms.ModelChoiceField(queryset=None, label="DCC Returns Location")
    return_date = forms.DateField(widget=_DATE)
    contact_name = forms.CharField(max_length=120)
    contact_email = forms.EmailField()
    contact_phone = forms.CharField(max_length=40)
    pallet_ids = forms.CharField(
        required=False, help_text="Pallet identifiers, comma-separated, if you use pallets (App I 10.12(f))."
    )

    def __init__(self, *args, locations, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["hubs"] = forms.ModelMultipleChoiceField(
            queryset=hubs, widget=forms.CheckboxSelectMultiple, label="Hubs to return"
        )


class RmaReceiveForm(forms.Form):
    received = forms.CharField(widget=forms.Textarea, help_text="CHF IDs received, one per line.")
    discrepancies = forms.CharField(widget=forms.Textarea, required=False)


class RecallForm(forms.Form):
    reason = forms.ChoiceField(choices=RecallReason.choices)
    description = forms.CharField(widget=forms.Textarea)
    chf_ids = forms.CharField(widget=forms.Textarea, required=False, help_text="CHF IDs, one per line.")
    consignment = forms.CharField(
        required=False, help_text="Or a consignment reference: recall every hub delivered in it."
    )


class DiagnosisReportForm(forms.Form):
    determined_reason = forms.ChoiceField(choices=ReturnReason.choices, label="Determined reason (SEC F9.5)")
    report = forms.CharField(widget=forms.Textarea, label="Fault Analysis Report")


class ObjectionForm(forms.Form):
    objection = forms.CharField(widget=forms.Textarea, label="Party's objection (received by the Service Desk)")


class PanelDecisionForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[("", "Panel could not decide: the Party's reason stands"), *ReturnReason.choices], required=False
    )
    outcome = forms.CharField(widget=forms.Textarea, required=False)


class RmaLateForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea, label="Why the return will be late")
    eta = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
        label="Expected arrival (UK time)",
    )
