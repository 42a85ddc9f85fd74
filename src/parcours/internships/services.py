"""Writing prevention internships: a manager plans one; a partner refers a young person by the
internship's link (the same young person twice is one referral); the centre's staff accept
(within the places) or refuse with a reason, the referrer told by e-mail; each day's
attendance and log; the follow-up; the reminders to the staff at one and three months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from parcours.core import mail
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.internships.choices import FollowUp, ProjectKind, ReferralStatus
from parcours.internships.models import Day, Internship, Referral
from parcours.notifications.choices import Kind as NoteKind
from parcours.notifications.services import notify
from parcours.people.access import access_for
from parcours.people.ages import age_on
from parcours.people.choices import Role
from parcours.people.models import Membership
from parcours.people.types import signed_in

if TYPE_CHECKING:
    from parcours.centres.models import Centre
    from parcours.people.models import User
    from parcours.people.types import Actor

ADULT = 18
FIRST, SECOND = 30, 91  # days after the last day: the follow-up reminders


def runs(user: Actor, centre_id: int) -> bool:
    """The centre's coaches and managers (and network admins) run its internships."""
    access = access_for(user)
    return access.network_admin or centre_id in access.centres(Role.MANAGER, Role.COACH)


def manages(user: Actor, centre_id: int) -> bool:
    access = access_for(user)
    return access.network_admin or centre_id in access.centres(Role.MANAGER)


def internship_create(
    *,
    actor: Actor,
    centre: Centre,
    title: str,
    theme: str,
    project_kind: str,
    starts_on: dt.date,
    days: int = 4,
    capacity: int = 10,
    presentation: str = "",
) -> Internship:
    if not manages(actor, centre.pk):
        raise NotFound()
    problems: dict[str, list[Any]] = {}
    if not title.strip() or len(title) > 200:
        problems["title"] = [_("A title of at most 200 characters.")]
    if not theme.strip() or len(theme) > 300:
        problems["theme"] = [_("A theme of at most 300 characters.")]
    if project_kind not in ProjectKind.values:
        problems["project_kind"] = [_("Choose the kind of project.")]
    if not 1 <= days <= 10:
        problems["days"] = [_("From 1 to 10 days.")]
    if not 4 <= capacity <= 16:
        problems["capacity"] = [_("From 4 to 16 places (a small group: 8 to 12).")]
    if len(presentation) > 300:
        problems["presentation"] = [_("At most 300 characters.")]
    if problems:
        raise ValidationFailed(fields=problems)
    return Internship.objects.create(
        centre=centre,
        title=title.strip(),
        theme=theme.strip(),
        project_kind=project_kind,
        starts_on=starts_on,
        days=days,
        capacity=capacity,
        presentation=presentation.strip(),
        lead=signed_in(actor),
        referral_key=get_random_string(20).lower(),
    )


@dataclass
class Referrer:
    """The partner as the mail helper addresses them."""

    email: str
    preferred_language: str = ""


LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "contact": 200,
    "guardian_name": 200,
    "guardian_contact": 200,
    "referrer_name": 200,
    "referrer_organisation": 200,
    "referrer_phone": 40,
    "needs": 2000,
}


def consent_statement() -> str:
    return _(
        "The referrer confirms that the young person’s guardian agrees to their taking part in "
        "this internship, to the centre keeping these details for it and its follow-up, and to "
        "being contacted by the centre."
    )


def referral_submit(*, internship: Internship, data: dict[str, Any]) -> Referral:
    """A partner refers a young person. For a minor on the first day, the guardian's
    consent is required. The same young person sent twice is the one referral (returned)."""
    if not internship.referrals_open or internship.ends_on < timezone.localdate():
        raise ValidationFailed(_("This internship no longer takes referrals."))
    problems: dict[str, list[Any]] = {}
    clean = {k: str(data.get(k, "") or "").strip() for k in LIMITS}
    for name, limit in LIMITS.items():
        if len(clean[name]) > limit:
            problems[name] = [_("At most %(n)s characters.") % {"n": limit}]
    for name in ("first_name", "last_name", "referrer_name", "referrer_organisation"):
        if not clean[name]:
            problems[name] = [_("Required.")]
    email = str(data.get("referrer_email", "") or "").strip()
    if "@" not in email or len(email) > 254:
        problems["referrer_email"] = [_("An e-mail address to answer you.")]
    born = data.get("birth_date")
    if not isinstance(born, dt.date):
        problems["birth_date"] = [_("The birth date.")]
    else:
        age = age_on(born, internship.starts_on)
        if not 10 <= age <= 25:
            problems["birth_date"] = [_("The internship is for young people from 10 to 25.")]
        elif age < ADULT and not data.get("guardian_consent"):
            problems["guardian_consent"] = [_("A minor takes part with the guardian’s consent.")]
        elif age < ADULT and not (clean["guardian_name"] and clean["guardian_contact"]):
            problems["guardian_contact"] = [_("How to reach the guardian of a minor.")]
    if problems:
        raise ValidationFailed(fields=problems)
    assert isinstance(born, dt.date)
    found = Referral.objects.filter(
        internship=internship,
        first_name__iexact=clean["first_name"],
        last_name__iexact=clean["last_name"],
        birth_date=born,
    ).first()
    if found is not None:
        return found
    consent = bool(data.get("guardian_consent"))
    try:
        with transaction.atomic():
            made = Referral.objects.create(
                internship=internship,
                birth_date=born,
                referrer_email=email,
                guardian_consent=consent,
                consent_text=consent_statement() if consent else "",
                consent_recorded_at=timezone.now() if consent else None,
                tracking_token=get_random_string(40),
                **clean,
            )
    except IntegrityError:  # sent twice at the same moment
        return Referral.objects.get(
            internship=internship,
            first_name=clean["first_name"],
            last_name=clean["last_name"],
            birth_date=born,
        )
    staff = Membership.objects.filter(
        centre_id=internship.centre_id, role=Role.MANAGER, is_active=True
    ).select_related("user")
    notify(
        recipients=[m.user for m in staff],
        kind=NoteKind.REQUEST_TO_PROCESS,
        params={"text": _("A referral to the internship “%(t)s”.") % {"t": internship.title}},
        url=reverse("internships:detail", args=[internship.uuid]),
        centre_id=internship.centre_id,
        dedupe_key=f"referral:{made.pk}",
    )
    return made


