from django.contrib import admin

from parcours.enrolment.models import Enrolment


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = [
        "student",
        "centre",
        "school_year",
        "status",
        "slot",
        "submitted_by",
        "submitted_at",
        "decided_at",
    ]
    list_filter = ["status", "school_year", "centre", "submitted_by", "slot"]
    search_fields = [
        "student__first_name",
        "student__last_name",
        "student__username",
        "guardian__email",
        "guardian__last_name",
    ]
    date_hierarchy = "submitted_at"
    autocomplete_fields = ["student", "guardian", "submitted_by_user", "decided_by"]
    raw_id_fields = ["preferred_slot", "slot", "previous"]
    readonly_fields = ["request_key", "person_key", "submitted_at", "created_at", "updated_at"]
    list_select_related = ["student", "centre", "slot"]
