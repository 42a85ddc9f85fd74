"""Every write of enrolment. Keyword-only, atomic, permission-checked, idempotent.

- ``pre_register`` (public): the family's request; creates inactive accounts through
  ``people.services`` and emails the guardian a consent link. The same request twice
  (same normalised names, birth date and guardian email, same centre and year) creates
  nothing more, even when both arrive at once (a unique key and ``IntegrityError``).
- ``consents_accept`` (the consent link): records the consents on the exact text versions
  shown, given by the guardian of a minor or by an adult student (18 or over) themselves.
- ``enrolment_withdraw_by_family``: the family withdraws its own request before the centre
  decides it.
- paper forms (managers): ``consents.services.consent_record_paper`` / ``_withdraw_paper``.
- ``enrolment_register`` / ``_refuse`` / ``_withdraw``, ``waiting_list_advance`` and
  ``enrolments_bulk`` (managers): seats are counted under a lock on the slot's row, so that
  a slot is never overbooked, and a freed seat goes to the oldest on its waiting list.
- ``reenrol`` (guardian or staff): next year's request, in one click, keeping the history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import uuid as uuid_lib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.centres.models import Centre
from parcours.consents import services as consents
from parcours.consents.choices import ConsentKind, ConsentMethod
from parcours.consents.models import ConsentRecord, ConsentText
from parcours.consents.selectors import current_text
from parcours.core import mail
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.enrolment import emails, years
from parcours.enrolment.choices import (
    CLOSED_STATUSES,
    EnrolmentStatus,
    SlotChangeStatus,
    Submitter,
)
from parcours.enrolment.errors import EnrolmentError
from parcours.enrolment.models import Enrolment, SlotChangeRequest
from parcours.enrolment.permissions import can_review, enrolment_policy, slot_change_policy
from parcours.notifications import services as notifications
from parcours.notifications.choices import Kind
from parcours.people import services as people
from parcours.people.access import access_for
from parcours.people.ages import is_adult
from parcours.people.choices import Gender, Role
from parcours.people.models import User
from parcours.people.types import Actor, signed_in
from parcours.schedule.models import Slot
from parcours.schedule.selectors import open_slots

LANGUAGES = ("fr", "en")
POSTCODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")
# Postcodes where the network has centres (issue 11: "ABC" was accepted for Paris): a
# centre's families live in its country; elsewhere the generic shape above.
POSTCODE_DIGITS = {"FR": 5, "BE": 4, "LU": 4, "NL": 4, "DE": 5, "CH": 4}


def postcode_problem(country: str, postcode: str) -> str | None:
    """Why ``postcode`` is not one of ``country``'s (a centre's), or None."""
    value = (postcode or "").strip()
    digits = POSTCODE_DIGITS.get((country or "").upper())
    if digits is not None:  # "L-1234", "B-4000": the country's letters before the digits
        value = re.sub(r"^[A-Za-z]{1,2}-\s*", "", value)
    if digits is None:
        if POSTCODE_RE.match(value):
            return None
        return _("Enter a postcode (letters, digits, spaces or hyphens).")
    if value.isascii() and value.isdigit() and len(value) == digits:
        return None
    return _("A postcode here has %(n)s digits, for example %(example)s.") % {
        "n": digits,
        "example": {"FR": "75019", "BE": "4000"}.get(country.upper(), "1" * digits),
    }


def birth_date_problem(centre: Centre, birth_date: dt.date) -> str | None:
    """A birth date that cannot be anyone's (the age rule is ``_age_error``), or None."""
    if birth_date > years.today_at(centre):
        return _("This birth date is in the future: check the year.")
    return None


PHONE_RE = re.compile(r"^\+?[0-9 ().-]{6,25}$")
BULK_ACTIONS = ("register", "refuse", "withdraw")
BULK_LIMIT = 500


class ConsentMissing(Conflict):
    """A minor is registered only once a guardian consented to the enrolment."""

    code = EnrolmentError.CONSENT_MISSING


class SlotMissing(ValidationFailed):
    """The centre has weekly slots and none is chosen."""

    code = EnrolmentError.SLOT_MISSING


# --- Keys and small rules --------------------------------------------------------------------


def request_keys(
    first_name: str, last_name: str, birth_date: dt.date, email: str
) -> tuple[str, str]:
    """(request key, person key): SHA-256 of the normalised names and birth date, with and
    without the guardian's email. Equal keys mean the same request / possibly the same young
    person; the names themselves are not stored twice."""
    person = "|".join(
        (
            people.normalise_name(first_name),
            people.normalise_name(last_name),
            birth_date.isoformat(),
        )
    )
    request = f"{person}|{email.strip().casefold()}"
    return (
        hashlib.sha256(request.encode()).hexdigest(),
        hashlib.sha256(person.encode()).hexdigest(),
    )


def has_enrolment_consent(student_id: int) -> bool:
    return ConsentRecord.objects.filter(
        student_id=student_id, kind=ConsentKind.ENROLMENT, withdrawn_at__isnull=True
    ).exists()


def needs_consent(enrolment: Enrolment) -> bool:
    return enrolment.student_is_minor and not has_enrolment_consent(enrolment.student_id)


consenter = emails.consenter


def _adult_today(centre: Centre, birth_date: object) -> bool:
    """A valid birth date of someone 18 or over today at the centre (the form's value may be
    anything: the date is checked on its own)."""
    return isinstance(birth_date, dt.date) and is_adult(birth_date, years.today_at(centre))


