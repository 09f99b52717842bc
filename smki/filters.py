"""FilterSets shared by the SMKI pages and API (STYLE rule 13)."""

import re

import django_filters
from django.db.models import Q

from .choices import CertificateKind, KeyUsage, RemotePartyRole, RepositoryStatus, RequestStatus
from .models import Certificate, CertificateAuthority, CertificateRequest, Subscriber

_HEX_ONLY = re.compile(r"[0-9A-Fa-f][0-9A-Fa-f:\- ]*")


class CertificateFilterSet(django_filters.FilterSet):
    """Repository search: subject/User ID, role, Device ID (SAN), serial, usage and status (§1.8)."""

    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=CertificateKind.choices)
    usage = django_filters.ChoiceFilter(choices=KeyUsage.choices)
    status = django_filters.ChoiceFilter(choices=RepositoryStatus.choices, method="by_status", label="Status")
    role_code = django_filters.ChoiceFilter(
        choices=[(str(v), label) for v, label in RemotePartyRole.choices], method="by_role", label="Role"
    )
    user_id = django_filters.CharFilter(method="by_user_id", label="User ID")
    device_id = django_filters.CharFilter(method="by_device_id", label="Device ID")
    serial = django_filters.CharFilter(method="by_serial")
    # The repository is public: any Subscriber may be picked, by name.
    subscriber_id = django_filters.ModelChoiceFilter(
        field_name="subscriber", queryset=Subscriber.objects.select_related("party"), label="Subscriber"
    )
    # Our CAs and the external ones whose certificates were imported (e.g. ZAZ1's Z1).
    issuer = django_filters.ModelChoiceFilter(
        field_name="authority", queryset=CertificateAuthority.objects.defer("key_handle"), label="Issuer"
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("issued_at", "issued"),
            ("not_after", "expires"),
            ("serial", "serial"),
            ("device_id", "device_id"),
            ("user_id", "user_id"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Certificate
        fields = [
            "q",
            "kind",
            "usage",
            "status",
            "role_code",
            "user_id",
            "device_id",
            "serial",
            "subscriber_id",
            "issuer",
        ]

    @staticmethod
    def _eui(value: str) -> str:
        digits = "".join(c for c in value.upper() if c in "0123456789ABCDEF")
        return "-".join(digits[i : i + 2] for i in range(0, len(digits), 2))

    def search(self, queryset, name, value):
        value = value.strip()
        # Only a value made of hex digits and separators is a User ID / Device ID prefix; otherwise
        # the hex letters of a word ("Energy" -> "EE") would match unrelated identifiers.
        eui = self._eui(value) if _HEX_ONLY.fullmatch(value) else ""
        condition = Q(subject__icontains=value) | Q(serial__iexact=value.lstrip("0"))
        if eui:
            condition |= Q(user_id__startswith=eui) | Q(device_id__startswith=eui)
        return queryset.filter(condition)

    def by_role(self, queryset, name, value):
        return queryset.filter(role_code=int(value))

    def by_status(self, queryset, name, value):
        return queryset.with_repository_status(value)

    def by_user_id(self, queryset, name, value):
        return queryset.filter(user_id=self._eui(value))

    def by_device_id(self, queryset, name, value):
        return queryset.filter(device_id=self._eui(value))

    def by_serial(self, queryset, name, value):
        return queryset.filter(serial=value.strip().upper().lstrip("0"))


class CertificateRequestFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=CertificateKind.choices)
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    subscriber_id = django_filters.NumberFilter()

    class Meta:
        model = CertificateRequest
        fields = ["q", "kind", "status", "subscriber_id"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(subject__icontains=value)
            | Q(user_id__icontains=value)
            | Q(device_id__icontains=value)
            | Q(subscriber__party__name__icontains=value)
        )
