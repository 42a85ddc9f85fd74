"""Which model texts exist in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from parcours.catalogue.models import (
    Activity,
    CentreFocusArea,
    Competency,
    CompetencyLevel,
    FocusArea,
    FocusAreaLevel,
    Framework,
    LabTemplate,
    MasterlabTemplate,
)


@register(FocusArea)
class FocusAreaTR(TranslationOptions):
    fields = ("name", "description")


@register(FocusAreaLevel)
class FocusAreaLevelTR(TranslationOptions):
    fields = ("name",)


@register(CentreFocusArea)
class CentreFocusAreaTR(TranslationOptions):
    fields = ("pitch",)


@register(Framework)
class FrameworkTR(TranslationOptions):
    fields = ("name", "description")


@register(Competency)
class CompetencyTR(TranslationOptions):
    fields = ("name", "description")


@register(CompetencyLevel)
class CompetencyLevelTR(TranslationOptions):
    fields = ("name", "descriptor")


@register(Activity)
class ActivityTR(TranslationOptions):
    fields = ("title", "description", "instructions")


@register(LabTemplate)
class LabTemplateTR(TranslationOptions):
    fields = ("title", "description")


@register(MasterlabTemplate)
class MasterlabTemplateTR(TranslationOptions):
    fields = ("title", "description", "guest_profile")
