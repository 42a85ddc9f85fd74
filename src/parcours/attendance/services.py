"""Every write of attendance. Keyword-only, atomic, permission-checked, idempotent: a double
scan is one check-in, closing a session twice records nothing more, a streak of absences is
told once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.attendance import selectors
from parcours.attendance.errors import AttendanceError
from parcours.attendance.models import (
    Absence,
    AttendanceSettings,
    Badge,
    CheckIn,
    CheckInCorrection,
    FollowUp,
)
from parcours.attendance.permissions import (
    absence_policy,
    can_manage,
    can_reissue_badge,
    can_run_kiosk,
    can_see_attendance,
)
from parcours.centres.models import Centre
from parcours.centres.permissions import can_manage_centre
from parcours.core import mail, timefmt
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.core.services import apply_fields, validated_save
from parcours.enrolment.models import EnrolmentStatus
from parcours.enrolment.years import current_school_year
from parcours.notifications import services as notifications
from parcours.notifications.choices import Kind
from parcours.people import selectors as people
from parcours.people.models import StudentProfile, User
from parcours.people.types import Actor, signed_in
from parcours.schedule.models import Session, Slot

# No 0/O, 1/I/L: a code read aloud or typed from a card is not ambiguous.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
PHONE_PREFIX = "P:"
PHONE_SALT = "parcours.attendance.phone-badge"
PHONE_MAX_AGE = 15 * 60  # seconds a phone badge's QR code stays valid


# --- Badges ----------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@dataclass
class IssuedBadge:
    badge: Badge
    code: str  # shown once: only its hash is stored


def _student_profile(student: User) -> StudentProfile:
    profile: StudentProfile | None = getattr(student, "student_profile", None)
    if profile is None:
        raise ValidationFailed(_("Only students have a badge."), code=AttendanceError.NOT_A_STUDENT)
    return profile


@transaction.atomic
def badge_issue(*, actor: Actor, student: User, code: str | None = None) -> IssuedBadge:
    """A new badge for the student; the one they had stops working at once. The code is
    returned once, for the printed card; only its hash is kept."""
    profile = _student_profile(student)
    if not can_reissue_badge(actor, student):
        raise NotFound() if not can_see_attendance(actor, student) else Forbidden()
    issuer = signed_in(actor)
    User.objects.select_for_update().get(pk=student.pk)  # one reissue at a time per student
    now = timezone.now()
    Badge.objects.filter(student=student, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
    code = code or new_code()
    if len(normalise_code(code)) < 8:
        raise ValidationFailed(_("A badge code has at least 8 letters or digits."))
    try:
        with transaction.atomic():
            badge = Badge.objects.create(
                centre=profile.centre,
                student=student,
                code_hash=hash_code(code),
                issued_at=now,
                issued_by=issuer,
            )
    except IntegrityError as exc:
        raise Conflict(
            _("This code is already used; try again."), code=AttendanceError.CODE_TAKEN
        ) from exc
    return IssuedBadge(badge=badge, code=code)


@transaction.atomic
def badges_issue_for_slot(
    *, actor: Actor, centre: Centre, slot: Slot, only_missing: bool = False
) -> list[IssuedBadge]:
    """Badges for every student registered in a slot (to print them all at once)."""
    if not can_manage(actor, centre) or slot.centre_id != centre.pk:
        raise Forbidden()

    students = list(
        User.objects.filter(
            enrolments__slot=slot,
            enrolments__status=EnrolmentStatus.REGISTERED,
            enrolments__school_year=current_school_year(centre),
        )
        .select_related("student_profile")
        .order_by("last_name", "first_name")
    )
    if only_missing:
        has = set(
            Badge.objects.filter(student__in=students, revoked_at__isnull=True).values_list(
                "student_id", flat=True
            )
        )
        students = [s for s in students if s.pk not in has]
    return [badge_issue(actor=actor, student=s) for s in students]


def phone_token(badge: Badge) -> str:
    """What the student's phone shows as a QR code: signed, short-lived, voided with the badge."""
    signer = signing.TimestampSigner(salt=PHONE_SALT)
    return PHONE_PREFIX + signer.sign(badge.uuid.hex)


