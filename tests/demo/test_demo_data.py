"""The demo network follows the seeds' figures and is deterministic per seed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from parcours.attendance import selectors as attendance
from parcours.attendance.models import CheckIn
from parcours.attendance.selectors import expected_ids
from parcours.catalogue.models import Activity, CentreFocusArea, Framework
from parcours.centres.models import Centre
from parcours.coaching import selectors as coaching
from parcours.coaching.models import Note
from parcours.consents.models import ConsentRecord
from parcours.demo import clock, labs_demo
from parcours.enrolment.models import Enrolment
from parcours.labs import allocation, selectors
from parcours.labs.models import (
    ACTIVE_SEAT,
    AllocationRun,
    Application,
    CompetencyValidation,
    Lab,
    LabCycle,
    Masterlab,
    Outcome,
    Seat,
)
from parcours.people.models import Membership, Role, StudentProfile, User
from parcours.risk import selectors as selectors_risk
from parcours.risk import services as risk_services
from parcours.risk.models import Alert, RiskFit, RiskScore
from parcours.schedule.models import OpeningHours, Session
from tests.conftest import demo_for_module


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    with demo_for_module(django_db_blocker, "--students", "400", "--seed", "7"):
        yield


@pytest.fixture
def demo(_demo_once, db):
    """Each test reads the module's demo in a transaction that is rolled back."""


def test_demo_network_matches_the_seeds(demo):
    assert set(Centre.objects.values_list("slug", flat=True)) == {"paris", "liege"}
    for slug in ("paris", "liege"):
        assert CentreFocusArea.objects.filter(centre__slug=slug, is_offered=True).count() == 8
    paris = Centre.objects.get(slug="paris")
    assert Membership.objects.filter(centre=paris, role=Role.COACH).count() == 11
    assert Membership.objects.filter(centre=paris, role=Role.EXPERT).count() == 16
    profiles = StudentProfile.objects.filter(user__is_active=True)
    assert profiles.count() == 400
    girls = profiles.filter(gender="female").count() / 400
    social = sum(p.social_field for p in profiles) / 400
    assert 0.35 <= girls <= 0.50, girls
    assert 0.35 <= social <= 0.50, social
    ages = {p.age_on(clock.day(2026, 9, 1)) for p in profiles}
    assert ages <= set(range(12, 19))
    assert Activity.objects.count() >= 12 * 15
    assert Framework.objects.filter(key="ai-grid-cnc-afdas").exists()
    # every minor has a guardian's enrolment consent (but the one erased on request: privacy_demo)
    consented = ConsentRecord.objects.filter(kind="enrolment", student__is_active=True).count()
    erased = User.objects.filter(erased_at__isnull=False, student_profile__isnull=False).count()
    assert (consented, erased) == (399, 1)


def test_the_demos_extra_sessions_are_within_opening_hours(demo):
    """The rule extra_session_create applies (issue 11) holds for the demo's own."""
    every = Session.objects.filter(kind="extra").select_related("centre")
    # the orientation programme's interviews and workshops invite their students by name
    meetings = every.filter(orientation_meeting__isnull=False)
    assert meetings.count() == 2 and all(s.invited_students.exists() for s in meetings)
    extras = every.filter(orientation_meeting__isnull=True)
    assert extras.count() == 6
    assert extras.filter(ends_at__gt=timezone.now()).count() == 2  # one to come per country
    for session in every:
        # each says who it is for: the open days everyone, the workshops a weekly slot
        invited = session.invited_slots.exists() or session.invited_students.exists()
        assert session.open_to_all or invited, session.label
        start = session.starts_at.astimezone(session.centre.zone)
        end = session.ends_at.astimezone(session.centre.zone)
        hours = OpeningHours.objects.filter(centre=session.centre, weekday=start.weekday())
        assert any(h.opens_at <= start.time() and end.time() <= h.closes_at for h in hours), (
            session.label
        )


def test_the_demo_has_alerts_with_reasons_and_outcomes(demo):
    """The early warning: each centre scored as the worker does; the drifting students have
    an open alert with its reasons, a few alerts of last week are closed with an outcome."""
    for slug in ("paris", "liege"):
        open_ = Alert.objects.filter(centre__slug=slug, closed_at__isnull=True)
        assert open_.exists(), slug
        assert all(a.reasons for a in open_)  # each in words
        # the drifting students (absent their last weeks) are among them: whatever the model
        # says, three weeks absent in a row opens an alert (the rule is a floor)
        assert any(r["feature"] == "absent_in_row" for a in open_ for r in a.reasons)
        today = RiskScore.objects.filter(centre__slug=slug).latest("scored_on").scored_on
        away = set(
            RiskScore.objects.filter(
                centre__slug=slug, scored_on=today, absent_in_row__gte=3
            ).values_list("student_id", flat=True)
        )
        assert away and away <= set(open_.values_list("student_id", flat=True))
        assert (
            Alert.objects.filter(centre__slug=slug, closed_at__isnull=False)
            .exclude(outcome="")
            .exists()
        )
    coach = User.objects.get(username="coach")
    assert selectors_risk.alert_list(user=coach, status="all").exists()
    # the managers' model page has its figures (a training done for each centre)
    for centre in Centre.objects.all():
        fit = RiskFit.objects.filter(centre=centre).first()
        assert fit is not None and fit.status == "done" and fit.figures["students"] > 0
        # with enough students seen leaving this year to show them (issue 15's demo)
        figures = selectors_risk.model_figures(fit, min_leavers=risk_services.MIN_LEAVERS)
        assert figures is not None and figures["enough"], centre.slug
    # those leavers stopped coming before the centre withdrew them: no visit after
    withdrawn = Enrolment.objects.filter(status="withdrawn", withdrawn_by="staff")
    assert withdrawn.count() >= 2 * risk_services.MIN_LEAVERS
    for e in withdrawn[:40]:
        assert e.decided_at is not None
        assert not CheckIn.objects.filter(
            student=e.student, session__starts_at__gt=e.decided_at
        ).exists()


