from django.contrib import admin

from parcours.learning.models import (
    ActivityProgress,
    Attempt,
    FocusChoice,
    Mastery,
    MasteryFit,
    MasteryParams,
    Submission,
)


@admin.register(FocusChoice)
class FocusChoiceAdmin(admin.ModelAdmin):
    list_display = ["student", "focus_area", "chosen_at", "dropped_at", "centre"]
    list_filter = ["centre", "focus_area"]
    search_fields = ["student__first_name", "student__last_name", "student__username"]
    raw_id_fields = ["student", "changed_by"]


@admin.register(ActivityProgress)
class ActivityProgressAdmin(admin.ModelAdmin):
    list_display = ["student", "activity", "status", "best_score", "completed_at"]
    list_filter = ["centre", "status", "activity__focus_area"]
    search_fields = ["student__last_name", "student__username", "activity__key"]
    raw_id_fields = ["student", "activity"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["student", "activity", "item", "correct", "answered_at"]
    list_filter = ["centre", "correct"]
    search_fields = ["student__username", "activity__key"]
    raw_id_fields = ["student", "activity", "item"]

    def has_change_permission(self, request, obj=None):
        return False  # the attempt log is append-only


@admin.register(Mastery)
class MasteryAdmin(admin.ModelAdmin):
    list_display = ["student", "competency", "p_known", "observations"]
    list_filter = ["centre"]
    search_fields = ["student__username", "competency__key"]
    raw_id_fields = ["student", "competency"]


@admin.register(MasteryParams)
class MasteryParamsAdmin(admin.ModelAdmin):
    list_display = ["centre", "competency", "p_init", "p_learn", "p_guess", "p_slip", "rows"]
    list_filter = ["centre"]


@admin.register(MasteryFit)
class MasteryFitAdmin(admin.ModelAdmin):
    list_display = ["centre", "status", "progress", "rows", "competencies", "seconds", "created_at"]
    list_filter = ["centre", "status"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "student",
        "activity",
        "version",
        "status",
        "media_kind",
        "size",
        "reviewer",
        "created_at",
    ]
    list_filter = ["centre", "status", "media_kind"]
    search_fields = ["student__username", "student__last_name", "activity__key"]
    raw_id_fields = ["student", "activity", "reviewer"]