def _badge_from(code: str) -> tuple[Badge | None, str]:
    """The badge a scanned or typed code names, and what is wrong if none."""
    code = code.strip()
    if code.startswith(PHONE_PREFIX):
        signer = signing.TimestampSigner(salt=PHONE_SALT)
        try:
            value = signer.unsign(code[len(PHONE_PREFIX) :], max_age=PHONE_MAX_AGE)
        except signing.SignatureExpired:
            return None, "expired"
        except signing.BadSignature:
            return None, "unknown"
        badge = Badge.objects.select_related("student").filter(uuid=value).first()
    else:
        badge = Badge.objects.select_related("student").filter(code_hash=hash_code(code)).first()
    if badge is None:
        return None, "unknown"
    if badge.revoked_at is not None:
        return badge, "revoked"
    return badge, ""


# --- Check-in --------------------------------------------------------------------------------


class Outcome:
    WELCOME = "welcome"
    ALREADY = "already_checked_in"
    NOT_TODAY = "not_your_session"
    CLOSED_DAY = "non_working_day"
    OUTSIDE = "outside_window"
    UNKNOWN = "unknown_badge"
    REVOKED = "revoked_badge"
    EXPIRED = "expired_badge"


RECORDED = (Outcome.WELCOME, Outcome.ALREADY)


@dataclass
class CheckInResult:
    outcome: str
    message: str
    first_name: str = ""
    checkin: CheckIn | None = None
    session: Session | None = None
    next_session: Session | None = None

    @property
    def recorded(self) -> bool:
        return self.outcome in RECORDED


def _next_text(name: str, upcoming: Session | None) -> str:
    if upcoming is None:
        return _("%(name)s, you have no upcoming session here; ask a member of staff.") % {
            "name": name
        }
    return _("Your next session: %(when)s.") % {
        "when": timefmt.moment(upcoming.starts_at, upcoming.centre.zone)
    }


@transaction.atomic
def checkin_record(
    *,
    actor: Actor,
    centre: Centre,
    code: str,
    device: str = "",
    session: Session | None = None,
    now: dt.datetime | None = None,
) -> CheckInResult:
    """A badge shown at the kiosk. Records at most one check-in per student and session,
    only from ``opens_before_minutes`` before the start until the end, never for a future
    session; always answers with what happened."""
    if not can_run_kiosk(actor, centre):
        raise NotFound()
    code = (code or "").strip()
    if not code or len(code) > 200:
        raise ValidationFailed(
            _("Type the code printed on the badge."),
            fields={"code": [_("Type the code printed on the badge.")]},
        )
    now = now or timezone.now()
    badge, problem = _badge_from(code)
    if badge is None or badge.centre_id != centre.pk:
        if problem == "expired":
            return CheckInResult(
                Outcome.EXPIRED, _("This phone badge has expired: reload the badge page.")
            )
        return CheckInResult(
            Outcome.UNKNOWN, _("Unknown badge. Check the code or ask a member of staff.")
        )
    student = badge.student
    name = student.first_name or student.username
    if problem == "revoked":
        return CheckInResult(
            Outcome.REVOKED,
            _("%(name)s, this badge was replaced by a new one: use your new badge.")
            % {"name": name},
            first_name=name,
        )
    rules = selectors.settings_for(centre)
    opens = dt.timedelta(minutes=rules.opens_before_minutes)
    today = now.astimezone(centre.zone).date()
    slot_ids = selectors.student_slot_ids(student, centre, today)

    def upcoming() -> Session | None:  # read only when the answer names it, not on success
        return selectors.next_session(student, centre, now, slot_ids=slot_ids)

    if session is not None:
        if session.centre_id != centre.pk or not selectors.may_attend(student, session):
            return CheckInResult(
                Outcome.NOT_TODAY,
                _("%(name)s, this is not your session.") % {"name": name}
                + " "
                + _next_text(name, (then := upcoming())),
                first_name=name,
                next_session=then,
            )
        candidates = [session]
    else:
        candidates = selectors.student_sessions_on(student, centre, today, slot_ids=slot_ids)
    if not candidates:
        closed = selectors.closed_day(centre, today)
        if closed is not None:
            return CheckInResult(
                Outcome.CLOSED_DAY,
                _("Today is a non-working day (%(label)s).") % {"label": closed.label}
                + " "
                + _next_text(name, (then := upcoming())),
                first_name=name,
                next_session=then,
            )
        return CheckInResult(
            Outcome.NOT_TODAY,
            _("%(name)s, you have no session today.") % {"name": name}
            + " "
            + _next_text(name, (then := upcoming())),
            first_name=name,
            next_session=then,
        )
    open_now = [s for s in candidates if s.starts_at - opens <= now <= s.ends_at]
    if not open_now:
        later = [s for s in candidates if now < s.starts_at - opens]
        if later:
            message = _("%(name)s, check-in opens at %(time)s.") % {
                "name": name,
                "time": timefmt.clock(later[0].starts_at - opens, centre.zone),
            }
            then = later[0]
        else:
            then = upcoming()
            message = (
                _("%(name)s, today's session is over.") % {"name": name}
                + " "
                + _next_text(name, then)
            )
        return CheckInResult(
            Outcome.OUTSIDE,
            message,
            first_name=name,
            session=later[0] if later else None,
            next_session=then,
        )
    target = open_now[0]
    return _record(
        actor=actor,
        centre=centre,
        session=target,
        student=student,
        device=device,
        now=now,
        rules=rules,
    )


