"""FilterSets shared by the inventory pages and the API (STYLE rule 13).

Every filter is an indexed predicate; free-text search ``q`` recognises what was typed (a
Device ID, an MPAN/MPRN, a postcode or a UPRN) and becomes an exact or prefix look-up, never a
scan of millions of rows.
"""

import re

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q

from cpl.models import DeviceModel
from portal.identifiers import normalise_eui64

from .choices import DeviceType, Region, SMIStatus
from .identifiers import postcode_search_prefix
from .models import Device, DeviceAccess, MeterPoint, MeterPointLink

_DIGITS = re.compile(r"^\d+$")


def _mpxn_devices(value: str):
    return MeterPointLink.objects.filter(meter_point__mpxn=value).values("device_id")


def search_q(value: str) -> Q | None:
    """The index-friendly condition for a search box value, or None if it cannot match anything."""
    text = (value or "").strip()
    if not text:
        return Q()
    try:
        return Q(device_id=normalise_eui64(text))
    except ValidationError:
        pass
    compact = "".join(text.split())
    if _DIGITS.match(compact):
        if 6 <= len(compact) <= 13:
            # MPRN 6-10 digits, MPAN 13; a UPRN is up to 12 digits, so try both.
            return Q(pk__in=_mpxn_devices(compact)) | Q(uprn=compact)
        return Q(uprn=compact) if len(compact) <= 12 else None
    prefix = postcode_search_prefix(text)
    if prefix:
        return Q(postcode__startswith=prefix)
    return None


class DeviceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Device ID, MPxN, postcode or UPRN")
    # distinct=False: the filter is a plain IN on the Device table, and DISTINCT would defeat the
    # index-ordered first page.
    smi_status = django_filters.MultipleChoiceFilter(choices=SMIStatus.choices, label="SMI Status", distinct=False)
    device_type = django_filters.MultipleChoiceFilter(choices=DeviceType.choices, label="Type", distinct=False)
    manufacturer = django_filters.CharFilter(method="filter_manufacturer", label="Manufacturer")
    device_model = django_filters.ModelChoiceFilter(queryset=DeviceModel.objects.all(), label="Model")
    firmware_version = django_filters.CharFilter(method="filter_firmware", label="Firmware")
    hub = django_filters.CharFilter(method="filter_hub", label="Hub (CHF Device ID)")
    region = django_filters.ChoiceFilter(choices=Region.choices)
    postcode = django_filters.CharFilter(method="filter_postcode")
    uprn = django_filters.CharFilter(field_name="uprn", label="UPRN")
    mpxn = django_filters.CharFilter(method="filter_mpxn", label="MPxN")

    class Meta:
        model = Device
        fields = [
            "q",
            "smi_status",
            "device_type",
            "manufacturer",
            "device_model",
            "firmware_version",
            "hub",
            "region",
            "postcode",
            "uprn",
            "mpxn",
        ]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor or getattr(self.request, "user", None)

    def _party_scoped(self) -> bool:
        from portal.permissions import is_dcc_staff

        return bool(self.actor is not None and self.actor.is_authenticated and not is_dcc_staff(self.actor))

    def filter_queryset(self, queryset):
        """Status and model filters: on the Device for DCC staff; for a Party's people, on its access
        rows' copies instead, so the planner walks the ``(party, smi_status, device_model, device)``
        index in Device order (a first page is then ~51 index entries however dense or sparse the
        matches). Both copies are kept equal by the services, so the results are the same."""
        scoped = self._party_scoped()
        statuses = self.form.cleaned_data.get("smi_status")
        model = self.form.cleaned_data.get("device_model")
        if scoped:
            self.form.cleaned_data["smi_status"] = []
            self.form.cleaned_data["device_model"] = None
        queryset = super().filter_queryset(queryset)
        if scoped and (statuses or model):
            rows = DeviceAccess.objects.filter(party_id=self.actor.party_id)
            if statuses:
                rows = rows.filter(smi_status__in=statuses)
            if model:
                rows = rows.filter(device_model=model)
            queryset = queryset.filter(pk__in=rows.values("device_id"))
        if scoped:
            self.form.cleaned_data["smi_status"], self.form.cleaned_data["device_model"] = statuses, model
        return queryset

    def filter_q(self, queryset, name, value):
        condition = search_q(value)
        return queryset.none() if condition is None else queryset.filter(condition)

    def filter_manufacturer(self, queryset, name, value):
        models = DeviceModel.objects.filter(Q(manufacturer_id__iexact=value) | Q(manufacturer_name__icontains=value))
        return queryset.filter(device_model__in=models.values("pk"))

    def filter_firmware(self, queryset, name, value):
        return queryset.filter(device_model__in=DeviceModel.objects.filter(firmware_version=value).values("pk"))

    def filter_hub(self, queryset, name, value):
        try:
            hub_id = normalise_eui64(value)
        except ValidationError:
            return queryset.none()
        hub = Device.objects.filter(device_id=hub_id).values("pk")
        return queryset.filter(Q(hub__in=hub) | Q(pk__in=hub))

    def filter_postcode(self, queryset, name, value):
        prefix = postcode_search_prefix(value)
        return queryset.filter(postcode__startswith=prefix) if prefix else queryset.none()

    def filter_mpxn(self, queryset, name, value):
        return queryset.filter(pk__in=_mpxn_devices("".join(value.split())))


class MeterPointFilterSet(django_filters.FilterSet):
    mpxn = django_filters.CharFilter()
    fuel = django_filters.CharFilter()
    postcode = django_filters.CharFilter(method="filter_postcode")

    class Meta:
        model = MeterPoint
        fields = ["mpxn", "fuel", "postcode"]

    def filter_postcode(self, queryset, name, value):
        prefix = postcode_search_prefix(value)
        return queryset.filter(postcode__startswith=prefix) if prefix else queryset.none()
