"""What an erasure deletes and what it keeps, in words a family reads (the pages and the
README of the data download say the same as privacy.erasure does)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REMOVED = [
    _("name, username, e-mail and password: the account no longer opens"),
    _("school and postcode; the birth date keeps only its month and year"),
    _("projects' files, notes and the reviewers' comments"),
    _("consents, badges, calendar links, notifications, invitations by name to extra sessions"),
    _("free text: reasons, motivations, answers"),
    _("the links with the guardians (a guardian's account with no other child is erased too)"),
]
KEPT = [
    _("anonymous figures the centre reports: attendance, activities done, lab seats"),
    _("the record of this request and the audit log, which name nobody once the data is erased"),
]
