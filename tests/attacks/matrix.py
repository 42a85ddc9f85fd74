"""The role × page matrix's fixtures: every page's path parameters taken from the demo's
Paris family of Inès (``student``/``guardian``), and the people who ask for them."""

from __future__ import annotations

import uuid as uuid_lib
from collections.abc import Callable
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from parcours.api import api
from parcours.attendance.models import Absence, Badge
from parcours.calendars import services as calendars
from parcours.catalogue.models import Activity, Framework, LabTemplate, MasterlabTemplate
from parcours.centres.models import Room
from parcours.coaching.models import Action as CoachingAction
from parcours.coaching.models import Note
from parcours.consents.models import ConsentRecord
from parcours.credentials.models import Credential
from parcours.enrolment.links import consent_token
from parcours.enrolment.models import Enrolment, SlotChangeRequest
from parcours.internships.models import Internship, Referral
from parcours.labs.models import Application, Lab, Masterlab, Seat
from parcours.learning.models import Submission
from parcours.notifications.models import Notification
from parcours.orientation.models import Meeting, Participant, PlanStep
from parcours.people.models import PersonalToken, SignInSession, User
from parcours.portfolio.files import play_token
from parcours.portfolio.models import PersonalWork, PortfolioExport, PortfolioPage
from parcours.portfolio.selectors import played_item
from parcours.privacy.models import ErasureRequest
from parcours.risk.models import Alert
from parcours.schedule.models import ClosedDays, Session, Slot, SlotMeeting
from parcours.showcase.models import Exhibition
from parcours.training_offers.models import Offer, OfferImport

SKIP_PREFIXES = ("admin/", "api/", "^media/", "static/")

# Who asks: the family whose records the URLs name, and everyone else.
ROLES = {
    "anonymous": None,
    "student": "student",  # Inès, Paris: her own records
    "guardian": "guardian",  # her parent
    "other_family": None,  # another Paris student (set in people())
    "coach": "coach",  # Inès's coach
    "expert": "expert",  # Paris expert (leads Inès's autumn lab)
    "mentor": "mentor",
    "manager": "manager",  # Paris
    "other_manager": "manager-liege",  # another centre
    "admin": "admin",  # network admin
}


def pages() -> list[tuple[str, str]]:
    """(name, pattern) of every page of the site (not the admin, the API, files)."""
    found: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, prefix: str, ns: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                walk(p, prefix + str(p.pattern), inner or "")
            elif isinstance(p, URLPattern):
                pattern = prefix + str(p.pattern)
                if not pattern.startswith(SKIP_PREFIXES) and p.name:
                    found.append((f"{ns}:{p.name}" if ns else p.name, pattern))

    walk(get_resolver(), "", "")
    return found


def people() -> dict[str, User | None]:
    out: dict[str, User | None] = {
        role: User.objects.get(username=name) if name else None for role, name in ROLES.items()
    }
    ines = out["student"]
    assert ines is not None
    # Another family of the centre whose child applied to no masterlab (the demo's
    # applications vary with the day it is built; this one's answers do not).
    out["other_family"] = (
        User.objects.filter(
            student_profile__centre=ines.student_profile.centre,
            guardians__isnull=False,
            is_active=True,
            erased_at__isnull=True,
        )
        .exclude(pk=ines.pk)
        .exclude(lab_applications__masterlab__isnull=False)
        .order_by("username")
        .first()
    )
    return out


class _Missing:
    """A record the demo does not hold: its page answers as for an unknown id."""

    uuid = uuid_lib.UUID(int=1)
    key = "missing"


def _first(rows: Any) -> Any:
    return rows.order_by("pk").first() or _Missing()


def _submission(paris: Any, ines: User) -> Any:
    """A project of another student of Paris, not followed by the demo coach, in an area the
    demo expert reviews (leads a lab of): the same rights whatever the day the demo is built."""
    expert_areas = LabTemplate.objects.filter(labs__expert__username="expert").values("focus_area")
    return _first(
        Submission.objects.filter(centre=paris, activity__focus_area__in=expert_areas)
        .exclude(student=ines)
        .exclude(student__coaches__coach__username="coach")
    )