def _age_error(birth_date: dt.date, year: int) -> str | None:
    age = years.age_at_start(birth_date, year)
    if years.MIN_AGE <= age <= years.MAX_AGE:
        return None
    start = date_format(years.year_start(year), "j F Y")
    if age < years.MIN_AGE:
        return _(
            "Parcours welcomes young people aged 12 to 18 on %(date)s, the start of the school "
            "year; on that day this young person will be %(age)s. You are welcome to apply "
            "again in a later year."
        ) % {"date": start, "age": max(age, 0)}
    return _(
        "Parcours welcomes young people aged 12 to 18 on %(date)s, the start of the school "
        "year; on that day this young person will be %(age)s, which is above the age limit."
    ) % {"date": start, "age": age}


# --- Pre-registration (public) ---------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    """What the public form asks, and nothing more (data minimisation)."""

    filled_by: str
    student_first_name: str
    student_last_name: str
    birth_date: dt.date
    school: str
    grade: str
    postcode: str
    guardian_first_name: str
    guardian_last_name: str
    guardian_email: str
    guardian_phone: str
    preferred_slot: Slot | None = None
    gender: str = Gender.UNDISCLOSED
    referred_by_partner: str = ""
    language: str = "fr"
    student_email: str = ""  # asked of a young person of 18 or over only; not kept for a minor

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Application:
        names = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValidationFailed(
                _("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)},
                fields={n: [_("This field is not asked for.")] for n in unknown},
            )
        missing = sorted(
            n
            for n, f in cls.__dataclass_fields__.items()
            if n not in data and f.default is dataclasses.MISSING
        )
        if missing:
            raise ValidationFailed(
                _("Some required fields are missing."),
                fields={n: [_("This field is required.")] for n in missing},
            )
        clean: dict[str, Any] = {
            k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()
        }
        return cls(**clean)


def _check(centre: Centre, app: Application, year: int) -> None:
    errors: dict[str, list[str]] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name, limit in (
        ("student_first_name", 150),
        ("student_last_name", 150),
        ("guardian_first_name", 150),
        ("guardian_last_name", 150),
        ("school", 200),
        ("grade", 40),
        ("postcode", 10),
    ):
        value = getattr(app, name)
        if not isinstance(value, str) or not value:
            err(name, _("This field is required."))
        elif len(value) > limit:
            err(name, _("At most %(n)s characters.") % {"n": limit})
    if len(app.referred_by_partner) > 200:
        err("referred_by_partner", _("At most %(n)s characters.") % {"n": 200})
    if app.postcode and (problem := postcode_problem(centre.country, app.postcode)):
        err("postcode", problem)
    if not PHONE_RE.match(app.guardian_phone or ""):
        err("guardian_phone", _("Enter a phone number (digits, spaces, +, brackets or hyphens)."))
    try:
        validate_email(app.guardian_email)
        if len(app.guardian_email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        err("guardian_email", _("Enter a valid email address."))
    if _adult_today(centre, app.birth_date):
        if not app.student_email:
            err(
                "student_email",
                _(
                    "A young person of 18 or over gives their own consent: enter their own "
                    "email address, where the consent link is sent."
                ),
            )
        else:
            try:
                validate_email(app.student_email)
                if len(app.student_email) > 254:
                    raise ValidationError("too long")
            except ValidationError:
                err("student_email", _("Enter a valid email address."))
    if app.filled_by not in (Submitter.STUDENT, Submitter.GUARDIAN):
        err("filled_by", _("Say who is filling in this form."))
    if app.gender not in Gender.values:
        err("gender", _("Choose one of the options."))
    if app.language not in LANGUAGES:
        err("language", _("Choose French or English."))
    if not isinstance(app.birth_date, dt.date):
        err("birth_date", _("Enter a valid date."))
    elif problem := birth_date_problem(centre, app.birth_date):
        err("birth_date", problem)
    else:
        message = _age_error(app.birth_date, year)
        if message:
            err("birth_date", message)
    offered = open_slots(centre)
    if app.preferred_slot is None:
        if offered.exists():
            err("preferred_slot", _("Choose a weekly slot."))
    elif not offered.filter(pk=app.preferred_slot.pk).exists():
        err("preferred_slot", _("This slot is not open for enrolment at this centre."))
    if errors:
        first = next(iter(errors.values()))[0]
        message = first if len(errors) == 1 else _("Some fields need your attention.")
        raise ValidationFailed(message, fields=errors)


@dataclass(frozen=True)
class PreRegistered:
    enrolment: Enrolment
    created: bool
    consent_email_sent: bool


@transaction.atomic
def pre_register(*, centre: Centre, application: Application, site_url: str = "") -> PreRegistered:
    """A family's request (no sign-in). Returns the existing request, untouched, when the
    same one was already made; then the consent link is emailed again if still needed."""
    if not centre.is_active:
        raise NotFound()
    year = years.current_school_year(centre)
    _check(centre, application, year)
    request_key, person_key = request_keys(
        application.student_first_name,
        application.student_last_name,
        application.birth_date,
        application.guardian_email,
    )
    same = Enrolment.objects.filter(centre=centre, school_year=year, request_key=request_key)
    existing = same.first()
    if existing is not None:
        return _already_requested(existing, site_url)
    try:
        with transaction.atomic():
            enrolment = _create_request(centre, application, year, request_key, person_key)
    except IntegrityError:  # an identical request committed in the meantime
        existing = same.first()
        if existing is None:
            raise
        return _already_requested(existing, site_url)
    sent = emails.consent_request(enrolment, site_url=site_url)
    _tell_managers(enrolment)
    return PreRegistered(enrolment=enrolment, created=True, consent_email_sent=sent)


def _tell_managers(enrolment: Enrolment) -> None:
    """A new request waits in the centre's review: its managers are told, each in their
    language (a work item: in their daily digest by default)."""
    centre, student = enrolment.centre, enrolment.student
    managers = User.objects.filter(
        memberships__centre=centre, memberships__role=Role.MANAGER, memberships__is_active=True
    ).distinct()
    for manager in managers:
        with translation.override(mail.language_of(manager)):
            text = _("A new request to process: %(name)s, for %(year)s.") % {
                "name": student.get_full_name(),
                "year": years.year_label(enrolment.school_year),
            }
        notifications.notify(
            recipients=[manager],
            kind=Kind.REQUEST_TO_PROCESS,
            params={"text": text},
            url=reverse("enrolment:detail", args=[enrolment.uuid]),
            centre_id=centre.pk,
            dedupe_key=f"request:{enrolment.uuid}",
        )


def _already_requested(enrolment: Enrolment, site_url: str) -> PreRegistered:
    sent = False
    if enrolment.status == EnrolmentStatus.PRE_REGISTERED and not has_enrolment_consent(
        enrolment.student_id
    ):
        sent = emails.consent_request(enrolment, site_url=site_url)
    return PreRegistered(enrolment=enrolment, created=False, consent_email_sent=sent)


def _guardian_for(app: Application) -> User:
    """The guardian's account: an existing guardian with this email (a family enrolling a
    second child), else a new inactive account."""
    email = app.guardian_email.strip().lower()
    existing = (
        User.objects.filter(
            email__iexact=email, memberships__role=Role.GUARDIAN, student_profile__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    return people.user_create(
        first_name=app.guardian_first_name,
        last_name=app.guardian_last_name,
        email=email,
        language=app.language,
        active=False,
    )


def _create_request(
    centre: Centre, app: Application, year: int, request_key: str, person_key: str
) -> Enrolment:
    guardian = _guardian_for(app)
    student = people.user_create(
        first_name=app.student_first_name,
        last_name=app.student_last_name,
        # An adult's own address (their consent link); a minor has none in Parcours.
        email=app.student_email if _adult_today(centre, app.birth_date) else "",
        language=app.language,
        active=False,
    )
    people.student_profile_create(
        user=student,
        centre=centre,
        birth_date=app.birth_date,
        gender=app.gender,
        school=app.school,
        grade=app.grade,
        postcode=app.postcode.upper(),
        priority_neighbourhood=centre.is_priority_postcode(app.postcode.upper()),
        referred_by_partner=app.referred_by_partner,
    )
    people.guardian_link(guardian=guardian, student=student, centre=centre)
    return Enrolment.objects.create(
        centre=centre,
        student=student,
        guardian=guardian,
        guardian_phone=app.guardian_phone,
        school_year=year,
        status=EnrolmentStatus.PRE_REGISTERED,
        preferred_slot=app.preferred_slot,
        submitted_by=app.filled_by,
        request_key=request_key,
        person_key=person_key,
    )


# --- Consent through the emailed link --------------------------------------------------------


@transaction.atomic
def consents_accept(
    *, enrolment: Enrolment, given_by: User, accepted: Mapping[str, Any]
) -> list[ConsentRecord]:
    """Record the consents, each on the text version shown (``accepted``: kind → that
    text's uuid), given by the guardian of a minor or by an adult student themselves (the
    age on the day decides; ``consents.services.consent_give`` checks it). Enrolment
    consent is required once; image use and public display are separate and optional.
    Repeating it records nothing more."""
    if given_by.pk not in (enrolment.guardian_id, enrolment.student_id):
        raise NotFound()
    if enrolment.status in CLOSED_STATUSES:
        raise Conflict(
            _("This request is closed; consent is no longer asked for it."),
            code=EnrolmentError.REQUEST_CLOSED,
        )
    unknown = sorted(set(accepted) - set(ConsentKind.values))
    if unknown:
        raise ValidationFailed(
            _("Unknown consent: %(names)s.") % {"names": ", ".join(unknown)},
            fields={k: [_("Unknown consent.")] for k in unknown},
        )
    if ConsentKind.ENROLMENT not in accepted and not has_enrolment_consent(enrolment.student_id):
        message = _("Enrolment cannot go ahead without this consent. Tick the box to accept it.")
        raise ValidationFailed(message, fields={ConsentKind.ENROLMENT: [message]})
    records = []
    for kind in (k for k in ConsentKind.values if k in accepted):
        text = _shown_text(kind, accepted[kind])
        records.append(
            consents.consent_give(
                student=enrolment.student,
                given_by=given_by,
                kind=kind,
                text=text,
                method=ConsentMethod.ONLINE,
            )
        )
    return records


def _shown_text(kind: str, text_uuid: Any) -> ConsentText:
    try:
        text = ConsentText.objects.get(uuid=uuid_lib.UUID(str(text_uuid)), kind=kind)
    except (ValueError, ConsentText.DoesNotExist) as exc:
        raise ValidationFailed(
            _("The consent text shown is unknown; reload the page."),
            fields={kind: [_("Unknown text version.")]},
        ) from exc
    if current_text(kind=kind, language=text.language).pk != text.pk:
        raise Conflict(
            _(
                "A new version of this consent text was published while you were reading. "
                "Reload the page to read it, then accept again."
            ),
            code=EnrolmentError.CONSENT_TEXT_CHANGED,
        )
    return text


# --- Staff decisions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    enrolment: Enrolment
    outcome: str  # registered, waiting_list, refused, withdrawn, already
    position: int | None = None
    promoted: tuple[Enrolment, ...] = ()


def _lock(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


def _lock_slots(slot_ids: Iterable[int | None]) -> None:
    """Lock slot rows in one global order (by id), before any enrolment row: decisions that
    run at once then wait for each other instead of deadlocking."""
    ids = sorted({i for i in slot_ids if i})
    if ids:
        list(Slot.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _target_slot_id(e: Enrolment, slot: Slot | None = None) -> int | None:
    """The slot a registration would take: the one chosen, else the one waited for, else
    the preferred one."""
    if slot is not None:
        return slot.pk
    if e.status == EnrolmentStatus.WAITING_LIST and e.slot_id:
        return int(e.slot_id)
    return int(e.preferred_slot_id) if e.preferred_slot_id else None


def _closed(enrolment: Enrolment) -> Conflict:
    return Conflict(
        _("This request is already %(status)s; it cannot change now.")
        % {"status": enrolment.get_status_display()},
        code=EnrolmentError.REQUEST_CLOSED,
    )


def _decide(e: Enrolment, actor: User, status: str, **changes: Any) -> None:
    """Record a decision on a locked request: its new status, who took it and when, and what
    changes with it. A request that is not (or no longer) on a waiting list waits for
    nothing."""
    if status != EnrolmentStatus.WAITING_LIST:
        changes.setdefault("waiting_since", None)
    e.status = status
    e.decided_at, e.decided_by = timezone.now(), actor
    for name, value in changes.items():
        setattr(e, name, value)
    e.save(update_fields=["status", "decided_at", "decided_by", *changes, "updated_at"])


def _waiting(slot: Slot, year: int) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        slot=slot, school_year=year, status=EnrolmentStatus.WAITING_LIST
    ).order_by("waiting_since", "pk")


def _taken(slot: Slot, year: int) -> int:
    return Enrolment.objects.filter(
        slot=slot, school_year=year, status=EnrolmentStatus.REGISTERED
    ).count()


@transaction.atomic
def enrolment_register(
    *, actor: Actor, enrolment: Enrolment, slot: Slot | None = None, site_url: str = ""
) -> Decision:
    """Register in the chosen (else the preferred) slot if a seat is left, else put on the
    slot's waiting list. Needs the guardian's enrolment consent for a minor. Registering
    twice changes nothing."""
    current = enrolment_policy.get_editable(actor, pk=enrolment.pk)
    _lock_slots([_target_slot_id(current, slot)])
    return _register(signed_in(actor), _lock(enrolment), slot, site_url)


def _register(actor: User, e: Enrolment, slot: Slot | None, site_url: str) -> Decision:
    if e.status == EnrolmentStatus.REGISTERED:
        return Decision(enrolment=e, outcome="already")
    if e.status in CLOSED_STATUSES:
        raise _closed(e)
    if needs_consent(e):
        raise ConsentMissing(
            _(
                "%(name)s is a minor: a guardian must consent to the enrolment first (the "
                "consent link was emailed; you can send it again)."
            )
            % {"name": e.student.get_full_name()}
        )
    waiting_on = e.slot if e.status == EnrolmentStatus.WAITING_LIST else None
    target = slot or waiting_on or e.preferred_slot
    if target is None:
        if Slot.objects.filter(centre_id=e.centre_id, is_open=True).exists():
            message = _("Choose a weekly slot for %(name)s.") % {"name": e.student.get_full_name()}
            raise SlotMissing(message, fields={"slot": [message]})
        return Decision(enrolment=_make_registered(actor, e, None, site_url), outcome="registered")
    if target.centre_id != e.centre_id:
        message = _("This slot belongs to another centre.")
        raise ValidationFailed(message, fields={"slot": [message]})
    locked = Slot.objects.select_for_update().get(pk=target.pk)  # one seat count at a time
    waiting = _waiting(locked, e.school_year).exclude(pk=e.pk)
    if waiting_on is not None and waiting_on.pk == locked.pk and e.waiting_since is not None:
        since = e.waiting_since
        ahead = waiting.filter(
            Q(waiting_since__lt=since) | Q(waiting_since=since, pk__lt=e.pk)
        ).count()
    else:
        ahead = waiting.count()  # a newcomer queues behind everyone already waiting
    if _taken(locked, e.school_year) + ahead < locked.seats:
        return Decision(
            enrolment=_make_registered(actor, e, locked, site_url), outcome="registered"
        )
    if waiting_on is not None and waiting_on.pk == locked.pk:
        return Decision(enrolment=e, outcome="waiting_list", position=ahead + 1)
    _decide(e, actor, EnrolmentStatus.WAITING_LIST, slot=locked, waiting_since=timezone.now())
    emails.waiting_list(e, position=ahead + 1)
    return Decision(enrolment=e, outcome="waiting_list", position=ahead + 1)


def _make_registered(actor: User, e: Enrolment, slot: Slot | None, site_url: str) -> Enrolment:
    _decide(e, actor, EnrolmentStatus.REGISTERED, slot=slot)
    people.accounts_activate(users=[u for u in (e.student, e.guardian) if u is not None])
    if e.student is not None:
        people.coach_assign_least_loaded(student=e.student, centre=e.centre)
    for user in (e.student, e.guardian):
        if user is not None:
            user.is_active = True
    emails.registered(e, site_url=site_url)
    return e


@transaction.atomic
def waiting_list_advance(
    *, actor: Actor, slot: Slot, school_year: int, site_url: str = ""
) -> list[Enrolment]:
    """Give the slot's free seats to its waiting list, oldest first."""
    if not can_review(actor, slot.centre):
        raise Forbidden()
    return _advance(signed_in(actor), slot, school_year, site_url)


def _advance(actor: User, slot: Slot, school_year: int, site_url: str) -> list[Enrolment]:
    locked = Slot.objects.select_for_update().get(pk=slot.pk)
    free = locked.seats - _taken(locked, school_year)
    promoted: list[Enrolment] = []
    if free <= 0:
        return promoted
    for e in _waiting(locked, school_year).select_for_update():
        if len(promoted) >= free:
            break
        if needs_consent(e):  # consent was withdrawn meanwhile: keep their place
            continue
        promoted.append(_make_registered(actor, e, locked, site_url))
    return promoted


@transaction.atomic
def enrolment_refuse(*, actor: Actor, enrolment: Enrolment, reason: str) -> Decision:
    """Refuse a pending request, with a reason the family receives. Repeating it changes
    nothing (the first reason stays)."""
    enrolment_policy.get_editable(actor, pk=enrolment.pk)
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        message = (
            _("Give the reason for refusing (the family receives it).")
            if not reason
            else _("At most %(n)s characters.") % {"n": 500}
        )
        raise ValidationFailed(message, fields={"reason": [message]})
    e = _lock(enrolment)
    if e.status == EnrolmentStatus.REFUSED:
        return Decision(enrolment=e, outcome="already")
    if e.status == EnrolmentStatus.REGISTERED:
        raise Conflict(
            _("This student is registered: withdraw the registration instead."),
            code=EnrolmentError.ALREADY_REGISTERED,
        )
    if e.status == EnrolmentStatus.WITHDRAWN:
        raise _closed(e)
    _decide(e, signed_in(actor), EnrolmentStatus.REFUSED, refusal_reason=reason)
    emails.refused(e)
    return Decision(enrolment=e, outcome="refused")


@transaction.atomic
def enrolment_withdraw(*, actor: Actor, enrolment: Enrolment, site_url: str = "") -> Decision:
    """The student leaves (or the request is dropped). A freed seat goes at once to the
    oldest on the slot's waiting list. Repeating it changes nothing."""
    current = enrolment_policy.get_editable(actor, pk=enrolment.pk)
    if current.status == EnrolmentStatus.REGISTERED:
        _lock_slots([current.slot_id])
    e = _lock(enrolment)
    if e.status == EnrolmentStatus.WITHDRAWN:
        return Decision(enrolment=e, outcome="already")
    if e.status == EnrolmentStatus.REFUSED:
        raise _closed(e)
    freed = e.slot if e.status == EnrolmentStatus.REGISTERED else None
    user = signed_in(actor)
    _decide(e, user, EnrolmentStatus.WITHDRAWN, withdrawn_by=Submitter.STAFF)
    promoted = _advance(user, freed, e.school_year, site_url) if freed is not None else []
    return Decision(enrolment=e, outcome="withdrawn", promoted=tuple(promoted))


def family_role(actor: Actor, enrolment: Enrolment) -> str | None:
    """``student`` or ``guardian`` when the actor is the student or one of their guardians
    (signed in, or behind the emailed link), else None."""
    access = access_for(actor)
    if not access.is_family_of(enrolment.student_id):
        return None
    return Submitter.STUDENT if access.user_id == enrolment.student_id else Submitter.GUARDIAN


@transaction.atomic
def enrolment_withdraw_by_family(*, actor: Actor, enrolment: Enrolment) -> Decision:
    """The family (the student or a guardian) withdraws its own request while the centre has
    not decided it (pre-registered, or waiting for a seat): it holds no seat, so nothing is
    freed. Repeating it changes nothing; a registered or refused request cannot be withdrawn
    this way (409)."""
    role = family_role(actor, enrolment)
    if role is None:
        if enrolment_policy.can_view(actor, enrolment):
            raise Forbidden(
                _("Only the family withdraws its own request this way."),
                code=EnrolmentError.FAMILY_ONLY,
            )
        raise NotFound()
    e = _lock(enrolment)
    if e.status == EnrolmentStatus.WITHDRAWN:
        return Decision(enrolment=e, outcome="already")
    if e.status == EnrolmentStatus.REGISTERED:
        raise Conflict(
            _(
                "This request is already processed: %(name)s is registered. To leave the "
                "centre, please contact it."
            )
            % {"name": e.student.first_name},
            code=EnrolmentError.ALREADY_REGISTERED,
        )
    if e.status not in (EnrolmentStatus.PRE_REGISTERED, EnrolmentStatus.WAITING_LIST):
        raise Conflict(
            _("This request is already processed (%(status)s): it cannot be withdrawn now.")
            % {"status": e.get_status_display()},
            code=EnrolmentError.REQUEST_CLOSED,
        )
    _decide(e, signed_in(actor), EnrolmentStatus.WITHDRAWN, withdrawn_by=role)
    return Decision(enrolment=e, outcome="withdrawn")


# --- E-mails sent again (managers) ----------------------------------------------------------


@transaction.atomic
def consent_request_resend(*, actor: Actor, enrolment: Enrolment, site_url: str = "") -> bool:
    enrolment_policy.get_editable(actor, pk=enrolment.pk)
    if enrolment.status in CLOSED_STATUSES:
        raise _closed(enrolment)
    if has_enrolment_consent(enrolment.student_id):
        raise Conflict(
            _("The enrolment consent is already recorded."),
            code=EnrolmentError.CONSENT_ALREADY_GIVEN,
        )
    if not emails.consent_request(enrolment, site_url=site_url):
        if not enrolment.student_is_minor:
            raise Conflict(
                _(
                    "%(name)s is 18 or over and gives their own consent, but no email address "
                    "is known for them: record the consent they sign on paper."
                )
                % {"name": enrolment.student.get_full_name()},
                code=EnrolmentError.NO_EMAIL,
            )
        raise _no_guardian_email()
    return True


def _no_guardian_email() -> Conflict:
    return Conflict(_("No guardian email is known for this request."), code=EnrolmentError.NO_EMAIL)


@transaction.atomic
def signin_links_resend(*, actor: Actor, enrolment: Enrolment, site_url: str = "") -> bool:
    enrolment_policy.get_editable(actor, pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.REGISTERED:
        raise Conflict(
            _("Sign-in links are sent once the student is registered."),
            code=EnrolmentError.NOT_REGISTERED,
        )
    if not emails.registered(enrolment, site_url=site_url):
        raise _no_guardian_email()
    return True


# --- Bulk ------------------------------------------------------------------------------------


@dataclass
class BulkResult:
    action: str
    counts: Counter[str] = field(default_factory=Counter)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        """A one-line report, e.g. "23 registered, 4 on the waiting list, 2 need consent"."""
        parts = [_outcome_text(o, self.counts[o]) for o in OUTCOMES if self.counts[o]]
        return ", ".join(parts) + "." if parts else _("Nothing to do.")


OUTCOMES = (
    "registered",
    "waiting_list",
    "needs_consent",
    "no_slot",
    "refused",
    "withdrawn",
    "already",
    "skipped",
)


def _outcome_text(outcome: str, n: int) -> str:
    texts = {
        "registered": ngettext("%(n)s registered", "%(n)s registered", n),
        "waiting_list": ngettext("%(n)s on the waiting list", "%(n)s on the waiting list", n),
        "needs_consent": ngettext("%(n)s needs consent", "%(n)s need consent", n),
        "no_slot": ngettext("%(n)s without a slot chosen", "%(n)s without a slot chosen", n),
        "refused": ngettext("%(n)s refused", "%(n)s refused", n),
        "withdrawn": ngettext("%(n)s withdrawn", "%(n)s withdrawn", n),
        "already": ngettext("%(n)s already done", "%(n)s already done", n),
        "skipped": ngettext(
            "%(n)s not possible in its current state",
            "%(n)s not possible in their current state",
            n,
        ),
    }
    return texts.get(outcome, f"{outcome}: %(n)s") % {"n": n}


def _parse_uuids(values: Iterable[Any]) -> list[uuid_lib.UUID]:
    parsed = []
    for value in values:
        try:
            parsed.append(uuid_lib.UUID(str(value)))
        except ValueError as exc:
            message = _("“%(value)s” is not a request id.") % {"value": str(value)[:40]}
            raise ValidationFailed(message, fields={"uuids": [message]}) from exc
    return list(dict.fromkeys(parsed))


@transaction.atomic
def enrolments_bulk(
    *,
    actor: Actor,
    centre: Centre,
    action: str,
    uuids: Iterable[Any],
    reason: str = "",
    site_url: str = "",
) -> BulkResult:
    """Apply one action to many requests of a centre, oldest request first. Each one is
    decided on its own (one needing consent does not stop the others); the result counts
    the outcomes. Unknown or foreign ids refuse the whole batch, changing nothing."""
    if not can_review(actor, centre):
        raise Forbidden()
    if action not in BULK_ACTIONS:
        message = _("Choose an action.")
        raise ValidationFailed(message, fields={"action": [message]})
    ids = _parse_uuids(uuids)
    if not ids:
        message = _("Select at least one request.")
        raise ValidationFailed(message, fields={"uuids": [message]})
    if len(ids) > BULK_LIMIT:
        message = _("At most %(n)s requests at a time.") % {"n": BULK_LIMIT}
        raise ValidationFailed(message, fields={"uuids": [message]})
    if action == "refuse" and not (reason or "").strip():
        message = _("Give the reason for refusing (the family receives it).")
        raise ValidationFailed(message, fields={"reason": [message]})
    rows = list(
        enrolment_policy.editable(actor)
        .filter(centre=centre, uuid__in=ids)
        .order_by("submitted_at", "pk")
    )
    if len(rows) != len(ids):
        raise NotFound(_("Some selected requests are not this centre's. Nothing was changed."))
    if action == "register":
        _lock_slots(_target_slot_id(e) for e in rows)
    elif action == "withdraw":
        _lock_slots(e.slot_id for e in rows if e.status == EnrolmentStatus.REGISTERED)
    result = BulkResult(action=action)
    user = signed_in(actor)
    for e in rows:
        try:
            with transaction.atomic():
                if action == "register":
                    decision = _register(user, _lock(e), None, site_url)
                elif action == "refuse":
                    decision = enrolment_refuse(actor=actor, enrolment=e, reason=reason)
                else:
                    decision = enrolment_withdraw(actor=actor, enrolment=e, site_url=site_url)
        except ConsentMissing:
            result.counts["needs_consent"] += 1
            continue
        except SlotMissing:
            result.counts["no_slot"] += 1
            continue
        except (Conflict, ValidationFailed):
            result.counts["skipped"] += 1
            continue
        result.counts[decision.outcome] += 1
        result.decisions.append(decision)
    return result


# --- Re-enrolment ----------------------------------------------------------------------------


@transaction.atomic
def reenrol(*, actor: Actor, enrolment: Enrolment, site_url: str = "") -> PreRegistered:
    """Next year's request for a student registered this year, in one click, by their
    guardian or the centre's staff. The previous years stay as they are (the history).
    Repeating it returns the request already made."""
    enrolment_policy.get_visible(actor, pk=enrolment.pk)
    if not enrolment_policy.can_reenrol(actor, enrolment):
        raise Forbidden()
    user = signed_in(actor)
    e = Enrolment.objects.select_related("student__student_profile", "guardian", "centre").get(
        pk=enrolment.pk
    )
    next_year = e.school_year + 1
    existing = Enrolment.objects.filter(student_id=e.student_id, school_year=next_year).first()
    if existing is not None:
        return PreRegistered(enrolment=existing, created=False, consent_email_sent=False)
    if e.status != EnrolmentStatus.REGISTERED:
        raise Conflict(
            _("Only a registered student can be re-enrolled for the next year."),
            code=EnrolmentError.NOT_REGISTERED,
        )
    if e.school_year != years.current_school_year(e.centre):
        raise Conflict(
            _("Re-enrolment is made from this school year's registration."),
            code=EnrolmentError.NOT_THIS_YEAR,
        )
    profile = e.student.student_profile
    message = _age_error(profile.birth_date, next_year)
    if message:
        raise ValidationFailed(message, fields={"birth_date": [message]})
    request_key, person_key = request_keys(
        e.student.first_name,
        e.student.last_name,
        profile.birth_date,
        e.guardian.email if e.guardian else "",
    )
    is_guardian = e.student_id in access_for(user).ward_ids
    try:
        with transaction.atomic():
            renewed = Enrolment.objects.create(
                centre=e.centre,
                student=e.student,
                guardian=e.guardian,
                guardian_phone=e.guardian_phone,
                school_year=next_year,
                status=EnrolmentStatus.PRE_REGISTERED,
                preferred_slot=e.slot if e.slot and e.slot.is_open else e.preferred_slot,
                submitted_by=Submitter.GUARDIAN if is_guardian else Submitter.STAFF,
                submitted_by_user=user,
                previous=e,
                request_key=request_key,
                person_key=person_key,
            )
    except IntegrityError as exc:
        existing = Enrolment.objects.filter(student_id=e.student_id, school_year=next_year).first()
        if existing is None:
            raise Conflict(
                _("A request with the same details already exists."),
                code=EnrolmentError.DUPLICATE_REQUEST,
            ) from exc
        return PreRegistered(enrolment=existing, created=False, consent_email_sent=False)
    return PreRegistered(enrolment=renewed, created=True, consent_email_sent=False)


# --- Slot changes and bulk slot assignment ---------------------------------------------------


def _seats_left(slot: Slot, year: int) -> int:
    """Seats a student can still take in a (locked) slot: none while anybody waits for it."""
    return int(slot.seats - _taken(slot, year) - _waiting(slot, year).count())


def _answered(change: SlotChangeRequest) -> Conflict:
    return Conflict(
        _("This request is already %(status)s.") % {"status": change.get_status_display()},
        code=EnrolmentError.ALREADY_ANSWERED,
    )


@dataclass(frozen=True)
class ChangeResult:
    change: SlotChangeRequest
    outcome: str  # created, already, accepted, refused, cancelled
    promoted: tuple[Enrolment, ...] = ()


@transaction.atomic
def slot_change_request(
    *, actor: Actor, enrolment: Enrolment, to_slot: Slot, note: str = ""
) -> ChangeResult:
    """A registered student (or their guardian) asks to move to another weekly slot of
    their centre. One open request per student: asking again for the same slot returns it;
    for another slot, the first must be cancelled."""
    e = enrolment_policy.get_visible(actor, pk=enrolment.pk)
    if not access_for(actor).is_family_of(e.student_id):
        raise Forbidden(
            _("Only the student or their guardian can ask for a change of slot."),
            code=EnrolmentError.FAMILY_ONLY,
        )
    user = signed_in(actor)
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationFailed(
            _("At most %(n)s characters.") % {"n": 300},
            fields={"note": [_("At most %(n)s characters.") % {"n": 300}]},
        )
    if e.status != EnrolmentStatus.REGISTERED or e.school_year != years.current_school_year(
        e.centre
    ):
        raise Conflict(
            _("A change of slot is asked for this school year's registration."),
            code=EnrolmentError.NOT_REGISTERED,
        )
    if to_slot.centre_id != e.centre_id or not to_slot.is_open:
        message = _("This slot is not open at this centre.")
        raise ValidationFailed(message, fields={"to_slot": [message]})
    if to_slot.pk == e.slot_id:
        message = _("This is already the student's slot.")
        raise ValidationFailed(message, fields={"to_slot": [message]})
    existing = SlotChangeRequest.objects.filter(
        student_id=e.student_id, status=SlotChangeStatus.OPEN
    ).first()
    if existing is not None:
        if existing.to_slot_id == to_slot.pk:
            return ChangeResult(change=existing, outcome="already")
        raise Conflict(
            _(
                "A change to %(slot)s is already waiting for the centre: cancel it before "
                "asking for another slot."
            )
            % {"slot": existing.to_slot.label},
            code=EnrolmentError.SLOT_CHANGE_PENDING,
        )
    try:
        with transaction.atomic():
            change = SlotChangeRequest.objects.create(
                centre_id=e.centre_id,
                enrolment=e,
                student_id=e.student_id,
                from_slot_id=e.slot_id,
                to_slot=to_slot,
                note=note,
                requested_by=user,
            )
    except IntegrityError as exc:  # the same family asked twice at once
        existing = SlotChangeRequest.objects.filter(
            student_id=e.student_id, status=SlotChangeStatus.OPEN
        ).first()
        if existing is None or existing.to_slot_id != to_slot.pk:
            raise Conflict(
                _("Another change of slot is already waiting for the centre."),
                code=EnrolmentError.SLOT_CHANGE_PENDING,
            ) from exc
        return ChangeResult(change=existing, outcome="already")
    return ChangeResult(change=change, outcome="created")


@transaction.atomic
def slot_change_cancel(*, actor: Actor, change: SlotChangeRequest) -> ChangeResult:
    """The family withdraws its open request. Repeating it changes nothing."""
    found = slot_change_policy.get_visible(actor, pk=change.pk)
    if not access_for(actor).is_family_of(found.student_id):
        raise Forbidden(code=EnrolmentError.FAMILY_ONLY)
    locked = SlotChangeRequest.objects.select_for_update().get(pk=found.pk)
    if locked.status == SlotChangeStatus.CANCELLED:
        return ChangeResult(change=locked, outcome="already")
    if locked.status != SlotChangeStatus.OPEN:
        raise Conflict(
            _("The centre has already answered this request."),
            code=EnrolmentError.ALREADY_ANSWERED,
        )
    locked.status = SlotChangeStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    return ChangeResult(change=locked, outcome="cancelled")


@transaction.atomic
def slot_change_accept(
    *, actor: Actor, change: SlotChangeRequest, site_url: str = ""
) -> ChangeResult:
    """Move the student's seat to the wished slot, only if a seat is left there (the waiting
    list comes first). Both slots are locked, in id order, before anything is counted: two
    acceptances into the last seat at once give it to one of them and refuse the other.
    The seat freed in the old slot goes to its waiting list. Accepting twice changes nothing."""
    found = slot_change_policy.get_editable(actor, pk=change.pk)
    _lock_slots([found.to_slot_id, found.enrolment.slot_id])
    locked = SlotChangeRequest.objects.select_for_update().get(pk=found.pk)
    if locked.status == SlotChangeStatus.ACCEPTED:
        return ChangeResult(change=locked, outcome="already")
    if locked.status != SlotChangeStatus.OPEN:
        raise _answered(locked)
    e = _lock(locked.enrolment)
    if e.status != EnrolmentStatus.REGISTERED:
        raise Conflict(
            _("The student is no longer registered: refuse the request."),
            code=EnrolmentError.NOT_REGISTERED,
        )
    user = signed_in(actor)
    target = Slot.objects.get(pk=locked.to_slot_id)
    moved: tuple[Enrolment, ...] = ()
    if e.slot_id != target.pk:
        if _seats_left(target, e.school_year) <= 0:
            raise Conflict(
                _(
                    "%(slot)s is full: no seat is left for %(name)s. Refuse the request, or "
                    "accept it once a seat frees."
                )
                % {"slot": target.label, "name": e.student.get_full_name()},
                code=EnrolmentError.SLOT_FULL,
            )
        old = e.slot
        e.slot = target
        e.save(update_fields=["slot", "updated_at"])
        moved = tuple(_advance(user, old, e.school_year, site_url)) if old is not None else ()
    locked.status = SlotChangeStatus.ACCEPTED
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return ChangeResult(change=locked, outcome="accepted", promoted=moved)


@transaction.atomic
def slot_change_refuse(*, actor: Actor, change: SlotChangeRequest, reason: str) -> ChangeResult:
    """Refuse an open request, with a reason the family sees. Repeating it changes nothing."""
    found = slot_change_policy.get_editable(actor, pk=change.pk)
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        message = (
            _("Give the reason for refusing (the family sees it).")
            if not reason
            else _("At most %(n)s characters.") % {"n": 500}
        )
        raise ValidationFailed(message, fields={"reason": [message]})
    locked = SlotChangeRequest.objects.select_for_update().get(pk=found.pk)
    if locked.status == SlotChangeStatus.REFUSED:
        return ChangeResult(change=locked, outcome="already")
    if locked.status != SlotChangeStatus.OPEN:
        raise _answered(locked)
    locked.status = SlotChangeStatus.REFUSED
    locked.refusal_reason = reason
    locked.decided_by, locked.decided_at = signed_in(actor), timezone.now()
    locked.save(
        update_fields=["status", "refusal_reason", "decided_by", "decided_at", "updated_at"]
    )
    return ChangeResult(change=locked, outcome="refused")


@dataclass(frozen=True)
class AssignResult:
    placed: int
    full: int
    skipped: int

    def summary(self) -> str:
        parts = [ngettext("%(n)s placed", "%(n)s placed", self.placed) % {"n": self.placed}]
        if self.full:
            parts.append(
                ngettext(
                    "%(n)s could not be placed (no seat left)",
                    "%(n)s could not be placed (no seat left)",
                    self.full,
                )
                % {"n": self.full}
            )
        if self.skipped:
            parts.append(
                ngettext(
                    "%(n)s already had a slot or is not registered",
                    "%(n)s already had a slot or are not registered",
                    self.skipped,
                )
                % {"n": self.skipped}
            )
        return ", ".join(parts) + "."


@transaction.atomic
def slots_assign_bulk(
    *, actor: Actor, centre: Centre, slot: Slot, uuids: Iterable[Any]
) -> AssignResult:
    """Give a weekly slot to several registered students who have none, oldest registration
    first, within the seats left; report how many could not be placed. Unknown or foreign
    ids refuse the whole batch, changing nothing."""
    if not can_review(actor, centre):
        raise Forbidden()
    if slot.centre_id != centre.pk:
        message = _("This slot belongs to another centre.")
        raise ValidationFailed(message, fields={"slot": [message]})
    ids = _parse_uuids(uuids)
    if not ids:
        message = _("Select at least one student.")
        raise ValidationFailed(message, fields={"uuids": [message]})
    if len(ids) > BULK_LIMIT:
        message = _("At most %(n)s requests at a time.") % {"n": BULK_LIMIT}
        raise ValidationFailed(message, fields={"uuids": [message]})
    _lock_slots([slot.pk])
    locked_slot = Slot.objects.get(pk=slot.pk)
    rows = list(
        enrolment_policy.editable(actor)
        .filter(centre=centre, uuid__in=ids)
        .select_for_update()
        .order_by("decided_at", "submitted_at", "pk")
    )
    if len(rows) != len(ids):
        raise NotFound(_("Some selected students are not this centre's. Nothing was changed."))
    year = years.current_school_year(centre)
    placed = full = skipped = 0
    left = _seats_left(locked_slot, year)
    for e in rows:
        if e.status != EnrolmentStatus.REGISTERED or e.slot_id or e.school_year != year:
            skipped += 1
        elif left <= 0:
            full += 1
        else:
            e.slot = locked_slot
            e.save(update_fields=["slot", "updated_at"])
            placed += 1
            left -= 1
    return AssignResult(placed=placed, full=full, skipped=skipped)
