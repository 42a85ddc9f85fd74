"""Reads of the home pages: what each role sees first, composed from the apps' own selectors
(the web app is the top layer: it reads every app through its selectors, already filtered by
what the user may see). The views only pick the role and render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from parcours.attendance import selectors as attendance
from parcours.attendance.selectors import DaySession, Presence, Rate
from parcours.catalogue import cache as catalogue_cache
from parcours.catalogue import selectors as catalogue
from parcours.centres import selectors as centres
from parcours.centres.models import Centre
from parcours.coaching import selectors as coaching
from parcours.consents import selectors as consents
from parcours.core import stamps
from parcours.enrolment import selectors as enrolment
from parcours.enrolment import years
from parcours.enrolment.models import EnrolmentStatus
from parcours.labs import selectors as labs
from parcours.labs.models import SeatStatus
from parcours.learning import selectors as learning
from parcours.learning.selectors import LearningFacts
from parcours.people import selectors as people
from parcours.people.models import Role, User
from parcours.people.selectors import Access
from parcours.people.types import Actor
from parcours.portfolio import selectors as portfolio
from parcours.risk import selectors as risk
from parcours.schedule import selectors as schedule


def centres_where(user: Actor, access: Access, role: str) -> QuerySet[Centre]:
    """The centres the user sees where they hold ``role``, by name."""
    return centres.centre_list(user=user).filter(pk__in=access.centres(role))


def student_home(
    user: Actor, access: Access, params: Mapping[str, str], here: Centre | None = None
) -> dict[str, Any]:
    profile = getattr(user, "student_profile", None)
    if profile is None:
        return {"centre": None}
    # the catalogue's and the centre's version stamps in one read: the paths, the closed
    # days and the lab cycles below come from the process's memory under them
    stamps.read(catalogue_cache.STAMP, stamps.centre(profile.centre_id))
    registration = enrolment.current_registration(user=user, slot=False)
    # labs of cycles not over yet (a past lab is in the student's history, not their week),
    # and seats offered from a waiting list still waiting for the student's answer
    today, now = timezone.localdate(), timezone.now()
    seat_labs = labs.seat_labs(user)
    held = [
        s.lab for s in seat_labs if s.status == SeatStatus.HELD and s.lab.cycle.ends_on >= today
    ]
    offers = [
        s
        for s in seat_labs
        if s.status == SeatStatus.OFFERED and s.offered_until and s.offered_until > now
    ]
    # the slots of the registration and of the labs, with their meetings: the centre's
    schedule.with_slots([registration, *(s.lab for s in seat_labs)], profile.centre_id)
    return {
        "centre": profile.centre,
        "profile": profile,
        "dashboard": learning.dashboard(user),
        "enrolment": registration,
        "now": timezone.now(),
        # cycles not over yet: a finished one shows nothing to do (its outcome is on its page)
        "lab_cycles": labs.current_cycles(profile.centre, today),
        "held_labs": held,
        "lab_offers": offers,
        "earned": labs.earned(user),
    }


def guardian_home(
    user: Actor, access: Access, params: Mapping[str, str], here: Centre | None = None
) -> dict[str, Any]:
    """Each child: attendance this school year, progress per area, the reviewers' feedback on
    their projects, what to do (offers to answer, consents), their consents. Reads per child
    (a family has a few), none per session, activity or project."""
    today = timezone.localdate()
    links = list(people.wards_of(user))
    ids = [link.student_id for link in links]
    since = {
        link.student_id: dt.datetime.combine(
            years.year_start(years.current_school_year(link.centre)),
            dt.time.min,
            tzinfo=link.centre.zone,
        )
        for link in links
    }
    presence = attendance.presence_by_student(ids, min(since.values())) if ids else {}
    feedback = learning.recent_feedback(user=user, student_ids=ids) if ids else []
    ward_labs = {w.student.pk: w for w in labs.family_labs(user=user, today=today)}
    wards = []
    for link in links:
        student = link.student
        lab_info = ward_labs.get(student.pk)
        wards.append(
            {
                "link": link,
                "student": student,
                "age": student.student_profile.age_on(today),
                "presence": presence.get(student.pk),
                "dashboard": learning.dashboard(student),
                "feedback": [s for s in feedback if s.student_id == student.pk][:3],
                "offers": [w.seat for w in lab_info.seats if w.seat.status == "offered"]
                if lab_info
                else [],
                "labs": lab_info,
                "lab_count": len(lab_info.seats) if lab_info else 0,
                "consents": consents.consents_of(user=user, student_id=student.pk),
            }
        )
    return {"wards": wards, "today": today}


# --- The coach's console ---------------------------------------------------------------------

# A student who has not worked on an activity for this many days is "stalled".
STALLED_DAYS = 21
# The caseload's presence column counts the sessions of this many last days.
PRESENCE_DAYS = 30
CASELOAD_PAGE = 25
CASELOAD_TAB_LABELS = {
    "all": _("All"),
    "follow": _("To follow"),
    "absences": _("Absences in a row"),
    "stalled": _("Stalled"),
    "returned": _("Projects to fix"),
    "alert": _("Flagged"),
    "today": _("Today"),  # expected at today's sessions, or flagged
}
CASELOAD_SHOWS = tuple(CASELOAD_TAB_LABELS)


@dataclass
class CaseloadRow:
    """One followed student on the coach's console."""

    student: User
    age: int
    presence: Presence
    facts: LearningFacts
    streak: int  # consecutive absences of an open follow-up (0: none)
    stalled_days: int | None  # days without activity when stalled, else None
    today: str | None  # state at today's session where expected ('in', 'late', …)
    pace: float | None = None  # activities of the last 8 weeks / the centre's median
    alert: bool = False  # an open early-warning alert
    next_action: Any = None  # the next step agreed (coaching.Action), soonest due

    @property
    def pace_percent(self) -> int | None:
        return None if self.pace is None else round(100 * self.pace)

    @property
    def reasons(self) -> list[str]:
        """Why the coach should look at this student: 'alert', 'absences', 'stalled',
        'returned'."""
        out = []
        if self.alert:
            out.append("alert")
        if self.streak:
            out.append("absences")
        if self.stalled_days is not None:
            out.append("stalled")
        if self.facts.returned:
            out.append("returned")
        return out


