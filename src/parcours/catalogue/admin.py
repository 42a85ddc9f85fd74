from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from parcours.catalogue.models import (
    Activity,
    CentreFocusArea,
    Competency,
    CompetencyLevel,
    FocusArea,
    FocusAreaLevel,
    Framework,
    FrameworkVersion,
    LabTemplate,
    MasterlabTemplate,
    QuizItem,
)


class LevelInline(TranslationTabularInline):
    model = FocusAreaLevel
    extra = 0


@admin.register(FocusArea)
class FocusAreaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name_fr", "name_en", "slug"]
    inlines = [LevelInline]


@admin.register(CentreFocusArea)
class CentreFocusAreaAdmin(TranslationAdmin):
    list_display = ["focus_area", "centre", "is_offered", "order"]
    list_filter = ["centre", "is_offered", "focus_area"]
    search_fields = ["focus_area__name_fr", "centre__name"]


class VersionInline(admin.TabularInline):
    model = FrameworkVersion
    extra = 0
    fields = ["number", "status", "published_at", "notes"]


@admin.register(Framework)
class FrameworkAdmin(TranslationAdmin):
    list_display = ["name", "key", "focus_area"]
    list_filter = ["focus_area"]
    search_fields = ["name_fr", "name_en", "key"]
    inlines = [VersionInline]


class CompetencyLevelInline(TranslationTabularInline):
    model = CompetencyLevel
    extra = 0


@admin.register(Competency)
class CompetencyAdmin(TranslationAdmin):
    list_display = ["name", "key", "version"]
    list_filter = ["version__framework", "version__status"]
    search_fields = ["name_fr", "name_en", "key"]
    inlines = [CompetencyLevelInline]


class QuizItemInline(admin.StackedInline):
    model = QuizItem
    extra = 0


@admin.register(Activity)
class ActivityAdmin(TranslationAdmin):
    list_display = [
        "title",
        "key",
        "focus_area",
        "level",
        "order",
        "kind",
        "minutes",
        "required",
        "centre",
        "is_published",
    ]
    list_filter = ["focus_area", "level", "kind", "required", "is_published", "centre"]
    search_fields = ["title_fr", "title_en", "key"]
    filter_horizontal = ["competencies", "prerequisites"]
    inlines = [QuizItemInline]


@admin.register(LabTemplate)
class LabTemplateAdmin(TranslationAdmin):
    list_display = ["title", "key", "focus_area", "level", "weeks", "seats", "centre"]
    list_filter = ["focus_area", "level", "centre"]
    search_fields = ["title_fr", "title_en", "key", "software"]
    filter_horizontal = ["competencies"]


@admin.register(MasterlabTemplate)
class MasterlabTemplateAdmin(TranslationAdmin):
    list_display = ["title", "key", "focus_area", "days", "seats", "centre"]
    list_filter = ["focus_area", "centre"]
    search_fields = ["title_fr", "title_en", "key"]
    filter_horizontal = ["competencies"]
