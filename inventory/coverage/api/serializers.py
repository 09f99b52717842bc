"""Serializers of the WAN coverage API (shape only)."""

from rest_framework import serializers

from ..models import CoverageCheck, CoverageDataset


class DatasetSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoverageDataset
        fields = [
            "id",
            "version",
            "effective_date",
            "horizon_date",
            "status",
            "row_count",
            "source_name",
            "created_at",
        ]
        read_only_fields = fields


class DatasetImportSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=40)
    effective_date = serializers.DateField()
    horizon_date = serializers.DateField(required=False, allow_null=True)
    file = serializers.FileField()


class JobAcceptedSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    url = serializers.CharField()


class LookupQuerySerializer(serializers.Serializer):
    postcode = serializers.CharField(required=False, allow_blank=True)
    outcode = serializers.CharField(required=False, allow_blank=True)
    uprn = serializers.CharField(required=False, allow_blank=True)
    premises = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        keys = [k for k in ("uprn", "postcode", "outcode") if attrs.get(k)]
        if len(keys) != 1:
            raise serializers.ValidationError("Give exactly one of postcode, outcode or uprn.")
        attrs["kind"], attrs["value"] = keys[0], attrs[keys[0]]
        return attrs


class DatasetRefSerializer(serializers.Serializer):
    version = serializers.CharField()
    effective_date = serializers.DateField()
    horizon_date = serializers.DateField()


class PremisesAnswerSerializer(serializers.Serializer):
    postcode = serializers.CharField()
    uprn = serializers.IntegerField(allow_null=True)
    premises = serializers.CharField()
    region = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    connects_from = serializers.DateField(allow_null=True)
    wan_variant = serializers.CharField()
    wan_variant_label = serializers.CharField()
    aux_equipment = serializers.CharField()
    aux_equipment_label = serializers.CharField()
    known_issues = serializers.CharField()
    issue_resolution = serializers.CharField()


class PostcodeSummarySerializer(serializers.Serializer):
    postcode = serializers.CharField()
    region = serializers.CharField()
    premises_count = serializers.IntegerField()
    states = serializers.DictField(child=serializers.IntegerField())
    wan_variants = serializers.ListField(child=serializers.CharField())
    aux_equipment = serializers.ListField(child=serializers.CharField())
    connects_from = serializers.DateField(allow_null=True)


class CoverageAnswerSerializer(serializers.Serializer):
    reference = serializers.CharField()
    checked_at = serializers.DateTimeField()
    dataset = DatasetRefSerializer()
    query = serializers.DictField()
    results = PremisesAnswerSerializer(many=True)
    postcodes = PostcodeSummarySerializer(many=True)


class CoverageCheckSerializer(serializers.ModelSerializer):
    dataset = serializers.CharField(source="dataset.version")
    person = serializers.CharField(source="person.email", default=None)

    class Meta:
        model = CoverageCheck
        fields = ["reference", "checked_at", "kind", "query", "dataset", "postcodes", "uprns", "person", "channel"]
        read_only_fields = fields


class ProofQuerySerializer(serializers.Serializer):
    installation_date = serializers.DateField()
    postcode = serializers.CharField(required=False, allow_blank=True, default="")
    uprn = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs["postcode"] and not attrs["uprn"]:
            raise serializers.ValidationError("Give the postcode or the UPRN of the installation.")
        return attrs


class ProofSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    check = CoverageCheckSerializer(allow_null=True)
    window_start = serializers.DateTimeField()
    window_end = serializers.DateTimeField()
