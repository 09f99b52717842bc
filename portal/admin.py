"""Django admin (OTP-protected): an internal interface. Audit rows are read-only."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import ApiToken, AuditEvent, Job, OutboxMessage, Party, PartyUserRole, PushEndpoint, User


class PartyUserRoleInline(admin.TabularInline):
    model = PartyUserRole
    extra = 0


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_dcc", "require_two_factor", "max_concurrent_sessions"]
    search_fields = ["name", "code"]
    inlines = [PartyUserRoleInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "party", "is_active", "is_staff"]
    list_filter = ["party", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "party", "phone"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "party", "password1", "password2"]})]
    filter_horizontal = ["groups"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin of every app is a read-only window: changes go through services, with audit (STYLE rule 24)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "action", "actor_label", "party", "target_label"]
    list_filter = ["action"]
    search_fields = ["action", "target_label", "actor_label", "request_id"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "party", "kind", "code", "status", "attempts"]
    list_filter = ["kind", "status"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "party", "created_by", "expires_at", "revoked_at"]


@admin.register(PushEndpoint)
class PushEndpointAdmin(ReadOnlyAdmin):
    list_display = ["party", "url", "is_active"]
    exclude = ["secret"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "title", "party", "status", "progress_done", "progress_total"]
