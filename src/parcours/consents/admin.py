from django.contrib import admin

from parcours.consents.models import ConsentRecord, ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "language", "title", "published_at"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "body"]

    def has_change_permission(self, request, obj=None):
        # A published text never changes: publish a new version instead.
        return obj is None and super().has_change_permission(request, obj)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["student", "kind", "given_by", "method", "given_at", "withdrawn_at", "centre"]
    list_filter = ["kind", "method", "centre"]
    search_fields = ["student__last_name", "student__first_name", "given_by__last_name"]
    autocomplete_fields = ["student", "given_by", "withdrawn_by"]
    readonly_fields = ["text", "given_at", "recorded_by", "withdrawal_recorded_by"]
