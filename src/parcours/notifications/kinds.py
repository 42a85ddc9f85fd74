"""Each kind of notification: its category (for the e-mail rhythm people choose), its default
rhythm, and the sentence shown, written with named parameters so that it is rendered in the
reader's language when read (not frozen in the language of whoever caused it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_noop

from parcours.notifications.choices import Category, EmailMode, Kind

# What people get until they choose: families and students hear at once about what concerns
# them; staff get their work queue once a day.
DEFAULT_MODES: dict[str, str] = {
    Category.LEARNING: EmailMode.IMMEDIATELY,
    Category.LABS: EmailMode.IMMEDIATELY,
    Category.ATTENDANCE: EmailMode.IMMEDIATELY,
    Category.FAMILY: EmailMode.IMMEDIATELY,
    Category.WORK: EmailMode.DAILY,
}


@dataclass(frozen=True)
class KindSpec:
    category: str
    text: str  # an English msgid with %(name)s parameters


KINDS: dict[str, KindSpec] = {
    Kind.PROJECT_RETURNED: KindSpec(
        Category.LEARNING, gettext_noop("“%(activity)s” was returned with comments: %(comment)s")
    ),
    Kind.PROJECT_APPROVED: KindSpec(Category.LEARNING, gettext_noop("“%(activity)s” is approved.")),
    Kind.REVIEW_WAITING: KindSpec(
        Category.WORK,
        gettext_noop("%(student)s sent “%(activity)s” for review."),
    ),
    Kind.LAB_SEAT: KindSpec(Category.LABS, gettext_noop("%(text)s")),
    Kind.LAB_OFFER: KindSpec(
        Category.LABS, gettext_noop("A seat in “%(lab)s” is offered to you until %(deadline)s.")
    ),
    Kind.MASTERLAB_OUTCOME: KindSpec(Category.LABS, gettext_noop("%(text)s")),
    Kind.CONSENT_NEEDED: KindSpec(
        Category.FAMILY, gettext_noop("A consent is needed for %(student)s.")
    ),
    Kind.ABSENCE_STREAK: KindSpec(
        Category.ATTENDANCE, gettext_noop("%(student)s missed %(count)s sessions in a row.")
    ),
    Kind.REQUEST_TO_PROCESS: KindSpec(Category.WORK, gettext_noop("%(text)s")),
    Kind.RISK_ALERT: KindSpec(
        Category.WORK,
        gettext_noop("%(student)s may be losing touch: the early warning says why."),
    ),
    Kind.ACTION_DUE: KindSpec(
        Category.WORK, gettext_noop("Follow-up actions due today or late: %(count)s.")
    ),
    Kind.NOTE_SHARED: KindSpec(
        Category.FAMILY, gettext_noop("%(author)s wrote a note for %(student)s.")
    ),
    Kind.ORIENTATION_INVITED: KindSpec(
        Category.FAMILY,
        gettext_noop("%(student)s is invited to the orientation programme “%(programme)s”."),
    ),
    Kind.ORIENTATION_STAGE: KindSpec(
        Category.FAMILY,
        gettext_noop("%(student)s starts a new stage of the orientation programme."),
    ),
    Kind.SLOT_CHANGE: KindSpec(Category.FAMILY, gettext_noop("%(text)s")),
    Kind.PRIVACY_REQUEST: KindSpec(Category.FAMILY, gettext_noop("%(text)s")),
    Kind.OTHER: KindSpec(Category.WORK, gettext_noop("%(text)s")),
}


def spec(kind: str) -> KindSpec:
    return KINDS.get(kind, KINDS[Kind.OTHER])


def render_text(kind: str, params: dict[str, Any]) -> str:
    """The notification's sentence in the active language; a missing parameter never breaks
    a page (it reads as an empty string)."""

    class _Lenient(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return ""

    template = gettext(spec(kind).text)
    try:
        return template % _Lenient({k: str(v) for k, v in params.items()})
    except (TypeError, ValueError):
        return template
