"""Read-only admin views of the SMI: every change goes through services and transitions."""

from django.contrib import admin

from portal.admin import ReadOnlyAdmin

from .models import Device, MeterPoint, Registration, StatusChange


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = ["device_id", "device_type", "smi_status", "device_model", "postcode"]
    list_filter = ["device_type", "smi_status"]
    search_fields = ["=device_id", "=uprn"]
    show_full_result_count = False  # no COUNT(*) over millions of rows
    raw_id_fields = ["hub", "device_model"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["device", "from_status", "to_status", "trigger", "rule", "occurred_at"]
    raw_id_fields = ["device"]
    show_full_result_count = False


@admin.register(MeterPoint)
class MeterPointAdmin(ReadOnlyAdmin):
    list_display = ["mpxn", "fuel", "direction", "postcode"]
    search_fields = ["=mpxn"]
    show_full_result_count = False


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["meter_point", "role", "party", "effective_from", "effective_to"]
    raw_id_fields = ["meter_point"]
    show_full_result_count = False
