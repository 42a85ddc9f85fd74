from django.contrib import admin

from parcours.schedule.models import ClosedDays, OpeningHours, Session, Slot, SlotMeeting


class SlotMeetingInline(admin.TabularInline):
    model = SlotMeeting
    extra = 0


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["label", "centre", "seats", "is_open"]
    list_filter = ["centre", "is_open"]
    search_fields = ["label", "centre__name"]
    inlines = [SlotMeetingInline]


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ["centre", "weekday", "opens_at", "closes_at"]
    list_filter = ["centre", "weekday"]


@admin.register(ClosedDays)
class ClosedDaysAdmin(admin.ModelAdmin):
    list_display = ["label", "centre", "kind", "first_day", "last_day"]
    list_filter = ["centre", "kind"]
    search_fields = ["label"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre", "slot", "kind", "starts_at", "ends_at", "cancelled"]
    list_filter = ["centre", "kind", "cancelled"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["slot"]
