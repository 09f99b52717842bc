"""Serializers of the CH ordering and returns API (shape and field validation only)."""

from rest_framework import serializers

from portal.api.fields import EUI64SerializerField

from ..choices import (
    DeliveryGround,
    OrderDecision,
    RecallReason,
    Region,
    ReturnReason,
    StatusUpdateKind,
)
from ..constants import FORECAST_MONTHS
from ..models import (
    Consignment,
    ConsignmentLine,
    DeliveryLocation,
    Forecast,
    ForecastMonth,
    Hub,
    HubProduct,
    HubStatusUpdate,
    Order,
    Recall,
    RecallItem,
    ReturnsLocation,
    ReturnsRecord,
    Rma,
)


class HubProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = HubProduct
        fields = ["code", "name", "han_variant", "wan_variant", "regions", "device_model"]
        read_only_fields = fields


class DeliveryLocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryLocation
        fields = [
            "id",
            "name",
            "address_line1",
            "address_line2",
            "town",
            "postcode",
            "operating_hours",
            "contact_name",
            "contact_email",
            "contact_phone",
            "is_active",
        ]
        read_only_fields = ["id", "is_active"]


class ForecastMonthSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForecastMonth
        fields = ["index", "month", "total", "single_band", "dual_band"]
        read_only_fields = ["index", "month"]


class ForecastSerializer(serializers.ModelSerializer):
    months = ForecastMonthSerializer(many=True, read_only=True)

    class Meta:
        model = Forecast
        fields = [
            "id",
            "reference",
            "region",
            "submitted_month",
            "first_month",
            "is_deemed",
            "is_current",
            "created_at",
            "months",
        ]
        read_only_fields = fields


class ForecastSubmitSerializer(serializers.Serializer):
    region = serializers.ChoiceField(choices=Region.choices)
    months = ForecastMonthSerializer(many=True)

    def validate_months(self, value):
        if len(value) != FORECAST_MONTHS:
            raise serializers.ValidationError(f"Give exactly {FORECAST_MONTHS} months (SEC F5.3).")
        return value


class ConsignmentLineSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ConsignmentLine
        fields = ["id", "product", "quantity", "delivered_quantity"]
        read_only_fields = fields


class ConsignmentSerializer(serializers.ModelSerializer):
    lines = ConsignmentLineSerializer(many=True, read_only=True)
    order = serializers.CharField(source="order.reference", read_only=True)

    class Meta:
        model = Consignment
        fields = [
            "id",
            "reference",
            "order",
            "location",
            "status",
            "delivery_date",
            "window_start",
            "window_end",
            "t1_aerials",
            "t2_aerials",
            "delivered_at",
            "confirmation_due_on",
            "ground",
            "outcome_notes",
            "replaces",
            "estimate_requested_on",
            "estimate_due_on",
            "estimate_amount",
            "estimate_given_on",
            "lines",
        ]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    consignments = ConsignmentSerializer(many=True, read_only=True)
    party = serializers.CharField(source="party.code", read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "reference",
            "oms_reference",
            "party",
            "region",
            "status",
            "submission_month",
            "delivery_month",
            "is_deemed",
            "is_mandatory",
            "is_compliant",
            "compliance",
            "warnings",
            "submitted_at",
            "acknowledged_at",
            "decision_due_on",
            "final_decision_due_on",
            "decided_at",
            "decision_reason",
            "details_due_on",
            "confirm_by",
            "consignments",
        ]
        read_only_fields = fields


class ConsignmentInputSerializer(serializers.Serializer):
    location = serializers.IntegerField(help_text="Delivery Location id")
    delivery_date = serializers.DateField()
    window_start = serializers.TimeField()
    window_end = serializers.TimeField()
    quantities = serializers.DictField(
        child=serializers.IntegerField(min_value=0), help_text="Device Model code -> quantity"
    )
    t1_aerials = serializers.IntegerField(min_value=0, default=0)
    t2_aerials = serializers.IntegerField(min_value=0, default=0)


class OrderInputSerializer(serializers.Serializer):
    region = serializers.ChoiceField(choices=Region.choices)
    consignments = ConsignmentInputSerializer(many=True)


class ToleranceSerializer(serializers.Serializer):
    quantity = serializers.IntegerField()
    forecast_10 = serializers.IntegerField(allow_null=True)
    forecast_7 = serializers.IntegerField(allow_null=True)
    minimum = serializers.IntegerField()
    maximum = serializers.IntegerField()
    compliant = serializers.BooleanField()


class OrderPreviewSerializer(serializers.Serializer):
    region = serializers.CharField()
    delivery_month = serializers.DateField()
    deadline = serializers.DateField()
    errors = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    is_compliant = serializers.BooleanField()
    is_mandatory = serializers.BooleanField()
    compliance = serializers.DictField(child=ToleranceSerializer())


class OrderDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=OrderDecision.choices)
    reason = serializers.CharField()
    quantities = serializers.DictField(
        child=serializers.IntegerField(min_value=0), required=False, help_text="ConsignmentLine id -> amended quantity"
    )


class CancelReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ConsignmentAmendSerializer(serializers.Serializer):
    location = serializers.IntegerField(required=False)
    delivery_date = serializers.DateField()
    window_start = serializers.TimeField()
    window_end = serializers.TimeField()
    reason = serializers.CharField(max_length=500, required=False, default="")


class EstimateSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class DeliverSerializer(serializers.Serializer):
    delivered = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text="ConsignmentLine id -> delivered quantity",
    )


class DeliveryReportSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=DeliveryGround.choices)
    notes = serializers.CharField()


class HubSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(slug_field="code", read_only=True)
    consignment = serializers.CharField(source="consignment.reference", read_only=True)

    class Meta:
        model = Hub
        fields = [
            "id",
            "chf_id",
            "gpf_id",
            "product",
            "consignment",
            "status",
            "ever_installed",
            "installed_on",
            "removed_on",
            "return_due_on",
            "return_reason",
            "returned_at",
            "rma",
            "wan_blocked",
        ]
        read_only_fields = fields


class StatusUpdateInputSerializer(serializers.Serializer):
    chf_id = EUI64SerializerField()
    service_request = serializers.ChoiceField(
        choices=StatusUpdateKind.choices, help_text="8.14.1, 8.14.2, 8.14.3 or 8.14.4"
    )
    occurred_on = serializers.DateField()
    return_reason = serializers.ChoiceField(choices=ReturnReason.choices, required=False, allow_blank=True, default="")
    fault_type = serializers.CharField(required=False, allow_blank=True, default="")
    fault_description = serializers.CharField(required=False, allow_blank=True, default="")
    metallic_obstruction = serializers.BooleanField(required=False, allow_null=True, default=None)
    stone_walls = serializers.BooleanField(required=False, allow_null=True, default=None)
    shared_area = serializers.BooleanField(required=False, allow_null=True, default=None)


class StatusUpdateSerializer(serializers.ModelSerializer):
    chf_id = serializers.CharField(source="hub.chf_id", read_only=True)
    service_request = serializers.ChoiceField(source="kind", choices=StatusUpdateKind.choices, read_only=True)

    class Meta:
        model = HubStatusUpdate
        fields = [
            "id",
            "chf_id",
            "service_request",
            "occurred_on",
            "submitted_at",
            "channel",
            "return_reason",
            "fault_type",
            "fault_description",
            "metallic_obstruction",
            "stone_walls",
            "shared_area",
            "is_late",
        ]
        read_only_fields = fields


class LostSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[ReturnReason.PARTY_RISK_LOSS, ReturnReason.DCC_BREACH_LOSS])
    notes = serializers.CharField()


class ReturnsLocationSerializer(serializers.ModelSerializer):
    products = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ReturnsLocation
        fields = ["id", "region", "name", "address", "postcode", "operating_hours", "products"]
        read_only_fields = fields


class RmaSerializer(serializers.ModelSerializer):
    hubs = serializers.SlugRelatedField(slug_field="chf_id", many=True, read_only=True)
    label_url = serializers.SerializerMethodField()

    class Meta:
        model = Rma
        fields = [
            "id",
            "reference",
            "booking_reference",
            "status",
            "location",
            "return_date",
            "timeslot",
            "contact_name",
            "contact_email",
            "contact_phone",
            "pallet_ids",
            "received_at",
            "discrepancies",
            "hubs",
            "label_url",
        ]
        read_only_fields = fields

    def get_label_url(self, obj) -> str:
        return f"/hubs/returns/{obj.pk}/label/"


class RmaInputSerializer(serializers.Serializer):
    chf_ids = serializers.ListField(child=EUI64SerializerField(), min_length=1)
    location = serializers.IntegerField()
    return_date = serializers.DateField()
    contact_name = serializers.CharField(max_length=120)
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField(max_length=40)
    pallet_ids = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)


class RmaReceiveSerializer(serializers.Serializer):
    received_chf_ids = serializers.ListField(child=EUI64SerializerField())
    discrepancies = serializers.CharField(required=False, allow_blank=True, default="")


class RecallItemSerializer(serializers.ModelSerializer):
    chf_id = serializers.CharField(source="hub.chf_id", read_only=True)
    responsible_party = serializers.CharField(source="responsible_party.code", read_only=True)

    class Meta:
        model = RecallItem
        fields = ["chf_id", "responsible_party", "basis"]
        read_only_fields = fields


class RecallSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()
    recall_reason = serializers.ChoiceField(source="reason", choices=RecallReason.choices, read_only=True)

    class Meta:
        model = Recall
        fields = ["id", "reference", "recall_reason", "description", "created_at", "items"]
        read_only_fields = fields

    def get_items(self, obj) -> list[dict]:
        items = obj.items.select_related("hub", "responsible_party")
        party = self.context.get("only_party")
        if party is not None:
            items = items.filter(responsible_party=party)
        return RecallItemSerializer(items, many=True).data


class RecallInputSerializer(serializers.Serializer):
    recall_reason = serializers.ChoiceField(choices=RecallReason.choices)
    description = serializers.CharField()
    chf_ids = serializers.ListField(child=EUI64SerializerField(), min_length=1)


class ReturnsRecordSerializer(serializers.ModelSerializer):
    chf_id = serializers.CharField(source="hub.chf_id", read_only=True)
    record_status = serializers.CharField(source="status", read_only=True)

    class Meta:
        model = ReturnsRecord
        fields = [
            "id",
            "chf_id",
            "record_status",
            "stated_reason",
            "opened_on",
            "notice_due_on",
            "noticed_on",
            "report_due_on",
            "reported_on",
            "determined_reason",
            "report",
            "objection_due_on",
            "objection",
            "final_reason",
            "outcome",
        ]
        read_only_fields = fields


class DiagnosisReportSerializer(serializers.Serializer):
    determined_reason = serializers.ChoiceField(choices=ReturnReason.choices)
    report = serializers.CharField()


class ObjectionSerializer(serializers.Serializer):
    objection = serializers.CharField()


class PanelDecisionSerializer(serializers.Serializer):
    final_reason = serializers.ChoiceField(choices=ReturnReason.choices, required=False, allow_null=True, default=None)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
