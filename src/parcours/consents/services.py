"""Recording and withdrawing consent. Every record keeps the exact text version shown.

- ``consent_give``: online (the emailed link), by a minor's linked guardian or by an adult
  student for themselves (18 or over on the day of consent).
- ``consent_withdraw``: online, image use and public display, by the family or the student.
- ``consent_record_paper`` / ``consent_withdraw_paper``: a manager of the student's centre
  (or a network admin) records a form signed on paper at the centre.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.consents.choices import WITHDRAWABLE, ConsentKind, ConsentMethod, Signer
from parcours.consents.errors import ConsentsError
from parcours.consents.models import ConsentRecord, ConsentText
from parcours.consents.permissions import can_record_paper, consent_policy
from parcours.consents.selectors import current_text
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.people.access import access_for
from parcours.people.ages import is_adult
from parcours.people.models import StudentProfile, User
from parcours.people.types import Actor, signed_in

NAME_LIMIT = 200
LANGUAGES = ("fr", "en")


def _centre_today(profile: StudentProfile) -> dt.date:
    return timezone.localdate(timezone=profile.centre.zone)


@transaction.atomic
def consent_give(
    *,
    student: User,
    given_by: User,
    kind: str,
    text: ConsentText,
    method: str = ConsentMethod.ONLINE,
    at: datetime | None = None,
) -> ConsentRecord:
    """Record a consent. Idempotent: a consent of that kind already in force is returned.

    For a minor the giver must be a linked guardian; a student of 18 or over (on the day of
    consent) gives their own, and a guardian no longer can. Withdrawal (below) is open to
    the student too: saying no protects them."""
    if kind not in ConsentKind.values or text.kind != kind:
        raise ValidationFailed(_("This text does not match the kind of consent."))
    profile = getattr(student, "student_profile", None)
    if profile is None:
        raise ValidationFailed(_("Consent is recorded for students only."))
    day = timezone.localdate(at) if at is not None else _centre_today(profile)
    if is_adult(profile, day):
        if given_by.pk != student.pk:
            raise ValidationFailed(
                _(
                    "%(name)s is 18 or over and gives their own consent: a guardian cannot "
                    "give it for them."
                )
                % {"name": student.get_full_name()},
                code=ConsentsError.ADULT_CONSENTS_ALONE,
            )
    elif student.pk not in access_for(given_by).ward_ids:
        raise ValidationFailed(
            _(
                "For a minor, a linked guardian must give this consent; an adult student gives "
                "their own."
            ),
            code=ConsentsError.GUARDIAN_CONSENTS,
        )
    existing = ConsentRecord.objects.filter(
        student=student, kind=kind, withdrawn_at__isnull=True
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return ConsentRecord.objects.create(
                centre=profile.centre,
                student=student,
                kind=kind,
                text=text,
                given_by=given_by,
                method=method,
                given_at=at or timezone.now(),
            )
    except IntegrityError:  # a simultaneous identical request won
        return ConsentRecord.objects.get(student=student, kind=kind, withdrawn_at__isnull=True)


@transaction.atomic
def consent_withdraw(*, actor: Actor, record: ConsentRecord) -> ConsentRecord:
    """Withdraw image-use or public-display consent. Repeating it changes nothing."""
    consent_policy.get_editable(actor, pk=record.pk)
    locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if locked.kind not in WITHDRAWABLE:
        raise Conflict(
            _("Enrolment consent cannot be withdrawn online; please contact the centre."),
            code=ConsentsError.NOT_WITHDRAWABLE_ONLINE,
        )
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = signed_in(actor)
        locked.withdrawal_method = ConsentMethod.ONLINE
        locked.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_method", "updated_at"]
        )
    return locked


# --- Paper forms, recorded by the centre -----------------------------------------------------


@dataclass(frozen=True)
class PaperResult:
    record: ConsentRecord
    changed: bool  # False: the same was already recorded, nothing changed


@dataclass(frozen=True)
class _PaperForm:
    """A paper form found valid: whose it is, who signed it (their account when known) and
    the name as written."""

    profile: StudentProfile
    recorder: User
    signed_by: User | None
    name: str


def _paper_form(
    *, actor: Actor, student: User, kind: str, signed_on: object, signer: str, signed_by_name: str
) -> _PaperForm:
    """What both paper records check first: the actor may record paper forms for this
    student, the kind exists, the date and the signer fit the student's age that day."""
    profile = _check_recorder(actor, student)
    if kind not in ConsentKind.values:
        message = _("Choose the kind of consent.")
        raise ValidationFailed(message, fields={"kind": [message]})
    signed_by, name = _paper_signer(
        student=student,
        profile=profile,
        signed_on=signed_on,
        signer=signer,
        signed_by_name=signed_by_name,
    )
    return _PaperForm(profile=profile, recorder=signed_in(actor), signed_by=signed_by, name=name)


