from django.contrib import admin

from parcours.centres.models import Centre, Network, Room


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "timezone", "session_pattern", "is_active"]
    list_filter = ["country", "session_pattern", "is_active", "network"]
    search_fields = ["name", "city", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "seats", "kind", "accessible"]
    list_filter = ["centre", "kind", "accessible"]
    search_fields = ["name", "centre__name"]
