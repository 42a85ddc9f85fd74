from django.contrib import admin

from parcours.attendance.models import (
    Absence,
    AttendanceSettings,
    Badge,
    CheckIn,
    CheckInCorrection,
    FollowUp,
)


@admin.register(AttendanceSettings)
class AttendanceSettingsAdmin(admin.ModelAdmin):
    list_display = ["centre", "opens_before_minutes", "late_after_minutes", "absence_streak"]


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["student", "centre", "issued_at", "revoked_at"]
    list_filter = ["centre"]
    raw_id_fields = ["student", "issued_by"]
    readonly_fields = ["code_hash"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["student", "session", "present", "checked_in_at", "late_minutes", "device"]
    list_filter = ["centre", "present", "left_early"]
    raw_id_fields = ["student", "session", "taken_by"]


@admin.register(CheckInCorrection)
class CheckInCorrectionAdmin(admin.ModelAdmin):
    list_display = ["student", "session", "corrected_by", "corrected_at", "reason"]
    raw_id_fields = ["student", "session", "corrected_by"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["student", "session", "justified", "reason"]
    list_filter = ["centre", "justified"]
    raw_id_fields = ["student", "session", "recorded_by"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["student", "absences", "notified_at", "closed_at"]
    list_filter = ["centre"]
    raw_id_fields = ["student", "first_absence"]
