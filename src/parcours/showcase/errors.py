from __future__ import annotations


class ShowcaseError:
    NOT_SHOWABLE = "work_not_public"
    DATES = "dates"