def arguments() -> dict[str, Callable[[], dict[str, Any]]]:
    """URL name -> its path parameters, naming Inès's family's records where there are."""
    ines = User.objects.get(username="student")
    guardian = User.objects.get(username="guardian")
    paris = ines.student_profile.centre
    slot = _first(Slot.objects.filter(centre=paris))
    enrolment = _first(Enrolment.objects.filter(student=ines))
    lab = _first(Lab.objects.filter(seats_given__student=ines))
    masterlab = _first(Masterlab.objects.filter(centre=paris))
    cycle = lab.cycle
    seat = _first(Seat.objects.filter(student=ines))
    activity = _first(Activity.objects.filter(is_published=True, centre__isnull=True))
    submission = _submission(paris, ines)
    session = _first(Session.objects.filter(centre=paris))
    extra = _first(Session.objects.filter(centre=paris, kind="extra", ends_at__gt=timezone.now()))
    feed = calendars.token_issue(actor=ines, purpose="student").raw
    c = {"slug": paris.slug}
    u: Callable[[Any], dict[str, Any]] = lambda row: {"uuid": row.uuid}  # noqa: E731

    def request_of() -> Any:
        return ErasureRequest.objects.filter(student=ines).first() or _first(
            ErasureRequest.objects.filter(centre=paris)
        )

    return {
        "password_reset_confirm": lambda: {
            "uidb64": urlsafe_base64_encode(force_bytes(ines.pk)),
            "token": default_token_generator.make_token(ines),
        },
        "enrolment:password": lambda: {
            "uidb64": urlsafe_base64_encode(force_bytes(ines.pk)),
            "token": default_token_generator.make_token(ines),
        },
        "people:token_revoke": lambda: (
            u(_first(PersonalToken.objects.all()))
            if PersonalToken.objects.exists()
            else {"uuid": ines.uuid}
        ),
        "centre": lambda: c,
        "centres:edit": lambda: c,
        "centres:room_create": lambda: c,
        "centres:room_edit": lambda: {**c, **u(_first(Room.objects.filter(centre=paris)))},
        "centres:room_delete": lambda: {**c, **u(_first(Room.objects.filter(centre=paris)))},
        "catalogue:framework": lambda: {"key": _first(Framework.objects.all()).key},
        "catalogue:framework_draft": lambda: {"key": _first(Framework.objects.all()).key},
        "catalogue:framework_publish": lambda: {
            "key": _first(Framework.objects.all()).key,
            "number": 1,
        },
        "catalogue:activity": lambda: u(activity),
        "catalogue:activity_edit": lambda: u(activity),
        "catalogue:lab_template_edit": lambda: u(_first(LabTemplate.objects.all())),
        "catalogue:masterlab_template_edit": lambda: u(_first(MasterlabTemplate.objects.all())),
        "catalogue:offers": lambda: {"centre_slug": paris.slug},
        "catalogue:offer_edit": lambda: {
            "centre_slug": paris.slug,
            "slug": activity.focus_area.slug,
        },
        "catalogue:area": lambda: {"slug": activity.focus_area.slug},
        "catalogue:activity_create": lambda: {"slug": activity.focus_area.slug},
        "consents:withdraw": lambda: u(_first(ConsentRecord.objects.filter(student=ines))),
        "enrolment:review": lambda: c,
        "enrolment:fill_slot": lambda: {**c, **u(slot)},
        "enrolment:slot_changes": lambda: c,
        "enrolment:consent": lambda: {"token": consent_token(enrolment, guardian)},
        "enrolment:consent_withdraw": lambda: {"token": consent_token(enrolment, guardian)},
        "enrolment:form": lambda: c,
        "enrolment:sent": lambda: c,
        **{
            name: (lambda: u(enrolment))
            for name in (
                "enrolment:detail",
                "enrolment:register",
                "enrolment:refuse",
                "enrolment:withdraw",
                "enrolment:resend_consent",
                "enrolment:resend_signin",
                "enrolment:reenrol",
                "enrolment:family_withdraw",
                "enrolment:paper_consent",
                "enrolment:paper_withdrawal",
            )
        },
        **{
            name: (
                lambda: u(
                    SlotChangeRequest.objects.filter(student=ines).first()
                    or _first(SlotChangeRequest.objects.filter(centre=paris))
                )
            )
            for name in (
                "enrolment:slot_change_accept",
                "enrolment:slot_change_refuse",
                "enrolment:slot_change_cancel",
            )
        },
        "learning:area": lambda: {"slug": activity.focus_area.slug},
        **{
            name: (lambda: u(activity))
            for name in (
                "learning:activity",
                "learning:tutorial_done",
                "learning:quiz_submit",
                "learning:project_submit",
            )
        },
        "learning:submission_file": lambda: u(submission),
        "learning:review": lambda: u(submission),
        "learning:student": lambda: {"uuid": ines.uuid},
        "learning:mastery": lambda: c,
        **{
            name: (lambda: c)
            for name in (
                "schedule:overview",
                "schedule:hours",
                "schedule:slot_create",
                "schedule:closed_create",
                "schedule:extra_create",
                "schedule:generate",
                "schedule:week",
                "attendance:kiosk",
                "attendance:kiosk_device",
                "attendance:board",
                "risk:model",
                "coaching:caseloads",
                "attendance:badges",
                "attendance:settings",
                "labs:centre",
                "labs:cycle_create",
                "labs:masterlab_create",
            )
        },
        "schedule:slot": lambda: {**c, **u(slot)},
        "schedule:extra_invitees": lambda: {**c, **u(extra)},
        "schedule:meeting_add": lambda: {**c, **u(slot)},
        "schedule:meeting_remove": lambda: {
            **c,
            **u(slot),
            "meeting": (SlotMeeting.objects.filter(slot=slot).first() or slot).uuid,
        },
        "schedule:closed_delete": lambda: {
            **c,
            **u(ClosedDays.objects.filter(centre=paris).first() or slot),
        },
        "schedule:session_cancel": lambda: {**c, **u(session)},
        "attendance:session": lambda: u(session),
        "attendance:session_leave": lambda: u(session),
        "attendance:student": lambda: {"uuid": ines.uuid},
        "attendance:lab_register": lambda: u(lab),
        "attendance:badge_reissue": lambda: {"uuid": ines.uuid},
        "risk:alert_close": lambda: {"uuid": _first(Alert.objects.filter(centre=paris)).uuid},
        **{
            name: (lambda: {"uuid": ines.uuid})
            for name in (
                "coaching:student",
                "coaching:timeline",
                "coaching:note_add",
                "coaching:action_add",
                "coaching:message_send",
            )
        },
        "coaching:note_edit": lambda: u(_first(Note.objects.filter(student=ines))),
        "coaching:note_pin": lambda: u(_first(Note.objects.filter(student=ines))),
        "coaching:action_close": lambda: u(
            _first(CoachingAction.objects.filter(student=ines, status="open"))
        ),
        "attendance:absence_justify": lambda: u(
            Absence.objects.filter(student=ines).first() or _first(Absence.objects.all())
        ),
        "calendars:feed": lambda: {"token": feed},
        **{
            name: (lambda: c)
            for name in ("credentials:issuer", "credentials:jwks", "credentials:status_list")
        },
        **{
            name: (lambda: u(_first(Credential.objects.filter(holder=ines))))
            for name in ("credentials:page", "credentials:jwt", "credentials:attestation")
        },
        **{name: (lambda: u(_public_work(ines))) for name in ("portfolio:work", "portfolio:file")},
        "showcase:detail": lambda: u(_exhibition(paris)),
        "training_offers:detail": lambda: u(_first(Offer.objects.all())),
        "training_offers:import": lambda: u(_first(OfferImport.objects.filter(centre=paris))),
        "training_offers:student": lambda: u(ines),
        "training_offers:keep": lambda: u(ines),
        "orientation:centre": lambda: c,
        "orientation:templates": lambda: c,
        "orientation:participant": lambda: u(_first(Participant.objects.filter(student=ines))),
        "orientation:pdf": lambda: u(_first(Participant.objects.filter(student=ines))),
        "orientation:student": lambda: u(ines),
        "orientation:meeting": lambda: u(_first(Meeting.objects.filter(programme__centre=paris))),
        "internships:centre": lambda: c,
        "internships:detail": lambda: u(_first(Internship.objects.filter(centre=paris))),
        "internships:certificate": lambda: u(
            _first(Referral.objects.filter(internship__centre=paris, status="accepted"))
        ),
        "internships:refer": lambda: {
            "key": _first(Internship.objects.filter(centre=paris)).referral_key
        },
        "internships:status": lambda: {
            "token": _first(Referral.objects.filter(internship__centre=paris)).tracking_token
        },
        "credentials:attestations": lambda: c,
        "credentials:centre": lambda: c,
        "portfolio:export_download": lambda: u(
            _first(PortfolioExport.objects.filter(student=ines))
        ),
        **{
            name: (lambda: {"slug": _exhibition(paris).slug})
            for name in ("public_showcase:public", "public_showcase:slideshow")
        },
        "public_showcase:file": lambda: {
            "slug": _exhibition(paris).slug,
            "uuid": _first(Submission.objects.filter(work__in=_exhibition(paris).works.all())).uuid,
        },
        "public_portfolio:public": lambda: {
            "slug": _first(PortfolioPage.objects.filter(student=ines)).slug
        },
        "public_portfolio:public_play": lambda: {
            "slug": _first(PortfolioPage.objects.filter(student=ines)).slug,
            **u(_public_game(ines)),
            "path": "index.html",
        },
        # a work's stable address (a credential's evidence): Inès's work shown to her centre
        "portfolio:address": lambda: u(
            _first(Submission.objects.filter(student=ines, work__visibility="centre"))
        ),
        "portfolio:outside": lambda: u(
            _first(PersonalWork.objects.filter(student=ines, status="submitted"))
        ),
        "portfolio:play": lambda: {
            "token": play_token(played_item(_public_game(ines).uuid)),
            "path": "index.html",
        },
        "public_showcase:play": lambda: {
            "slug": _exhibition(paris).slug,
            "uuid": _first(
                Submission.objects.filter(
                    work__in=_exhibition(paris).works.all(), content_type="application/zip"
                )
            ).uuid,
            "path": "index.html",
        },
        "public_portfolio:public_file": lambda: {
            "slug": _first(PortfolioPage.objects.filter(student=ines)).slug,
            **u(_public_work(ines)),
        },
        **{
            name: (lambda: u(cycle))
            for name in (
                "labs:cycle",
                "labs:cycle_edit",
                "labs:cycle_delete",
                "labs:lab_create",
                "labs:wishes",
                "labs:allocation",
            )
        },
        **{name: (lambda: u(lab)) for name in ("labs:lab", "labs:lab_edit", "labs:lab_delete")},
        "labs:seat_withdraw": lambda: u(seat),
        "labs:offer_answer": lambda: u(seat),
        **{
            name: (lambda: u(masterlab))
            for name in (
                "labs:masterlab",
                "labs:masterlab_withdraw",
                "labs:masterlab_edit",
                "labs:masterlab_delete",
                "labs:masterlab_selection",
            )
        },
        "labs:masterlab_give_up": lambda: u(
            Application.objects.filter(student=ines, masterlab__isnull=False).first()
            or _first(Application.objects.filter(masterlab__isnull=False))
        ),
        "notifications:open": lambda: u(
            Notification.objects.filter(recipient__in=[ines, guardian]).first()
            or _first(Notification.objects.all())
        ),
        "privacy:download": lambda: {"uuid": ines.uuid},
        "privacy:ask": lambda: {"uuid": ines.uuid},
        **{
            name: (lambda: u(request_of()))
            for name in (
                "privacy:request",
                "privacy:cancel",
                "privacy:approve",
                "privacy:refuse",
            )
        },
        "_badge": lambda: u(_first(Badge.objects.filter(student=ines))),
    }


