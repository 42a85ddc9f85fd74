"""Reading prevention internships: a centre's internships (staff running them), one with its
referrals and days, a referral by its partner's tracking link (its status only), and the
figures for the reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from parcours.core.errors import NotFound
from parcours.internships.choices import ReferralStatus
from parcours.internships.models import Day, Internship, Referral
from parcours.internships.services import runs

if TYPE_CHECKING:
    from parcours.centres.models import Centre
    from parcours.people.types import Actor


def internships_of(centre: Centre) -> QuerySet[Internship]:
    return (
        Internship.objects.filter(centre=centre)
        .annotate(
            accepted=Count("referrals", filter=Q(referrals__status=ReferralStatus.ACCEPTED)),
            waiting=Count("referrals", filter=Q(referrals__status=ReferralStatus.PENDING)),
        )
        .order_by("-starts_on")
    )


def internship_get(*, user: Actor, uuid: UUID | str) -> Internship:
    found = Internship.objects.filter(uuid=uuid).select_related("centre", "lead").first()
    if found is None or not runs(user, found.centre_id):
        raise NotFound()
    return found


def public_internship(key: str) -> Internship:
    found = Internship.objects.filter(referral_key=key).select_related("centre").first()
    if found is None:
        raise NotFound()
    return found


def referral_by_token(token: str) -> Referral:
    found = (
        Referral.objects.filter(tracking_token=token).select_related("internship__centre").first()
        if token
        else None
    )
    if found is None:
        raise NotFound()
    return found


def referral_get(*, user: Actor, uuid: UUID | str) -> Referral:
    found = Referral.objects.filter(uuid=uuid).select_related("internship__centre").first()
    if found is None or not runs(user, found.internship.centre_id):
        raise NotFound()
    return found


def referrals(internship: Internship) -> list[Referral]:
    return list(
        Referral.objects.filter(internship=internship)
        .select_related("student")
        .annotate(days_came=Count("days_present"))
        .order_by("status", "last_name", "first_name", "pk")
    )


@dataclass
class DayView:
    number: int
    date: Any
    record: Day | None
    present_ids: set[int]


def days(internship: Internship) -> list[DayView]:
    records = {d.number: d for d in Day.objects.filter(internship=internship)}
    through = Day.present.through.objects.filter(day__internship=internship).values_list(
        "day__number", "referral_id"
    )
    present: dict[int, set[int]] = {}
    for number, rid in through:
        present.setdefault(number, set()).add(rid)
    return [
        DayView(n, internship.day_date(n), records.get(n), present.get(n, set()))
        for n in range(1, internship.days + 1)
    ]


@dataclass
class Figures:
    referred: int
    accepted: int
    refused: int
    came: int  # accepted and present at least one day
    followed_up: dict[str, int]

    @property
    def followed_up_total(self) -> int:
        return sum(self.followed_up.values())


def figures(centre: Centre) -> Figures:
    rows = Referral.objects.filter(internship__centre=centre)
    counts = dict(rows.values_list("status").annotate(n=Count("pk")))
    came = rows.filter(days_present__isnull=False).distinct().count()
    follow = dict(rows.exclude(follow_up="").values_list("follow_up").annotate(n=Count("pk")))
    return Figures(
        referred=sum(counts.values()),
        accepted=counts.get(ReferralStatus.ACCEPTED, 0),
        refused=counts.get(ReferralStatus.REFUSED, 0),
        came=came,
        followed_up=follow,
    )


def days_came(r: Referral) -> int:
    return int(r.days_present.count())