def _check_recorder(actor: Actor, student: User) -> StudentProfile:
    """The student's profile, once the actor may record paper forms for them: a manager of
    the student's centre or a network admin. The family sees the student but may not
    (403); anyone else is told nothing (404)."""
    try:
        profile = student.student_profile
    except StudentProfile.DoesNotExist as exc:
        raise NotFound() from exc
    if can_record_paper(actor, profile.centre_id):
        return profile
    if access_for(actor).is_family_of(student.pk):
        raise Forbidden(
            _("Paper forms are recorded by the centre's managers."),
            code=ConsentsError.PAPER_BY_MANAGERS,
        )
    raise NotFound()


def _paper_signer(
    *, student: User, profile: StudentProfile, signed_on: object, signer: str, signed_by_name: str
) -> tuple[User | None, str]:
    """Check the date and who signed; return (the signer's account if known, the name)."""
    errors: dict[str, list[str]] = {}
    name = (signed_by_name or "").strip()
    if not isinstance(signed_on, dt.date) or isinstance(signed_on, datetime):
        errors["signed_on"] = [_("Enter the date the form was signed.")]
    elif signed_on > _centre_today(profile):
        errors["signed_on"] = [_("The form cannot be signed in the future.")]
    elif signed_on < profile.birth_date:
        errors["signed_on"] = [_("Enter the date the form was signed.")]
    if signer not in Signer.values:
        errors["signer"] = [_("Say who signed the form.")]
    if len(name) > NAME_LIMIT:
        errors["signed_by_name"] = [_("At most %(n)s characters.") % {"n": NAME_LIMIT}]
    if not errors:
        assert isinstance(signed_on, dt.date)  # checked above; for the type checker
        adult = is_adult(profile, signed_on)
        if signer == Signer.STUDENT and not adult:
            errors["signer"] = [
                _("%(name)s was under 18 on that day: a parent or guardian signs the form.")
                % {"name": student.get_full_name()}
            ]
        elif signer == Signer.GUARDIAN and adult:
            errors["signer"] = [
                _("%(name)s was 18 or over on that day and signs their own form.")
                % {"name": student.get_full_name()}
            ]
        elif signer == Signer.GUARDIAN and not name:
            errors["signed_by_name"] = [
                _("Write the guardian's name as it is written on the form.")
            ]
    if errors:
        first = next(iter(errors.values()))[0]
        message = first if len(errors) == 1 else _("Some fields need your attention.")
        raise ValidationFailed(message, fields=errors)
    if signer == Signer.STUDENT:
        return student, name or student.get_full_name()
    return None, name


def _moment(
    day: dt.date, profile: StudentProfile, *, not_before: datetime | None = None
) -> datetime:
    """A signed date as an aware moment for the ``*_at`` columns: noon at the centre, but
    never in the future nor before ``not_before``."""
    noon = datetime.combine(day, dt.time(12, 0), tzinfo=profile.centre.zone)
    moment = min(noon, timezone.now())
    return max(moment, not_before) if not_before is not None else moment