def _none_last(value: Any, descending: bool) -> tuple[bool, Any]:
    return (value is None) != descending, value


CASELOAD_SORTS: dict[str, Callable[[CaseloadRow], Any]] = {
    "name": lambda r: (r.student.first_name.lower(), r.student.last_name.lower()),
    "presence": lambda r: r.presence.percent,
    "last_visit": lambda r: r.presence.last_visit,
    "last_activity": lambda r: r.facts.last_activity,
    "done": lambda r: r.facts.done,
    "projects": lambda r: r.facts.returned * 1000 + r.facts.waiting,
    "alerts": lambda r: len(r.reasons) * 1000 + r.streak,
    "pace": lambda r: r.pace,
    "next_step": lambda r: r.next_action.due_on if r.next_action else None,
}


CASELOAD_SORT_LABELS = [
    ("name", _("Name (A to Z)"), False),
    ("alerts", _("Most to follow first"), True),
    ("presence", _("Lowest presence first"), False),
    ("last_visit", _("Longest since last visit first"), False),
    ("last_activity", _("Longest since last activity first"), False),
    ("done", _("Most activities done first"), True),
    ("projects", _("Most projects to fix first"), True),
    ("pace", _("Slowest pace first"), False),
    ("next_step", _("Next step due soonest first"), False),
]