def decide(*, actor: Actor, referral: Referral, accept: bool, reason: str) -> Referral:
    """Accept (within the places) or refuse with a reason; the referrer is told by e-mail.
    Deciding again the same way changes nothing."""
    internship = referral.internship
    if not runs(actor, internship.centre_id):
        raise NotFound()
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationFailed(fields={"reason": [_("Say why, for the referrer.")]})
    if len(reason) > 500:
        raise ValidationFailed(fields={"reason": [_("At most 500 characters.")]})
    with transaction.atomic():
        Internship.objects.select_for_update().get(pk=internship.pk)
        r = Referral.objects.select_for_update().get(pk=referral.pk)
        wanted = ReferralStatus.ACCEPTED if accept else ReferralStatus.REFUSED
        if r.status == wanted:
            return r
        if accept:
            taken = Referral.objects.filter(
                internship=internship, status=ReferralStatus.ACCEPTED
            ).count()
            if taken >= internship.capacity:
                raise Conflict(_("The internship is full: refuse or free a place first."))
        r.status, r.decision_reason = wanted, reason
        r.decided_by, r.decided_at = signed_in(actor), timezone.now()
        r.save(
            update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"]
        )
    mail.send(
        Referrer(r.referrer_email),
        subject=_("Referral to “%(t)s”: %(s)s")
        % {"t": internship.title, "s": r.get_status_display()},
        subject_prefix=internship.centre.name,
        template="internships/email/decision",
        context={"referral": r, "internship": internship, "centre": internship.centre},
        reply_to=[internship.centre.contact_email],
    )
    return r


def day_record(
    *, actor: Actor, internship: Internship, number: int, present: list[Referral], log: str
) -> Day:
    """A day's attendance (the accepted young people present) and its log; again: replaced."""
    if not runs(actor, internship.centre_id):
        raise NotFound()
    if not 1 <= number <= internship.days:
        raise ValidationFailed(fields={"number": [_("Not a day of this internship.")]})
    if internship.day_date(number) > timezone.localdate(timezone=internship.centre.zone):
        raise ValidationFailed(fields={"number": [_("This day has not come yet.")]})
    if len(log) > 2000:
        raise ValidationFailed(fields={"log": [_("At most 2,000 characters.")]})
    if any(
        r.internship_id != internship.pk or r.status != ReferralStatus.ACCEPTED for r in present
    ):
        raise ValidationFailed(fields={"present": [_("Only the young people accepted.")]})
    with transaction.atomic():
        day, _made = Day.objects.get_or_create(internship=internship, number=number)
        day.log, day.taken_at = log.strip(), timezone.now()
        day.save(update_fields=["log", "taken_at", "updated_at"])
        day.present.set(present)
    return day


def follow_up(
    *, actor: Actor, referral: Referral, outcome: str, note: str, student: User | None = None
) -> Referral:
    if not runs(actor, referral.internship.centre_id):
        raise NotFound()
    if outcome not in FollowUp.values:
        raise ValidationFailed(fields={"outcome": [_("Choose what they did next.")]})
    if len(note) > 500:
        raise ValidationFailed(fields={"note": [_("At most 500 characters.")]})
    referral.follow_up, referral.follow_up_note = outcome, note.strip()
    referral.followed_up_at = timezone.now()
    if student is not None:
        referral.student = student
    referral.save(
        update_fields=["follow_up", "follow_up_note", "followed_up_at", "student", "updated_at"]
    )
    return referral


def remind_follow_ups(*, today: dt.date | None = None) -> int:
    """Tell each centre's managers which internships' young people to follow up, at one and
    three months after the last day (once each); returns how many referrals were due."""
    day = today or timezone.localdate()
    due = 0
    for field, after in (("reminded_1m_at", FIRST), ("reminded_3m_at", SECOND)):
        rows = (
            Referral.objects.filter(status=ReferralStatus.ACCEPTED, **{f"{field}__isnull": True})
            .select_related("internship")
            .order_by("internship_id")
        )
        by_internship: dict[int, list[Referral]] = {}
        for r in rows:
            if r.internship.ends_on + dt.timedelta(days=after) <= day:
                by_internship.setdefault(r.internship_id, []).append(r)
        for refs in by_internship.values():
            internship = refs[0].internship
            staff = Membership.objects.filter(
                centre_id=internship.centre_id, role=Role.MANAGER, is_active=True
            ).select_related("user")
            months = 1 if after == FIRST else 3
            notify(
                recipients=[m.user for m in staff],
                kind=NoteKind.REQUEST_TO_PROCESS,
                params={
                    "text": _("Follow up the %(n)s young people of “%(t)s” (%(m)s months after).")
                    % {"n": len(refs), "t": internship.title, "m": months}
                },
                url=reverse("internships:detail", args=[internship.uuid]) + "#follow-up-title",
                centre_id=internship.centre_id,
                dedupe_key=f"internship-follow-up:{internship.pk}:{months}",
            )
            Referral.objects.filter(pk__in=[r.pk for r in refs]).update(**{field: timezone.now()})
            due += len(refs)
    return due