def api_operations() -> list[tuple[str, str]]:
    """(method, path template) of every operation of the API's OpenAPI schema."""
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    ]


# The record each {uuid} names, by the path's start (the longest that matches wins).
API_RECORDS: dict[str, str] = {
    "/api/me/tokens/": "token",
    "/api/me/sessions/": "session_row",
    "/api/rooms/": "room",
    "/api/activities/": "activity",
    "/api/lab-templates/": "lab_template",
    "/api/masterlab-templates/": "masterlab_template",
    "/api/enrolments/": "enrolment",
    "/api/me/enrolments/": "enrolment",
    "/api/slot-changes/": "slot_change",
    "/api/students/": "student",
    "/api/me/activities/": "activity",
    "/api/submissions/": "submission",
    "/api/slots/": "slot",
    "/api/meetings/": "meeting",
    "/api/closed-days/": "closed_day",
    "/api/sessions/": "school_session",
    "/api/sessions/{uuid}/invitees": "extra_session",
    "/api/attendance/sessions/": "school_session",
    "/api/attendance/absences/": "absence",
    "/api/attendance/students/": "student",
    "/api/attendance/labs/": "lab",
    "/api/lab-cycles/": "cycle",
    "/api/labs/": "lab",
    "/api/lab-seats/": "seat",
    "/api/masterlabs/": "masterlab",
    "/api/masterlab-applications/": "masterlab_application",
    "/api/me/notifications/": "notification",
    "/api/privacy/students/": "student",
    "/api/privacy/erasure-requests/": "erasure_request",
    "/api/coaching/alerts/": "alert",
    "/api/coaching/students/": "student",
    "/api/coaching/notes/": "note",
    "/api/credentials/": "credential",
    "/api/me/portfolio/works/": "work",
    "/api/me/portfolio/exports/": "export",
    "/api/portfolio/reviews/": "outside_work",
    "/api/showcase/exhibitions/": "exhibition",
    "/api/coaching/actions/": "coaching_action",
    "/api/offers/": "offer",
    "/api/offers/imports/": "offer_import",
    "/api/orientation/participants/": "orientation_participant",
    "/api/orientation/meetings/": "orientation_meeting",
    "/api/internships/": "internship",
    "/api/internships/referrals/": "internship_referral",
}