def test_the_demo_coach_has_notes_actions_and_a_year_of_timeline(demo):
    """Coaching: the demo coach's flagged students have a note and an action (some late or
    due today); Inès has notes since September (one shared, one pinned, one edited), an
    action done and one to do, a message to her family; her timeline reaches back months."""
    coach = User.objects.get(username="coach")
    ines = User.objects.get(username="student")
    today = timezone.localdate()
    due = coaching.my_due_actions(coach, today)
    assert len(due) >= 3 and any(a.due_on <= today for a in due)
    flagged = set(
        Alert.objects.filter(closed_at__isnull=True)
        .exclude(coach=None)
        .values_list("student", flat=True)
    )
    assert flagged and flagged <= set(Note.objects.values_list("student", flat=True))
    file = coaching.student_file(user=coach, student=ines)
    assert file.notes[0].pinned and any(n.shared for n in file.notes)
    assert any(coaching.note_history(n) for n in file.notes)
    assert file.actions and file.messages
    assert [n.body for n in coaching.shared_notes(ines)] == [n.body for n in file.notes if n.shared]
    oldest = coaching.timeline(student=ines, page=8)
    newest = coaching.timeline(student=ines).events[0].when
    events = oldest.events or coaching.timeline(student=ines, page=2).events
    assert newest - events[-1].when > dt.timedelta(days=40)


