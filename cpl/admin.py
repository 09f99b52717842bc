"""Read-only admin of the CPL: changes go through the CPL pages and services (history and audit)."""

from django.contrib import admin

from portal.admin import ReadOnlyAdmin

from .models import DeviceModel


@admin.register(DeviceModel)
class DeviceModelAdmin(ReadOnlyAdmin):
    list_display = ["manufacturer_name", "model_name", "hardware_version", "firmware_version", "device_type", "status"]
    list_filter = ["device_type", "status"]
    search_fields = ["manufacturer_name", "model_name", "=firmware_hash"]
