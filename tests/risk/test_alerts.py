"""The early warning app (issue 15): a centre's weeks read nothing dated after the scoring
week began; the rule opens an alert with its reasons for the student absent three open weeks
in a row and tells the coach once; scoring again opens nothing twice; alerts are closed with
an outcome, once; only the centre's coaches and managers (and network admins) see them, in the
page as in the API; the reads do not grow with the alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from parcours.attendance.models import CheckIn
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.enrolment.models import Enrolment
from parcours.notifications.models import Notification
from parcours.risk import selectors, services
from parcours.risk.models import Alert, RiskScore
from parcours.schedule.models import Session
from tests import factories as f
from tests.attendance.conftest import enrol
from tests.conftest import assert_error, login
from tests.risk.conftest import DAY, build_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(world):
    return build_centre(world)


def test_the_weeks_read_nothing_after_the_scoring_week_began(world, centre):
    before = selectors.centre_weeks(world.paris, DAY)
    later = Session.objects.create(
        centre=world.paris,
        slot=centre["slot"],
        starts_at=dt.datetime(2026, 11, 24, 17, 0, tzinfo=world.paris.zone),
        ends_at=dt.datetime(2026, 11, 24, 20, 0, tzinfo=world.paris.zone),
    )
    CheckIn.objects.create(
        centre=world.paris,
        session=later,
        student=world["paris"]["student"],
        present=True,
        checked_in_at=later.starts_at,
    )
    after = selectors.centre_weeks(world.paris, DAY)
    assert before.weeks == after.weeks == 12
    for column, values in before.panel.values.items():
        assert (values == after.panel.values[column]).all(), column


def test_the_rule_opens_one_alert_with_its_reasons_and_tells_the_coach(
    world, centre, django_capture_on_commit_callbacks
):
    result = services.score_centre(centre=world.paris, day=DAY)
    assert result.method == "rule" and result.students == 12
    alert = Alert.objects.get()
    assert alert.student == world["paris"]["student"]
    assert alert.coach == world["paris"]["coach"]
    with translation.override("en"):
        words = selectors.reasons_text(alert.reasons)
    assert "absent 3 weeks in a row" in words
    assert not any(w.startswith("no visit") for w in words)  # the same weeks, said once
    told = Notification.objects.filter(recipient=world["paris"]["coach"], kind="risk_alert")
    assert told.count() == 1
    # again the same day: the same scores, no second alert, no second message
    services.score_centre(centre=world.paris, day=DAY)
    assert Alert.objects.count() == 1 and told.count() == 1
    assert RiskScore.objects.filter(scored_on=DAY).count() == 12


def test_closing_an_alert_says_what_happened_once(world, centre):
    services.score_centre(centre=world.paris, day=DAY)
    alert = Alert.objects.get()
    coach = world["paris"]["coach"]
    with pytest.raises(ValidationFailed):
        services.alert_close(actor=coach, alert=alert, outcome="vanished")
    with pytest.raises(ValidationFailed):
        services.alert_close(actor=coach, alert=alert, outcome="contacted", note="x" * 501)
    alert.refresh_from_db()
    assert alert.closed_at is None
    with pytest.raises(NotFound):
        services.alert_close(actor=world["liege"]["manager"], alert=alert, outcome="back")
    with pytest.raises(NotFound):
        services.alert_close(actor=world["paris"]["guardian"], alert=alert, outcome="back")
    services.alert_close(actor=coach, alert=alert, outcome="contacted", note="Called home.")
    with pytest.raises(Conflict):
        services.alert_close(actor=coach, alert=alert, outcome="back")
    alert.refresh_from_db()
    assert (alert.outcome, alert.note, alert.closed_by) == ("contacted", "Called home.", coach)
    # closed: the next week's score may open a new one
    services.score_centre(centre=world.paris, day=DAY + dt.timedelta(days=7))
    assert Alert.objects.filter(closed_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("who", "status", "sees"),
    [
        ("paris:coach", 200, True),
        ("paris:manager", 200, True),
        ("admin", 200, True),
        ("liege:manager", 200, False),
        ("paris:student", 404, False),
        ("paris:guardian", 404, False),
        ("paris:expert", 404, False),
    ],
)
def test_who_sees_the_alerts_in_the_page_and_the_api(world, centre, api, who, status, sees):
    services.score_centre(centre=world.paris, day=DAY)
    user = world.admin if who == "admin" else world[who.split(":")[0]][who.split(":")[1]]
    name = str(world["paris"]["student"].uuid)
    page = login(user).get("/coaching/alerts/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == status
    body = api(user).get("/coaching/alerts")
    if status == 404:
        assert_error(body, 404)
        return
    assert (name in page.content.decode()) == sees
    assert (body.json()["count"] == 1) == sees


def test_the_page_closes_an_alert_and_refuses_a_bad_outcome(world, centre, api):
    services.score_centre(centre=world.paris, day=DAY)
    alert = Alert.objects.get()
    client = login(world["paris"]["coach"])
    url = f"/coaching/alerts/{alert.uuid}/close/"
    bad = client.post(url, {"outcome": "vanished"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Say what happened" in bad.content.decode()
    alert.refresh_from_db()
    assert alert.closed_at is None
    done = client.post(url, {"outcome": "back", "next": "/coaching/alerts/?status=all"})
    assert done.status_code == 302 and done["Location"] == "/coaching/alerts/?status=all"
    alert.refresh_from_db()
    assert alert.outcome == "back"
    # the API: the same rules, its one error format
    caller = api(world["paris"]["coach"])
    assert_error(caller.post(f"/coaching/alerts/{alert.uuid}/close", {"outcome": "back"}), 409)
    assert_error(caller.post(f"/coaching/alerts/{alert.uuid}/close", {"outcome": "x"}), 422)
    other = api(world["liege"]["manager"])
    assert_error(other.post(f"/coaching/alerts/{alert.uuid}/close", {"outcome": "back"}), 404)
    closed = caller.get("/coaching/alerts?status=closed").json()
    assert closed["items"][0]["outcome"] == "back"
    assert closed["items"][0]["reasons"]


def test_the_alerts_reads_do_not_grow(world, centre, api):
    client = login(world["paris"]["manager"])
    caller = api(world["paris"]["manager"])
    services.score_centre(centre=world.paris, day=DAY)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get("/coaching/alerts/?status=all").status_code == 200
        with CaptureQueriesContext(connection) as body:
            assert caller.get("/coaching/alerts?status=all").status_code == 200
        return len(page), len(body)

    small = count()
    for k in range(15):
        student = f.student(world.paris, username=f"more-{k}", coach=world["paris"]["coach"])
        Alert.objects.create(
            centre=world.paris,
            student=student,
            coach=world["paris"]["coach"],
            opened_on=DAY,
            probability=0.4,
            method="rule",
            reasons=[{"feature": "absent_in_row", "value": 3, "usual": 0.2}],
        )
    assert count() == small


def test_a_registered_student_who_never_came_is_scored_not_counted_gone(world, centre):
    newcomer = f.student(world.paris, username="never-came", coach=world["paris"]["coach"])
    enrol(newcomer, centre["slot"], 2026)
    weeks = selectors.centre_weeks(world.paris, DAY)
    assert newcomer.pk in weeks.registered
    services.score_centre(centre=world.paris, day=DAY)
    assert Alert.objects.filter(student=newcomer, closed_at__isnull=True).exists()


def test_a_newcomer_is_not_absent_for_the_weeks_before_they_joined(world, centre):
    """Registered two weeks before the scoring week and not seen yet: two weeks away, not the
    whole autumn, so no alert from the rule; the student away three weeks still has one."""
    newcomer = f.student(world.paris, username="newcomer")
    enrolment = enrol(newcomer, centre["slot"], 2026)
    enrolment.decided_at = centre["sessions"][-2].starts_at - dt.timedelta(days=1)
    enrolment.save(update_fields=["decided_at"])
    services.score_centre(centre=world.paris, day=DAY)
    score = RiskScore.objects.get(student=newcomer, scored_on=DAY)
    assert score.absent_in_row == 2
    assert set(Alert.objects.values_list("student", flat=True)) == {world["paris"]["student"].pk}


def test_a_withdrawal_is_not_a_late_arrival(world, centre):
    """A withdrawal's decision is dated when it is made: the student's weeks still count from
    the start (they were there, then left), only a registration decided late is a newcomer."""
    leaving = centre["students"][1]
    Enrolment.objects.filter(student=leaving).update(
        status="withdrawn", withdrawn_by="staff", decided_at=centre["sessions"][-1].starts_at
    )
    late = f.student(world.paris, username="late")
    enrolment = enrol(late, centre["slot"], 2026)
    enrolment.decided_at = centre["sessions"][-3].starts_at
    enrolment.save(update_fields=["decided_at"])
    weeks = selectors.centre_weeks(world.paris, DAY)
    first = dict(zip(weeks.student_ids, weeks.panel.first_week, strict=True))
    assert first[leaving.pk] == 0 and first[late.pk] == 9