def test_demo_logins_exist_with_their_roles(demo):
    for username, role in [
        ("student", "student"),
        ("guardian", "guardian"),
        ("coach", "coach"),
        ("expert", "expert"),
        ("manager", "manager"),
        ("admin", "network_admin"),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password("parcours-demo")
        assert Membership.objects.filter(user=user, role=role).exists()
    student = User.objects.get(username="student")
    assert student.guardians.get().guardian.username == "guardian"
    assert student.coaches.get().coach.username == "coach"


def test_same_seed_same_data(transactional_db):
    call_command("demo-data", "--students", "60", "--seed", "3")
    first = list(
        StudentProfile.objects.order_by("user__username").values_list(
            "user__username", "birth_date", "gender", "postcode"
        )
    )
    call_command("demo-data", "--students", "60", "--seed", "3")
    second = list(
        StudentProfile.objects.order_by("user__username").values_list(
            "user__username", "birth_date", "gender", "postcode"
        )
    )
    assert first == second


def test_demo_has_an_open_lab_cycle_the_demo_student_can_apply_to(demo):

    for slug in ("paris", "liege"):
        cycle = LabCycle.objects.get(centre__slug=slug, name=labs_demo.winter_name())
        assert cycle.status == "open"
        assert Lab.objects.filter(cycle=cycle).count() == 8  # one level-1 lab per area
    student = User.objects.get(username="student")
    winter = LabCycle.objects.get(centre__slug="paris", name=labs_demo.winter_name())
    options = selectors.options_for(student, winter)
    assert options.open_labs, "the demo student has finished level 1 of one area"
    assert options.closed_labs  # the others say why (level not finished)


def test_demo_has_masterlabs_scored_selected_and_open(demo):

    for slug in ("paris", "liege"):
        past, closed, opened = Masterlab.objects.filter(centre__slug=slug).order_by("first_day")
        assert past.selected_at is not None and closed.selected_at is None
        assert past.applications.filter(outcome=Outcome.SELECTED).count() == past.seats
        waiting = past.applications.filter(outcome=Outcome.WAITLISTED).order_by("waitlist_position")
        assert [a.waitlist_position for a in waiting] == list(range(1, waiting.count() + 1))
        assert not closed.applications.filter(score__isnull=True).exists()
        assert opened.applications_close_at > past.applications_close_at
    ines = Application.objects.filter(student__username="student", masterlab__isnull=False)
    assert {a.outcome for a in ines} == {Outcome.SELECTED, Outcome.PENDING}

    validated = CompetencyValidation.objects.filter(lab__expert__username="expert")
    assert validated.exists()
    assert all(v.validated_by_id == v.lab.expert_id for v in validated.select_related("lab"))


def test_demo_has_a_published_autumn_cycle_with_rosters_and_reasons(demo):

    for slug in ("paris", "liege"):
        cycle = LabCycle.objects.get(centre__slug=slug, name=labs_demo.autumn_name())
        assert cycle.status == "published"
        assert cycle.starts_on == clock.day(2026, 9, 28)
        assert cycle.applications_close_at < clock.moment(2026, 9, 20)
        run = AllocationRun.objects.get(cycle=cycle, dry_run=False)
        assert run.status == "done" and run.published_at is not None
        labs = Lab.objects.filter(cycle=cycle).annotate(
            held=Count("seats_given", filter=Q(seats_given__status__in=ACTIVE_SEAT))
        )
        assert {lab.level for lab in labs} == {1, 2}
        assert all(8 <= lab.seats <= 12 and lab.slot_id for lab in labs)
        assert all(lab.held <= lab.seats for lab in labs)
        assert Seat.objects.filter(cycle=cycle, status="held").exists()
        # every wish is for a lab open to the student (level finished, no clash)
        for app in Application.objects.filter(cycle=cycle).select_related("student")[:15]:
            options = {o.lab.pk: o for o in selectors.options_for(app.student, cycle).all}
            assert options[app.lab_id].eligible, options[app.lab_id].reason
        # an expert never leads two labs of the cycle on the same slot
        pairs = list(labs.values_list("expert_id", "slot_id"))
        assert len(pairs) == len(set(pairs))

    cycle = LabCycle.objects.get(centre__slug="paris", name=labs_demo.autumn_name())
    expert = User.objects.get(username="expert")
    led = [lab for lab in selectors.labs_led_by(expert) if lab.cycle_id == cycle.pk]
    assert any(selectors.roster(user=expert, lab=lab).exists() for lab in led)
    student = User.objects.get(username="student")
    seat = selectors.seat_of(user=student, student=student, cycle=cycle)
    assert seat is not None and seat.lab.expert == expert
    titles = {str(lab.pk): lab.template.title for lab in cycle.labs.select_related("template")}
    assert seat.reason and allocation.sentence(seat.reason, titles)
    # a waitlist offer, when some lab of the cycle had a waiting list (always in the full
    # demo): the autumn cycle is in its last weeks on the build day, so a seat given up is
    # offered to the next student waiting, who logs in as student-offer
    offers = Seat.objects.filter(cycle=cycle, status="offered")
    offered = User.objects.filter(username="student-offer").first()
    assert (offered is not None) == offers.exists()
    if offered is not None:  # a login that works, kept out of the erasure story
        assert offered.is_active and offered.erased_at is None
        assert offered.check_password("parcours-demo")
        offer = offers.get(student=offered)
        assert offer.offered_until > timezone.now()
        assert Seat.objects.filter(cycle=cycle, status="withdrawn").exists()
        assert offer.lab_id != seat.lab_id  # away from Inès's story
    # the lab's past meetings are recorded for its seat holders, as the kiosk and the end of
    # each session do: nothing left blank in the expert's register
    register = attendance.lab_register(user=expert, lab=seat.lab)
    ended = [i for i, s in enumerate(register.sessions) if s.ends_at <= timezone.now()]
    assert ended and register.rows
    cells = [row.cells[i] for row in register.rows for i in ended]
    assert "none" not in cells and "present" in cells
    # the demo student can still rank the winter labs: her autumn lab does not clash
    winter = LabCycle.objects.get(centre__slug="paris", name=labs_demo.winter_name())
    assert selectors.options_for(student, winter).open_labs


@pytest.mark.parametrize("days_later", [0, 200])
def test_the_demo_tells_the_same_story_on_any_day(transactional_db, days_later):
    """Built today or in seven months, the story holds around the day of the build: the
    autumn labs are in their last weeks, the winter cycle takes applications until a coming
    deadline and starts later, a masterlab is open, and the demo student has sessions this
    week."""
    when = timezone.now() + dt.timedelta(days=days_later)
    with time_machine.travel(when, tick=True):
        call_command("demo-data", "--students", "60", "--seed", "5")
        today = timezone.localdate()
        now = timezone.now()
        for slug in ("paris", "liege"):
            autumn = LabCycle.objects.get(centre__slug=slug, name=labs_demo.autumn_name())
            assert autumn.status == "published" and autumn.starts_on < today < autumn.ends_on
            winter = LabCycle.objects.get(centre__slug=slug, name=labs_demo.winter_name())
            assert winter.status == "open"
            assert winter.applications_open_at < now < winter.applications_close_at
            assert winter.starts_on > today
            assert Masterlab.objects.filter(
                centre__slug=slug, applications_close_at__gt=now
            ).exists()
        student = User.objects.get(username="student")
        current = student.enrolments.filter(status="registered").order_by("-school_year")
        slot_id = current.first().slot_id
        week = Session.objects.filter(
            slot_id=slot_id,
            starts_at__gte=now - dt.timedelta(days=7),
            starts_at__lte=now + dt.timedelta(days=7),
        )
        assert week.exists()
        # ...and is expected at them: the registration's school year is the sessions' one.
        assert any(student.pk in expected_ids(s) for s in week)
        assert str(winter.starts_on.year) in winter.name
