"""Every enrolment read that serves a user, already filtered by what the user may see, and the
public reads of the pre-registration form (open centres, slots and seats: no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from parcours.centres.models import Centre
from parcours.consents.choices import ConsentKind
from parcours.consents.models import ConsentRecord
from parcours.core.errors import NotFound
from parcours.core.lists import name_matches
from parcours.enrolment import years
from parcours.enrolment.choices import EnrolmentStatus, SlotChangeStatus
from parcours.enrolment.models import Enrolment, SlotChangeRequest
from parcours.enrolment.permissions import can_review, enrolment_policy, slot_change_policy
from parcours.people.access import access_for
from parcours.people.choices import Role
from parcours.people.models import User
from parcours.people.types import Actor
from parcours.schedule.models import Slot
from parcours.schedule.selectors import describe, open_slots

# --- Public ----------------------------------------------------------------------------------


def open_centres() -> QuerySet[Centre]:
    return Centre.objects.filter(is_active=True).order_by("name")


def open_centre(slug: str) -> Centre:
    centre = open_centres().filter(slug=slug).first()
    if centre is None:
        raise NotFound()
    return centre


@dataclass(frozen=True)
class SlotSeats:
    slot: Slot
    meetings: str
    seats: int
    taken: int
    waiting: int

    @property
    def free(self) -> int:
        """Seats not held by a registered student (staff give them to the waiting list)."""
        return max(self.seats - self.taken, 0)

    @property
    def left(self) -> int:
        """Seats a newcomer can still get: none while anybody waits."""
        return max(self.seats - self.taken - self.waiting, 0)


def slot_seats(centre: Centre, year: int, *, only_open: bool = False) -> list[SlotSeats]:
    slots = open_slots(centre) if only_open else Slot.objects.filter(centre=centre)
    slots = slots.prefetch_related("meetings").annotate(
        taken=Count(
            "enrolments",
            filter=Q(enrolments__school_year=year, enrolments__status=EnrolmentStatus.REGISTERED),
        ),
        waiting=Count(
            "enrolments",
            filter=Q(enrolments__school_year=year, enrolments__status=EnrolmentStatus.WAITING_LIST),
        ),
    )
    return [
        SlotSeats(
            slot=s,
            meetings=describe(s),
            seats=s.seats,
            taken=s.taken,
            waiting=s.waiting,
        )
        for s in slots.order_by("label")
    ]


# --- Staff and families ----------------------------------------------------------------------


def _active_consent(kind: str) -> Exists:
    return Exists(
        ConsentRecord.objects.filter(
            student_id=OuterRef("student_id"), kind=kind, withdrawn_at__isnull=True
        )
    )


def with_facts(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Each row with what the review needs: possible duplicates (same normalised name and
    birth date in the centre and year), waiting-list position, consents in force."""
    same_person = (
        Enrolment.objects.filter(
            centre_id=OuterRef("centre_id"),
            school_year=OuterRef("school_year"),
            person_key=OuterRef("person_key"),
        )
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("person_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ahead = (
        Enrolment.objects.filter(
            slot_id=OuterRef("slot_id"),
            school_year=OuterRef("school_year"),
            status=EnrolmentStatus.WAITING_LIST,
        )
        .filter(
            Q(waiting_since__lt=OuterRef("waiting_since"))
            | Q(waiting_since=OuterRef("waiting_since"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("slot_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.select_related(
        "student", "student__student_profile", "guardian", "slot", "preferred_slot", "centre"
    ).annotate(
        duplicate_count=Coalesce(Subquery(same_person, output_field=IntegerField()), Value(0)),
        waiting_position=Case(
            When(
                status=EnrolmentStatus.WAITING_LIST,
                then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1,
            ),
            default=None,
            output_field=IntegerField(),
        ),
        consent_enrolment=_active_consent(ConsentKind.ENROLMENT),
        consent_image_use=_active_consent(ConsentKind.IMAGE_USE),
        consent_public_display=_active_consent(ConsentKind.PUBLIC_DISPLAY),
    )


REVIEW_ORDER: dict[str, tuple[str, ...]] = {
    EnrolmentStatus.WAITING_LIST: ("slot__label", "waiting_since", "pk"),
}


def review_list(
    *,
    user: Actor,
    centre: Centre,
    year: int,
    status: str | None = None,
    q: str = "",
    slot: Slot | None = None,
    consent: str | None = None,
    duplicates: bool = False,
) -> QuerySet[Enrolment]:
    """A centre's requests for one school year, as the user may see them, filtered."""
    qs = enrolment_policy.visible(user).filter(centre=centre, school_year=year)
    if status:
        qs = qs.filter(status=status)
    if slot is not None:
        qs = qs.filter(Q(slot=slot) | Q(slot__isnull=True, preferred_slot=slot))
    for term in q.split()[:5]:
        qs = qs.filter(
            Q(student__first_name__icontains=term)
            | Q(student__last_name__icontains=term)
            | Q(student__username__icontains=term)
            | Q(guardian__email__icontains=term)
            | Q(student__student_profile__school__icontains=term)
        )
    qs = with_facts(qs)
    if consent == "given":
        qs = qs.filter(Q(consent_enrolment=True))
    elif consent == "missing":
        qs = qs.filter(Q(consent_enrolment=False))
    if duplicates:
        qs = qs.filter(Q(duplicate_count__gt=0))
    return qs.order_by(*REVIEW_ORDER.get(status or "", ("submitted_at", "pk")))


def status_counts(*, user: Actor, centre: Centre, year: int) -> dict[str, int]:
    rows = (
        enrolment_policy.visible(user)
        .filter(centre=centre, school_year=year)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = {value: 0 for value in EnrolmentStatus.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def review_years(centre: Centre) -> list[int]:
    """The school years that have requests, with the current and the next one."""
    current = years.current_school_year(centre)
    # order_by(): the model's ordering would otherwise join the DISTINCT and return every row
    found = set(
        Enrolment.objects.filter(centre=centre)
        .order_by()
        .values_list("school_year", flat=True)
        .distinct()
    )
    return sorted(found | {current, current + 1}, reverse=True)


def enrolment_get(*, user: Actor, uuid: UUID | str) -> Enrolment:
    """A request as the user may see it, with the facts its page and the API show."""
    found = enrolment_policy.get_visible(user, uuid=uuid)
    return with_facts(Enrolment.objects.filter(pk=found.pk)).get()


def enrolment_find(*, user: Actor, uuid: UUID | str, editable: bool = False) -> Enrolment:
    """The request a write acts on: one the user may see (else 404) and, with ``editable``,
    one they decide (else 403)."""
    if editable:
        return enrolment_policy.get_editable(user, uuid=uuid)
    return enrolment_policy.get_visible(user, uuid=uuid)


def possible_duplicates(*, user: Actor, enrolment: Enrolment) -> QuerySet[Enrolment]:
    return (
        enrolment_policy.visible(user)
        .filter(
            centre_id=enrolment.centre_id,
            school_year=enrolment.school_year,
            person_key=enrolment.person_key,
        )
        .exclude(pk=enrolment.pk)
        .select_related("student", "guardian")
        .order_by("submitted_at")
    )


def history_of(*, user: Actor, student_id: int) -> QuerySet[Enrolment]:
    """A student's enrolments, year after year, as far as the user may see them."""
    return (
        enrolment_policy.visible(user)
        .filter(student_id=student_id)
        .select_related("centre", "slot", "preferred_slot")
        .order_by("-school_year")
    )


def my_enrolments(*, user: Actor) -> QuerySet[Enrolment]:
    """The user's own and their wards' enrolments (not a centre's, even for staff)."""
    return with_facts(enrolment_policy.personal(user)).order_by(
        "student__first_name", "-school_year"
    )


@dataclass(frozen=True)
class WardYears:
    history: list[Enrolment]
    can_reenrol: Enrolment | None  # this year's registration, if next year is still open
    next_year: int

    @property
    def next_label(self) -> str:
        return years.year_label(self.next_year) if self.next_year else ""


def ward_years(*, user: Actor, student_id: int) -> WardYears:
    """For a family's home: the years so far and whether next year can be asked for."""
    history = list(history_of(user=user, student_id=student_id))
    reenrol_from = None
    next_year = 0
    if history:
        latest = history[0]
        current = years.current_school_year(latest.centre)
        next_year = current + 1
        profile = getattr(latest.student, "student_profile", None)
        young_enough = profile is not None and (
            years.age_at_start(profile.birth_date, next_year) <= years.MAX_AGE
        )
        if (
            latest.school_year == current
            and latest.status == EnrolmentStatus.REGISTERED
            and young_enough
            and enrolment_policy.can_reenrol(user, latest)
        ):
            reenrol_from = latest
    return WardYears(history=history, can_reenrol=reenrol_from, next_year=next_year)


@dataclass(frozen=True)
class ReviewLink:
    centre: Centre
    pending: int
    waiting: int


def review_links(*, user: Actor) -> list[ReviewLink]:
    """The centres whose enrolment review the user runs, with what awaits a decision."""
    access = access_for(user)
    centres = (
        Centre.objects.all()
        if access.network_admin
        else Centre.objects.filter(pk__in=access.centres(Role.MANAGER))
    )
    links = []
    for centre in centres.order_by("name"):
        if not can_review(user, centre):
            continue
        counts = status_counts(user=user, centre=centre, year=years.current_school_year(centre))
        links.append(
            ReviewLink(
                centre=centre,
                pending=counts[EnrolmentStatus.PRE_REGISTERED],
                waiting=counts[EnrolmentStatus.WAITING_LIST],
            )
        )
    return links


# --- Behind the emailed consent link (the signed link is the permission) --------------------


def enrolment_for_consent(*, uuid: str, person_id: int) -> tuple[Enrolment, User]:
    """The request behind an emailed consent link, and the person it was sent to: its
    guardian, or the student themselves (an adult gives their own consent)."""
    found = (
        Enrolment.objects.select_related(
            "student", "student__student_profile", "guardian", "centre"
        )
        .filter(Q(guardian_id=person_id) | Q(student_id=person_id), uuid=uuid)
        .first()
        if person_id
        else None
    )
    if found is None:
        raise NotFound(_("This consent link is not valid. Check that it was copied whole."))
    person = found.student if found.student_id == person_id else found.guardian
    assert person is not None
    return found, person


def consents_in_force(*, student_id: int) -> list[ConsentRecord]:
    return list(
        ConsentRecord.objects.filter(student_id=student_id, withdrawn_at__isnull=True)
        .select_related("text", "given_by")
        .order_by("kind")
    )


def current_registration(
    *, user: Actor, meetings: bool = True, slot: bool = True
) -> Enrolment | None:
    """The student's own registration for the current school year, with its slot (and the
    slot's meetings) unless the caller gives them (``schedule.selectors.with_slots``)."""
    profile = getattr(user, "student_profile", None)
    if profile is None:
        return None
    year = years.current_school_year(profile.centre)
    rows = Enrolment.objects.filter(student_id=user.pk, school_year=year)
    if slot:
        rows = rows.select_related("slot")
        if meetings:
            rows = rows.prefetch_related("slot__meetings")
    return rows.first()


# --- Slot changes ----------------------------------------------------------------------------


def slot_change_list(
    *, user: Actor, centre: Centre, status: str | None = SlotChangeStatus.OPEN, q: str = ""
) -> QuerySet[SlotChangeRequest]:
    """A centre's slot change requests as the user may see them, oldest first; ``q`` keeps
    the students whose first or last name holds each of its words."""
    rows = slot_change_policy.visible(user).filter(centre=centre)
    if status:
        rows = rows.filter(status=status)
    rows = name_matches(rows, q)
    return rows.select_related(
        "enrolment", "student", "from_slot", "to_slot", "requested_by"
    ).order_by("created_at", "pk")


def slot_change_get(*, user: Actor, uuid: UUID | str, editable: bool = False) -> SlotChangeRequest:
    """A change request the user may see (else 404) and, with ``editable``, one they decide
    (else 403)."""
    if editable:
        return slot_change_policy.get_editable(user, uuid=uuid)
    return slot_change_policy.get_visible(user, uuid=uuid)


def slot_changes_decided(
    *, user: Actor, centre: Centre, limit: int = 20
) -> list[SlotChangeRequest]:
    """The centre's latest answered (or cancelled) requests, newest first."""
    rows = slot_change_list(user=user, centre=centre, status=None)
    return list(rows.exclude(status=SlotChangeStatus.OPEN).order_by("-decided_at", "-pk")[:limit])


def my_slot_changes(*, user: Actor) -> QuerySet[SlotChangeRequest]:
    """The user's own requests and their wards', newest first (not a centre's)."""
    return (
        slot_change_policy.personal(user)
        .select_related("enrolment", "student", "from_slot", "to_slot")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class FamilySlot:
    """A registered student of the family, their slot, their requests, the slots to ask."""

    enrolment: Enrolment
    open_change: SlotChangeRequest | None
    past: list[SlotChangeRequest]
    choices: list[SlotSeats]


def family_slots(*, user: Actor) -> list[FamilySlot]:
    """For the family's page: each of the user's own or wards' registrations this year."""
    result = []
    rows = (
        enrolment_policy.personal(user)
        .filter(status=EnrolmentStatus.REGISTERED)
        .select_related("student", "centre", "slot")
        .order_by("student__first_name", "pk")
    )
    for e in rows:
        if e.school_year != years.current_school_year(e.centre):
            continue
        changes = list(
            slot_change_policy.visible(user)
            .filter(enrolment=e)
            .select_related("to_slot", "from_slot")
            .order_by("-created_at")
        )
        open_change = next((c for c in changes if c.status == SlotChangeStatus.OPEN), None)
        choices = [
            s for s in slot_seats(e.centre, e.school_year, only_open=True) if s.slot.pk != e.slot_id
        ]
        result.append(
            FamilySlot(
                enrolment=e,
                open_change=open_change,
                past=[c for c in changes if c is not open_change],
                choices=choices,
            )
        )
    return result


def registered_ids(centre_id: int, year: int) -> QuerySet[Enrolment, Any]:
    """The ids of the students registered at a centre for a school year, as a subquery
    (``values("student_id")``)."""
    return Enrolment.objects.filter(
        centre_id=centre_id, school_year=year, status=EnrolmentStatus.REGISTERED
    ).values("student_id")


def unplaced_registrations(
    *, user: Actor, centre: Centre, year: int, limit: int = 500
) -> list[Enrolment]:
    """Registered students of the year who hold no weekly slot, oldest registration first
    (for bulk assignment: at most ``limit``)."""
    return list(
        enrolment_policy.editable(user)
        .filter(centre=centre, school_year=year, status=EnrolmentStatus.REGISTERED)
        .filter(slot__isnull=True)
        .select_related("student")
        .order_by("decided_at", "submitted_at", "pk")[:limit]
    )


def pending_by_centre(centre_ids: list[int], year: int) -> dict[int, int]:
    """Requests waiting for a decision (pre-registered) in each centre for a school year: one
    grouped query (the network's side by side)."""
    out = dict.fromkeys(centre_ids, 0)
    for row in (
        Enrolment.objects.filter(
            centre_id__in=centre_ids,
            school_year=year,
            status=EnrolmentStatus.PRE_REGISTERED,
        )
        .values("centre_id")
        .annotate(n=Count("id"))
    ):
        out[row["centre_id"]] = row["n"]
    return out
