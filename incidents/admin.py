"""Admin: a read-only window on the incident log (every change goes through the services and pages)."""

from django.contrib import admin

from portal.admin import ReadOnlyAdmin

from .models import Incident, IncidentClockEvent, IncidentUpdate, MajorIncident, Problem, ServiceAlert


class ClockEventInline(admin.TabularInline):
    model = IncidentClockEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "category", "actor", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


class UpdateInline(ClockEventInline):
    model = IncidentUpdate
    readonly_fields = ["kind", "at", "actor", "text", "is_internal"]


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "summary", "status", "category", "party", "created_at", "resolution_due_at"]
    list_filter = ["status", "category", "kind", "channel", "is_major"]
    search_fields = ["summary", "device_id", "mpxn", "party_reference"]
    list_select_related = ["party"]
    inlines = [ClockEventInline, UpdateInline]


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "status", "source", "target_closure_date"]
    list_filter = ["status", "source"]


@admin.register(MajorIncident)
class MajorIncidentAdmin(ReadOnlyAdmin):
    list_display = ["incident", "kind", "manager", "summary_due_on", "review_due_on"]


@admin.register(ServiceAlert)
class ServiceAlertAdmin(ReadOnlyAdmin):
    list_display = ["title", "raised_at", "ended_at"]