def _caseload_rows(
    user: Actor,
    students: list[User],
    now: dt.datetime,
    today: list[DaySession],
    *,
    centre: Centre | None = None,
    flagged: frozenset[int] = frozenset(),
) -> list[CaseloadRow]:
    ids = [s.pk for s in students]
    pace = learning.centre_pace(centre.pk, now) if centre else None
    next_steps = coaching.next_actions(ids)
    local = timezone.localtime(now)
    presence = attendance.presence_by_student(ids, now - dt.timedelta(days=PRESENCE_DAYS))
    facts = learning.learning_facts(ids)
    streaks = {
        f.student_id: f.absences for f in attendance.followups(user=user).filter(student_id__in=ids)
    }
    states = {r.student.pk: r.state for d in today for r in d.rows}
    stalled_before = now - dt.timedelta(days=STALLED_DAYS)
    rows = []
    for s in students:
        f = facts[s.pk]
        last = f.last_activity or s.student_profile.created_at
        rows.append(
            CaseloadRow(
                student=s,
                age=s.student_profile.age_on(local.date()),
                presence=presence[s.pk],
                facts=f,
                streak=streaks.get(s.pk, 0),
                stalled_days=(now - last).days if last < stalled_before else None,
                today=states.get(s.pk),
                pace=pace.ratio(s.pk) if pace else None,
                alert=s.pk in flagged,
                next_action=next_steps.get(s.pk),
            )
        )
    return rows


def _shown(rows: list[CaseloadRow], show: str, query: str) -> list[CaseloadRow]:
    if show == "follow":
        rows = [r for r in rows if r.reasons]
    elif show in ("absences", "stalled", "returned", "alert"):
        rows = [r for r in rows if show in r.reasons]
    elif show == "today":
        rows = [r for r in rows if r.today is not None or r.alert]
    words = query.lower().split()
    if words:
        rows = [
            r
            for r in rows
            if all(w in f"{r.student.first_name} {r.student.last_name}".lower() for w in words)
        ]
    return rows


def caseload_page(rows: list[CaseloadRow], params: Mapping[str, str]) -> dict[str, Any]:
    """The caseload table as asked by the query string: ``show`` (a filter), ``q`` (a name),
    ``sort`` (a column, ``-`` first for descending) and ``page``."""
    show = params.get("show", "all")
    show = show if show in CASELOAD_SHOWS else "all"
    query = params.get("q", "").strip()[:100]
    sort = params.get("sort", "name")
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in CASELOAD_SORTS:
        key, descending = "name", False
    listed = _shown(rows, show, query)
    by = CASELOAD_SORTS[key]
    listed.sort(key=lambda r: _none_last(by(r), descending), reverse=descending)
    page: Page[CaseloadRow] = Paginator(listed, CASELOAD_PAGE).get_page(params.get("page"))
    return {
        "page": page,
        "show": show,
        "q": query,
        "sort": key,
        "descending": descending,
        "sorts": [
            {
                "value": ("-" if desc else "") + name,
                "label": label,
                "selected": (name, desc) == (key, descending),
            }
            for name, label, desc in CASELOAD_SORT_LABELS
        ],
        "listed": len(listed),
        "tabs": [
            {
                "label": label,
                "url": "?" + urlencode({"show": name, "sort": sort} if name != "all" else {}),
                "current": name == show,
                "count": len(_shown(rows, name, "")),
            }
            for name, label in CASELOAD_TAB_LABELS.items()
        ],
    }


def reviews_waiting(user: Actor, now: dt.datetime, shown: int = 5) -> dict[str, Any]:
    """The first reviews waiting for the user with their age in days (oldest first), how many
    wait, and the oldest's age: the block of a coach's and an expert's home. Two queries."""
    queue = learning.review_queue(user)
    first = list(queue[:shown])
    return {
        "reviews": [(s, (now - s.created_at).days) for s in first],
        "to_review": queue.count(),
        "oldest_review_days": (now - first[0].created_at).days if first else None,
    }


