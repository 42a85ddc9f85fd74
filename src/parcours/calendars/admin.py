from django.contrib import admin

from parcours.calendars.models import CalendarToken


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "purpose", "created_at", "revoked_at"]
    list_filter = ["purpose"]
    search_fields = ["user__username"]
    readonly_fields = ["token_hash"]