@transaction.atomic
def consent_record_paper(
    *,
    actor: Actor,
    student: User,
    kind: str,
    signed_on: dt.date,
    signer: str,
    signed_by_name: str = "",
    language: str = "",
) -> PaperResult:
    """Record a consent signed on paper at the centre, on the current published text of that
    kind in the form's language. A minor's form is signed by a guardian (their name as
    written), an adult's by the student. A consent of that kind already in force is
    returned unchanged: recording the same form twice changes nothing."""
    form = _paper_form(
        actor=actor,
        student=student,
        kind=kind,
        signed_on=signed_on,
        signer=signer,
        signed_by_name=signed_by_name,
    )
    language = language or student.preferred_language or "fr"
    if language not in LANGUAGES:
        message = _("Choose French or English.")
        raise ValidationFailed(message, fields={"language": [message]})
    try:
        text = current_text(kind=kind, language=language)
    except NotFound as exc:
        message = _("No consent text is published for this kind yet.")
        raise ValidationFailed(
            message, fields={"kind": [message]}, code=ConsentsError.NO_TEXT
        ) from exc
    existing = ConsentRecord.objects.filter(
        student=student, kind=kind, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return PaperResult(record=existing, changed=False)
    try:
        with transaction.atomic():
            record = ConsentRecord.objects.create(
                centre=form.profile.centre,
                student=student,
                kind=kind,
                text=text,
                given_by=form.signed_by,
                method=ConsentMethod.PAPER,
                given_at=_moment(signed_on, form.profile),
                signed_on=signed_on,
                signed_by_name=form.name,
                recorded_by=form.recorder,
            )
    except IntegrityError:  # the same form recorded twice at once
        record = ConsentRecord.objects.get(student=student, kind=kind, withdrawn_at__isnull=True)
        return PaperResult(record=record, changed=False)
    return PaperResult(record=record, changed=True)


@transaction.atomic
def consent_withdraw_paper(
    *,
    actor: Actor,
    student: User,
    kind: str,
    signed_on: dt.date,
    signer: str,
    signed_by_name: str = "",
) -> PaperResult:
    """Record a withdrawal signed on paper (any kind, enrolment included: withdrawing it is a
    matter for the centre). The record is kept, marked withdrawn. Repeating it changes
    nothing; a kind never consented to is refused."""
    form = _paper_form(
        actor=actor,
        student=student,
        kind=kind,
        signed_on=signed_on,
        signer=signer,
        signed_by_name=signed_by_name,
    )
    record = (
        ConsentRecord.objects.select_for_update()
        .filter(student=student, kind=kind, withdrawn_at__isnull=True)
        .first()
    )
    if record is None:
        latest = ConsentRecord.objects.filter(student=student, kind=kind).order_by("-given_at")
        if (previous := latest.first()) is not None:
            return PaperResult(record=previous, changed=False)
        raise Conflict(
            _("No consent of this kind is recorded: there is nothing to withdraw."),
            code=ConsentsError.NOTHING_TO_WITHDRAW,
        )
    if signed_on < timezone.localdate(record.given_at, timezone=form.profile.centre.zone):
        message = _("The withdrawal cannot be signed before the consent was given.")
        raise ValidationFailed(message, fields={"signed_on": [message]})
    record.withdrawn_at = _moment(signed_on, form.profile, not_before=record.given_at)
    record.withdrawn_by = form.signed_by
    record.withdrawn_by_name = form.name
    record.withdrawal_method = ConsentMethod.PAPER
    record.withdrawal_recorded_by = form.recorder
    record.save(
        update_fields=[
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_by_name",
            "withdrawal_method",
            "withdrawal_recorded_by",
            "updated_at",
        ]
    )
    return PaperResult(record=record, changed=True)