def api_records() -> dict[str, Any]:
    ines = User.objects.get(username="student")
    guardian = User.objects.get(username="guardian")
    paris = ines.student_profile.centre
    lab = _first(Lab.objects.filter(seats_given__student=ines))
    slot = _first(Slot.objects.filter(centre=paris))
    return {
        "slug": paris.slug,
        "area": _first(Activity.objects.filter(centre__isnull=True)).focus_area.slug,
        "key": _first(Framework.objects.all()).key,
        "number": 1,
        "purpose": "student",
        "student_uuid": ines.uuid,
        "offer": _first(Offer.objects.all()),
        "offer_import": _first(OfferImport.objects.filter(centre=paris)),
        "orientation_participant": _first(Participant.objects.filter(student=ines)),
        "plan_step": _first(PlanStep.objects.filter(plan__participant__student=ines)),
        "orientation_meeting": _first(Meeting.objects.filter(programme__centre=paris)),
        "internship": _first(Internship.objects.filter(centre=paris)),
        "internship_referral": _first(
            Referral.objects.filter(internship__centre=paris, status="accepted")
        ),
        "token": _first(PersonalToken.objects.all()),
        "session_row": _first(SignInSession.objects.filter(user=ines)),
        "room": _first(Room.objects.filter(centre=paris)),
        "activity": _first(Activity.objects.filter(is_published=True, centre__isnull=True)),
        "lab_template": _first(LabTemplate.objects.all()),
        "masterlab_template": _first(MasterlabTemplate.objects.all()),
        "enrolment": _first(Enrolment.objects.filter(student=ines)),
        "slot_change": _first(SlotChangeRequest.objects.filter(centre=paris)),
        "student": ines,
        "submission": _submission(paris, ines),
        "slot": slot,
        "meeting": _first(SlotMeeting.objects.filter(slot=slot)),
        "closed_day": _first(ClosedDays.objects.filter(centre=paris)),
        "school_session": _first(Session.objects.filter(centre=paris)),
        "extra_session": _first(
            Session.objects.filter(centre=paris, kind="extra", ends_at__gt=timezone.now())
        ),
        "absence": _first(Absence.objects.filter(student=ines)),
        "lab": lab,
        "cycle": lab.cycle if hasattr(lab, "cycle") else _Missing(),
        "seat": _first(Seat.objects.filter(student=ines)),
        "masterlab": _first(Masterlab.objects.filter(centre=paris)),
        "masterlab_application": _first(
            Application.objects.filter(student=ines, masterlab__isnull=False)
        ),
        "notification": _first(Notification.objects.filter(recipient__in=[ines, guardian])),
        "erasure_request": _first(ErasureRequest.objects.filter(centre=paris)),
        "alert": _first(Alert.objects.filter(centre=paris)),
        "note": _first(Note.objects.filter(student=ines)),
        "coaching_action": _first(CoachingAction.objects.filter(student=ines, status="open")),
        "credential": _first(Credential.objects.filter(holder=ines)),
        "work": _public_work(ines),
        "address": _first(PortfolioPage.objects.filter(student=ines)).slug,
        "exhibition": _exhibition(paris),
        "export": _first(PortfolioExport.objects.filter(student=ines)),
        "outside_work": _first(PersonalWork.objects.filter(student=ines, status="submitted")),
        "exhibition_address": _exhibition(paris).slug,
    }