def _record(
    *,
    actor: Actor,
    centre: Centre,
    session: Session,
    student: User,
    device: str,
    now: dt.datetime,
    rules: AttendanceSettings | None = None,
) -> CheckInResult:
    name = student.first_name or student.username
    existing = CheckIn.objects.select_for_update().filter(session=session, student=student).first()
    if existing is None:
        rules = rules or selectors.settings_for(centre)
        minutes = int((now - session.starts_at).total_seconds() // 60)
        late = minutes if minutes > rules.late_after_minutes else 0
        try:
            with transaction.atomic():
                created = CheckIn.objects.create(
                    centre=centre,
                    session=session,
                    student=student,
                    checked_in_at=now,
                    device=device[:80],
                    taken_by=signed_in(actor),
                    late_minutes=min(late, 32_000),
                )
        except IntegrityError:  # the same badge scanned on two devices at once
            existing = CheckIn.objects.get(session=session, student=student)
        else:
            Absence.objects.filter(session=session, student=student).delete()
            FollowUp.objects.filter(student=student, closed_at__isnull=True).update(
                closed_at=now, updated_at=now
            )
            message = _("Welcome, %(name)s!") % {"name": name}
            if late:
                message += " " + _("(%(n)s minutes late)") % {"n": late}
            return CheckInResult(
                Outcome.WELCOME, message, first_name=name, checkin=created, session=session
            )
    return CheckInResult(
        Outcome.ALREADY,
        _("%(name)s, you are already checked in (since %(time)s).")
        % {"name": name, "time": timefmt.clock(existing.checked_in_at, centre.zone)},
        first_name=name,
        checkin=existing,
        session=session,
    )


@transaction.atomic
def checkin_leave(
    *, actor: Actor, session: Session, student: User, now: dt.datetime | None = None
) -> CheckIn:
    """A student leaves; before the end of the session it is an early leave. Idempotent."""
    if not can_run_kiosk(actor, session.centre):
        raise NotFound()
    now = now or timezone.now()
    checkin = CheckIn.objects.select_for_update().filter(session=session, student=student).first()
    if checkin is None or not checkin.present:
        raise ValidationFailed(
            _("This student has not checked in at this session."),
            fields={"student": [_("Not checked in.")]},
            code=AttendanceError.NOT_CHECKED_IN,
        )
    if checkin.left_at is not None:
        return checkin
    checkin.left_at = min(now, session.ends_at)
    checkin.left_early = now < session.ends_at
    checkin.save(update_fields=["left_at", "left_early", "updated_at"])
    return checkin


# --- Corrections -----------------------------------------------------------------------------

STATES = ("present", "late", "left_early", "absent")


def _snapshot(checkin: CheckIn | None, absence: Absence | None) -> dict[str, Any]:
    if checkin is None or not checkin.present:
        return {
            "state": "absent",
            "justified": bool(absence and absence.justified),
            "reason": absence.reason if absence else "",
        }
    return {
        "state": checkin.state,
        "late_minutes": checkin.late_minutes,
        "left_at": checkin.left_at.isoformat() if checkin.left_at else None,
    }


@transaction.atomic
def checkin_correct(
    *,
    actor: Actor,
    session: Session,
    student: User,
    state: str,
    reason: str,
    late_minutes: int | None = None,
    now: dt.datetime | None = None,
) -> CheckInCorrection | None:
    """Staff set a student's attendance at a session: present, late (minutes), left early
    or absent. Logged with who, when, before, after and why; nothing is logged when nothing
    changes."""
    centre = session.centre
    if not can_run_kiosk(actor, centre):
        raise NotFound()
    staff = signed_in(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if state not in STATES:
        errors["state"] = [_("Choose present, late, left early or absent.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the record changes.")]
    if state == "late" and (late_minutes is None or not 1 <= late_minutes <= 600):
        errors["late_minutes"] = [_("Give the minutes late, between 1 and 600.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], fields=errors)
    if session.starts_at > now:
        raise ValidationFailed(
            _("This session has not started yet."), code=AttendanceError.SESSION_NOT_STARTED
        )
    Session.objects.select_for_update().get(pk=session.pk)
    checkin = CheckIn.objects.select_for_update().filter(session=session, student=student).first()
    if checkin is None and not selectors.may_attend(student, session):
        raise ValidationFailed(
            _("This student is not expected at this session."),
            fields={"student": [_("Not expected at this session.")]},
            code=AttendanceError.NOT_EXPECTED,
        )
    absence = Absence.objects.filter(session=session, student=student).first()
    before = _snapshot(checkin, absence)
    if state == "absent":
        if checkin is not None and checkin.present:
            checkin.present = False
            checkin.save(update_fields=["present", "updated_at"])
        if session.absences_recorded_at is not None and absence is None:
            absence = Absence.objects.create(
                centre=centre, session=session, student=student, recorded_by=staff
            )
    else:
        if checkin is None:
            checkin = CheckIn(
                centre=centre,
                session=session,
                student=student,
                checked_in_at=session.starts_at,
                device=_("correction"),
                taken_by=staff,
            )
        checkin.present = True
        checkin.late_minutes = late_minutes if state == "late" and late_minutes else 0
        if state == "left_early":
            checkin.left_early = True
            checkin.left_at = checkin.left_at or min(now, session.ends_at)
        else:
            checkin.left_early, checkin.left_at = False, None
        checkin.save()
        if absence is not None:
            absence.delete()
            absence = None
    after = _snapshot(checkin, absence)
    if after == before:
        return None
    return CheckInCorrection.objects.create(
        centre=centre,
        session=session,
        student=student,
        corrected_by=staff,
        corrected_at=now,
        before=before,
        after=after,
        reason=reason[:300],
    )


# --- Absences --------------------------------------------------------------------------------


@transaction.atomic
def absence_justify(*, actor: Actor, absence: Absence, justified: bool, reason: str) -> Absence:
    """Staff record why a student was away (a note from the family, an illness...)."""
    absence = absence_policy.get_editable(actor, pk=absence.pk)
    reason = (reason or "").strip()
    if justified and not reason:
        raise ValidationFailed(
            _("Say why the absence is justified."),
            fields={"reason": [_("This field is required.")]},
        )
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.justified == justified and absence.reason == reason[:300]:
        return absence
    absence.justified, absence.reason = justified, reason[:300]
    absence.recorded_by = signed_in(actor)
    absence.save(update_fields=["justified", "reason", "recorded_by", "updated_at"])
    return absence


@transaction.atomic
def session_close(
    *, session: Session, actor: Actor | None = None, now: dt.datetime | None = None
) -> int:
    """Record an absence for every expected student with no check-in, once the session has
    ended; then open a follow-up (and tell the family and the coach) for each student whose
    streak of absences reaches the centre's threshold. Idempotent: returns how many absences
    were recorded (0 the second time)."""
    if actor is not None and not can_run_kiosk(actor, session.centre):
        raise NotFound()
    now = now or timezone.now()
    session = Session.objects.select_for_update().select_related("centre").get(pk=session.pk)
    if session.absences_recorded_at is not None:
        return 0
    if session.ends_at > now:
        raise Conflict(_("This session has not ended yet."), code=AttendanceError.SESSION_NOT_ENDED)
    present = set(
        CheckIn.objects.filter(session=session, present=True).values_list("student_id", flat=True)
    )
    missing = sorted(selectors.expected_ids(session) - present)
    Absence.objects.bulk_create(
        [Absence(centre=session.centre, session=session, student_id=s) for s in missing],
        ignore_conflicts=True,
    )
    session.absences_recorded_at = now
    session.save(update_fields=["absences_recorded_at", "updated_at"])
    streak = selectors.settings_for(session.centre).absence_streak
    for student_id in missing:
        _follow_up(centre=session.centre, student_id=student_id, threshold=streak, now=now)
    return len(missing)


def absence_streak(student_id: int) -> list[Absence]:
    """The student's current run of unjustified absences, latest first (closed sessions)."""
    absences = list(
        Absence.objects.filter(student_id=student_id)
        .select_related("session")
        .order_by("-session__starts_at")[:60]
    )
    if not absences:
        return []
    last_present = (
        CheckIn.objects.filter(student_id=student_id, present=True)
        .order_by("-session__starts_at")
        .values_list("session__starts_at", flat=True)
        .first()
    )
    run = []
    for a in absences:
        if a.justified or (last_present is not None and a.session.starts_at < last_present):
            break
        run.append(a)
    return run


def _follow_up(*, centre: Centre, student_id: int, threshold: int, now: dt.datetime) -> None:
    run = absence_streak(student_id)
    if len(run) < threshold:
        return
    first = run[-1]
    followup = FollowUp.objects.filter(first_absence=first).first()
    if followup is not None:
        if followup.absences != len(run):
            followup.absences = len(run)
            followup.save(update_fields=["absences", "updated_at"])
        return
    try:
        with transaction.atomic():
            followup = FollowUp.objects.create(
                centre=centre, student_id=student_id, first_absence=first, absences=len(run)
            )
    except IntegrityError:  # another closing opened it at the same moment
        return
    if _notify(followup):
        followup.notified_at = now
        followup.save(update_fields=["notified_at", "updated_at"])


def _notify(followup: FollowUp) -> bool:
    """E-mail the guardians and the coaches through the one mail helper: each in their
    language, once the follow-up is committed (nothing is sent for a rollback)."""
    student, centre, n = followup.student, followup.centre, followup.absences
    since = followup.first_absence.session.starts_at
    common = {
        "student": student,
        "centre": centre,
        "n": n,
        "since": mail.in_their_language(lambda: timefmt.moment(since, centre.zone)),
    }
    subject = mail.in_their_language(
        lambda: (
            _("%(name)s has missed %(n)s sessions in a row") % {"name": student.first_name, "n": n}
        )
    )
    sent = 0
    for role, group in (
        ("guardian", people.guardians_of(student)),
        ("coach", people.coaches_of(student)),
    ):
        sent += mail.send(
            [person for person in group if person.is_active],
            subject=subject,
            subject_prefix=centre.name,
            template="attendance/email/absences",
            context={**common, "role": role},
            reply_to=[centre.contact_email],
        )
    # ...and in their inboxes (the e-mail above is the message: not e-mailed a second time).
    notifications.notify(
        recipients=[*people.guardians_of(student), *people.coaches_of(student)],
        kind=Kind.ABSENCE_STREAK,
        params={"student": student.get_full_name(), "count": n},
        url=reverse("attendance:student", args=[student.uuid]),
        centre_id=centre.pk,
        dedupe_key=f"followup:{followup.uuid}",
        already_emailed=True,
    )
    return sent > 0


def sessions_close_ended(*, now: dt.datetime | None = None) -> int:
    """Close every ended session not closed yet (the command and the task run this)."""
    now = now or timezone.now()
    total = 0
    ids = list(
        Session.objects.filter(absences_recorded_at__isnull=True, ends_at__lte=now)
        .order_by("ends_at")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        total += session_close(session=Session.objects.get(pk=pk), now=now)
    return total


SETTINGS_EDITABLE = ("opens_before_minutes", "late_after_minutes", "absence_streak")


@transaction.atomic
def settings_update(*, actor: Actor, centre: Centre, data: dict[str, Any]) -> AttendanceSettings:
    """A manager sets the centre's attendance rules. Idempotent; one row per centre."""
    if not can_manage_centre(actor, centre):
        raise Forbidden()
    try:
        with transaction.atomic():
            row, _created = AttendanceSettings.objects.select_for_update().get_or_create(
                centre=centre
            )
    except IntegrityError:
        row = AttendanceSettings.objects.select_for_update().get(centre=centre)
    apply_fields(row, data, SETTINGS_EDITABLE)
    validated_save(row)
    return row