def coach_home(
    user: Actor, access: Access, params: Mapping[str, str], here: Centre | None = None
) -> dict[str, Any]:
    """What needs the coach today: their students expected at today's sessions (present,
    late, absent), who to follow (an absence streak, stalled, a project returned and not
    sent again), the reviews waiting with their age, then the caseload to sort and filter.
    The number of queries does not grow with the caseload (pinned by a test)."""
    now = timezone.now()
    centre = centres_where(user, access, Role.COACH).first()
    students = list(people.caseload_of(user))
    ids = {s.pk for s in students}
    today = attendance.day_sessions_of(centre, ids, now) if centre else []
    alerts = risk.caseload_alerts(user)
    flagged = frozenset(a.student_id for a, _reasons in alerts)
    rows = _caseload_rows(user, students, now, today, centre=centre, flagged=flagged)
    to_follow = sorted(
        (r for r in rows if r.reasons),
        key=lambda r: (-len(r.reasons), -r.streak, -(r.stalled_days or 0), r.student.first_name),
    )
    return {
        "centre": centre,
        "now": now,
        "today": today,
        "today_expected": sum(d.expected for d in today),
        "today_arrived": sum(d.present + d.late for d in today),
        "followed": len(rows),
        "to_follow": to_follow[:8],
        "to_follow_count": len(to_follow),
        **reviews_waiting(user, now),
        "caseload": caseload_page(rows, params),
        "stalled_days": STALLED_DAYS,
        "alerts": alerts,
        "actions": coaching.my_due_actions(user, timezone.localdate()),
        "local_today": timezone.localdate(),
        # works the coach's students made outside an activity, waiting for review
        "outside_to_review": portfolio.review_queue(user).count(),
    }


def expert_home(
    user: Actor, access: Access, params: Mapping[str, str], here: Centre | None = None
) -> dict[str, Any]:
    """What needs the expert: the labs they lead in cycles under way (next meeting, roster,
    students with no competency validated yet, the register), the reviews waiting with their
    age, and the lab templates of the centre's areas they may lead."""
    now = timezone.now()
    centre = centres_where(user, access, Role.EXPERT).first()
    areas = list(catalogue.offered_areas(centre)) if centre else []
    templates = (
        catalogue.lab_templates(user=user)
        .filter(focus_area__in=areas)
        .select_related("focus_area")
        .order_by("focus_area__order", "level")
    )
    return {
        "centre": centre,
        "now": now,
        "areas": areas,
        "lab_templates": templates,
        "led": labs.led_labs_overview(expert=user, today=timezone.localdate()),
        **reviews_waiting(user, now),
    }


def centre_cards(listed: Iterable[Centre]) -> list[dict[str, Any]]:
    """Each centre's figures on a manager's or the network's home: students (girls, priority
    neighbourhoods, social field), staff, workstations, focus areas offered. Four grouped
    queries after the centres, whatever their number."""
    rows = list(listed)
    ids = [c.pk for c in rows]
    figures = people.centres_student_figures(ids, timezone.localdate())
    staff = people.staff_counts(ids)
    seats = centres.centres_workstations(ids)
    areas = catalogue.offered_area_counts(ids)
    cards = []
    for centre in rows:
        f = figures[centre.pk]
        total = f["total"] or 1
        cards.append(
            {
                "centre": centre,
                "students": f["total"],
                "girls_pct": round(100 * f["girls"] / total),
                "social_pct": round(100 * f["social"] / total),
                "qpv_pct": round(100 * f["qpv"] / total),
                "coaches": staff.get((centre.pk, Role.COACH), 0),
                "experts": staff.get((centre.pk, Role.EXPERT), 0),
                "workstations": seats.get(centre.pk, 0),
                "areas": areas.get(centre.pk, 0),
            }
        )
    return cards


# --- The manager's console -------------------------------------------------------------------


def _sum_rates(rates: list[Rate]) -> Rate:
    return Rate(
        present=sum(r.present for r in rates),
        absent=sum(r.absent for r in rates),
        late=sum(r.late for r in rates),
        justified=sum(r.justified for r in rates),
    )


def _managed_centre(user: Actor, access: Access, here: Centre | None) -> Centre | None:
    managed = centres_where(user, access, Role.MANAGER)
    if here is not None and here.pk in access.centres(Role.MANAGER):
        return managed.filter(pk=here.pk).first()
    return managed.first()