def _exhibition(paris: Any) -> Any:
    """The demo's published exhibition of Paris."""
    return _first(Exhibition.objects.filter(centre=paris, published=True))


def _public_game(ines: User) -> Any:
    """Inès's game (a web build) shown on her public page."""
    return _first(
        Submission.objects.filter(
            student=ines, work__visibility="public", content_type="application/zip"
        )
    )


def _public_work(ines: User) -> Any:
    """Inès's first work shown on her public page (the approved project it is)."""
    return _first(Submission.objects.filter(student=ines, work__visibility="public").order_by("pk"))


def api_path(template: str, records: dict[str, Any]) -> str:
    """The operation's path with Inès's family's records in its parameters."""
    prefix = max((p for p in API_RECORDS if template.startswith(p)), key=len, default="")
    path = template.replace("/focus-areas/{slug}", "/focus-areas/{area}").replace(
        "/exhibitions/{address}", "/exhibitions/{exhibition_address}"
    )
    if "{uuid}" in path:
        path = path.replace("{uuid}", str(records[API_RECORDS[prefix]].uuid))
    for name in ("slug", "area", "key", "number", "purpose", "address", "exhibition_address"):
        path = path.replace("{" + name + "}", str(records[name]))
    path = path.replace("{offer}", str(records["offer"].uuid)).replace("{fmt}", "csv")
    path = path.replace("{step}", str(records["plan_step"].uuid))
    path = path.replace("{referral_key}", str(records["internship"].referral_key))
    path = path.replace("{token}", str(records["internship_referral"].tracking_token))
    return path.replace("{student}", str(records["student_uuid"]))
