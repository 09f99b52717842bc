"""Admin: read-only views of hub records (changes go through the SSI and its services)."""

from django.contrib import admin

from .models import HubProduct, ReturnsLocation


@admin.register(HubProduct)
class HubProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "han_variant", "wan_variant", "is_orderable"]
    readonly_fields = ["device_model"]


@admin.register(ReturnsLocation)
class ReturnsLocationAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "postcode", "is_active"]
    filter_horizontal = ["products"]

    def save_model(self, request, obj, form, change):
        """Saved with its products in save_related, through the service (F8.8 two-per-Region rule)."""

    def save_related(self, request, form, formsets, change):
        from .services import returns_location_save

        returns_location_save(actor=request.user, location=form.instance, products=form.cleaned_data["products"])
