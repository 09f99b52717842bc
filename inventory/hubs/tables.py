"""django-tables2 tables of the CH ordering pages (sortable; paginated by the view)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import Hub, Order


def _tag(status: str, label: str):
    return format_html('<span class="tag tag-{}">{}</span>', status, label)


class OrderTable(tables.Table):
    reference = tables.Column(verbose_name="Reference")
    party = tables.Column(accessor="party__name", verbose_name="Party")
    submission_month = tables.DateColumn(format="M Y", verbose_name="Submitted")
    delivery_month = tables.DateColumn(format="M Y", verbose_name="Delivery Month")
    quantity = tables.Column(verbose_name="Hubs", default=0)
    is_compliant = tables.BooleanColumn(verbose_name="Compliant")
    status = tables.Column()
    final_decision_due_on = tables.DateColumn(format="j M Y", verbose_name="Decision due")

    class Meta:
        model = Order
        fields = [
            "reference",
            "party",
            "region",
            "submission_month",
            "delivery_month",
            "quantity",
            "is_compliant",
            "status",
        ]
        sequence = [*fields, "final_decision_due_on"]
        attrs = {"class": "table"}
        empty_text = "No orders match."

    def __init__(self, *args, show_party: bool = False, show_due: bool = False, **kwargs):
        excluded = [name for name, shown in (("party", show_party), ("final_decision_due_on", show_due)) if not shown]
        super().__init__(*args, exclude=excluded, **kwargs)

    def render_reference(self, value, record):
        url = reverse("hubs:order", args=[record.pk])
        extra = format_html('<br><span class="muted">{}</span>', record.oms_reference) if record.oms_reference else ""
        return format_html('<a href="{}">{}</a>{}', url, value, extra)

    def render_status(self, value, record):
        deemed = format_html(' <span class="tag">deemed</span>') if record.is_deemed else ""
        return format_html("{}{}", _tag(record.status, record.get_status_display()), deemed)


class HubTable(tables.Table):
    chf_id = tables.Column(verbose_name="CHF ID")
    gpf_id = tables.Column(verbose_name="GPF ID")
    product = tables.Column(accessor="product__name", verbose_name="Device Model")
    consignment = tables.Column(accessor="consignment__reference", verbose_name="Consignment")
    status = tables.Column()
    return_due_on = tables.DateColumn(format="j M Y", verbose_name="Return due")

    class Meta:
        model = Hub
        fields = ["chf_id", "gpf_id", "product", "consignment", "status", "return_due_on"]
        attrs = {"class": "table"}
        empty_text = "No hubs match."

    def render_chf_id(self, value, record):
        return format_html('<a href="{}"><code>{}</code></a>', reverse("hubs:hub", args=[record.pk]), value)

    def render_gpf_id(self, value):
        return format_html("<code>{}</code>", value)

    def render_status(self, value, record):
        return _tag(record.status, record.get_status_display())
