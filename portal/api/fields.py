"""Shared serializer pieces: sparse fieldsets and EUI-64 input."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from ..identifiers import normalise_eui64


class EUI64SerializerField(serializers.CharField):
    """Accepts an EUI-64 in any common spelling; returns the canonical form."""

    def to_internal_value(self, data):
        try:
            return normalise_eui64(super().to_internal_value(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages[0], code="invalid_eui64") from exc


class SparseFieldsMixin:
    """``?fields=a,b`` returns only those fields (unknown names are ignored)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        wanted = request.query_params.get("fields") if request is not None else None
        if wanted:
            keep = {f.strip() for f in wanted.split(",") if f.strip()}
            for name in set(self.fields) - keep:
                self.fields.pop(name)