def manager_home(
    user: Actor, access: Access, params: Mapping[str, str], here: Centre | None = None
) -> dict[str, Any]:
    """What needs the manager today in the centre they work in (the shell's centre): today's
    sessions with who is in, the requests to decide, seats and waiting lists, the lab cycles
    under way, the follow-ups and reviews waiting, and the key figures with their trend. The
    number of queries does not grow with the students (pinned by a test)."""
    centre = _managed_centre(user, access, here)
    if centre is None:
        return {"centre": None}
    now = timezone.now()
    today = timezone.localtime(now, centre.zone).date()
    year = years.current_school_year(centre)
    counts = enrolment.status_counts(user=user, centre=centre, year=year)
    last_year = enrolment.status_counts(user=user, centre=centre, year=year - 1)
    seats = enrolment.slot_seats(centre, year)
    weekly = attendance.weekly_rates(centre, weeks=8, now=now)
    recent = _sum_rates([r for _, r in weekly[-4:]])
    before = _sum_rates([r for _, r in weekly[:4]])
    done_recent, done_before = learning.completions(centre, now=now)
    card = centre_cards([centre])[0]
    return {
        "centre": centre,
        "now": now,
        "card": card,
        "year": year,
        "sessions": attendance.day_sessions_of(centre, None, now),
        "pending": counts[EnrolmentStatus.PRE_REGISTERED],
        "waiting": counts[EnrolmentStatus.WAITING_LIST],
        "registered": counts[EnrolmentStatus.REGISTERED],
        "registered_trend": counts[EnrolmentStatus.REGISTERED]
        - last_year[EnrolmentStatus.REGISTERED],
        "seats": seats,
        "seats_total": sum(s.seats for s in seats),
        "seats_taken": sum(s.taken for s in seats),
        "cycles": labs.cycles_overview(user=user, centre=centre, today=today),
        "followups": attendance.followups(user=user).filter(centre=centre).count(),
        "to_review": learning.review_queue(user).filter(centre=centre).count(),
        "rate": recent.percent,
        "rate_trend": (
            recent.percent - before.percent
            if recent.percent is not None and before.percent is not None
            else ""
        ),
        "weekly": [
            (monday.strftime("%d/%m"), r.percent or 0) for monday, r in weekly if r.expected
        ],
        "done": done_recent,
        "done_trend": done_recent - done_before,
    }


def network_admin_home(
    user: Actor, access: Access, params: Mapping[str, str], here: Centre | None = None
) -> dict[str, Any]:
    """The centres side by side: who they serve, attendance over four weeks, activities
    completed over 30 days, requests waiting. Grouped queries: the same number for 2 or 20
    centres (pinned by a test)."""
    cards = centre_cards(centres.centre_list(user=user))
    ids = [c["centre"].pk for c in cards]
    now = timezone.now()
    rates = attendance.centres_recent_rates(ids, now - dt.timedelta(weeks=4))
    done = learning.completions_by_centre(ids, now - dt.timedelta(days=30))
    pending = enrolment.pending_by_centre(ids, years.current_school_year())
    for c in cards:
        pk = c["centre"].pk
        c["rate"], c["done"], c["pending"] = rates[pk].percent, done[pk], pending[pk]
    return {
        "cards": cards,
        "total_students": sum(c["students"] for c in cards),
        "centre_count": len(cards),
        "total_pending": sum(c["pending"] for c in cards),
        "students_chart": [(c["centre"].name, c["students"]) for c in cards],
        "frameworks": catalogue.frameworks(user=user).count(),
    }


def mentor_home(
    user: Actor, access: Access, params: Mapping[str, str], here: Centre | None = None
) -> dict[str, Any]:
    return {}


HomeBuilder = Callable[[Actor, Access, Mapping[str, str], Centre | None], dict[str, Any]]

# What each role's home page shows, built by the functions above.
HOME_BUILDERS: dict[str, HomeBuilder] = {
    Role.STUDENT: student_home,
    Role.GUARDIAN: guardian_home,
    Role.COACH: coach_home,
    Role.EXPERT: expert_home,
    Role.MANAGER: manager_home,
    Role.NETWORK_ADMIN: network_admin_home,
    Role.MENTOR: mentor_home,
}
