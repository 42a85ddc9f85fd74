from django.contrib import admin

from parcours.labs.models import AllocationRun, Application, Lab, LabCycle, Masterlab, Seat


@admin.register(LabCycle)
class LabCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "starts_on", "ends_on", "status", "mechanism"]
    list_filter = ["centre", "status"]
    search_fields = ["name"]


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["template", "cycle", "level", "expert", "seats"]
    list_filter = ["centre", "level"]


@admin.register(Masterlab)
class MasterlabAdmin(admin.ModelAdmin):
    list_display = ["template", "centre", "first_day", "last_day", "seats"]
    list_filter = ["centre"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["student", "lab", "masterlab", "rank", "flagged", "applied_at", "withdrawn_at"]
    list_filter = ["centre"]


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ["cycle", "dry_run", "mechanism", "status", "progress", "published_at"]
    list_filter = ["centre", "status", "dry_run"]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["student", "lab", "status", "offered_until"]
    list_filter = ["centre", "status"]
