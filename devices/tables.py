"""django-tables2 tables of the Service Request pages."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import AlertRecord, ServiceRequest
from .templatetags.devices_tags import sr_tag


class ServiceRequestTable(tables.Table):
    request_id = tables.Column(verbose_name="RequestID", orderable=False)
    srv_code = tables.Column(verbose_name="SRV")
    target_device_id = tables.Column(verbose_name="Device")
    status = tables.Column()
    response_code = tables.Column(verbose_name="Code")
    received_at = tables.DateTimeColumn(format="j M Y H:i:s", verbose_name="Received")
    responded_at = tables.DateTimeColumn(format="j M Y H:i:s", verbose_name="Responded")

    class Meta:
        model = ServiceRequest
        fields = [
            "request_id",
            "srv_code",
            "target_device_id",
            "user_role",
            "mode",
            "status",
            "response_code",
            "received_at",
            "responded_at",
        ]
        default_columns = fields
        attrs = {"class": "table"}
        empty_text = "No Service Requests match."

    def render_request_id(self, value, record):
        url = reverse("devices:request_detail", args=[record.pk])
        return format_html('<a href="{}"><code>{}</code></a>', url, value)

    def render_status(self, value, record):
        return format_html('<span class="{}">{}</span>', sr_tag(record.status), record.get_status_display())


class AlertTable(tables.Table):
    raised_at = tables.DateTimeColumn(format="j M Y H:i:s", verbose_name="Raised")
    request = tables.Column(
        accessor="service_request__request_id", verbose_name="Request", orderable=False, default="—"
    )

    class Meta:
        model = AlertRecord
        fields = ["raised_at", "kind", "code", "name", "device_id", "request", "recipients"]
        attrs = {"class": "table"}
        empty_text = "No alerts match."

    def render_request(self, value, record):
        url = reverse("devices:request_detail", args=[record.service_request_id])
        return format_html('<a href="{}"><code>{}</code></a>', url, value)

    def render_recipients(self, value):
        return ", ".join(value)
