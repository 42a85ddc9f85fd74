"""Calendar feeds: tokens per role, revocation, and the feed parsed with ``icalendar``."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from parcours.calendars import services
from parcours.calendars.errors import CalendarsError
from parcours.calendars.models import CalendarToken
from parcours.core.errors import Forbidden
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.schedule.models import ClosedDays, Session, SessionKind
from parcours.schedule.services import sessions_ensure
from tests.conftest import Api, assert_error, login
from tests.enrolment.conftest import make_slot


@pytest.fixture
def registered(world):
    slot = make_slot(world.paris, "Mardi", 10, weekday=1)
    liege_slot = make_slot(world.liege, "Lundi", 10, weekday=0)
    for centre, student, s in (
        (world.paris, world["paris"]["student"], slot),
        (world.liege, world["liege"]["student"], liege_slot),
    ):
        Enrolment.objects.create(
            centre=centre, student=student, school_year=years.current_school_year(centre),
            status=EnrolmentStatus.REGISTERED, slot=s, submitted_by="guardian",
            request_key=f"k{centre.slug}", person_key=f"p{centre.slug}",
        )  # fmt: skip
    today = years.today_at(world.paris)
    tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 + 7)
    ClosedDays.objects.create(
        centre=world.paris, first_day=tuesday, last_day=tuesday, kind="public", label="Férié"
    )
    return {"slot": slot, "closed": tuesday}


def events(body: bytes):
    cal = Calendar.from_ical(body)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_student_feed_matches_the_schedule(world, registered):
    student = world["paris"]["student"]
    issued = services.token_issue(actor=student, purpose="student")
    response = login(None).get(f"/calendars/{issued.raw}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    sessions = {f"{s.uuid}@parcours": s for s in Session.objects.filter(slot=registered["slot"])}
    assert found and {str(e["UID"]) for e in found} == set(sessions)
    days = {e.decoded("DTSTART").astimezone(world.paris.zone).date() for e in found}
    assert registered["closed"] not in days  # the non-working day is left out
    for e in found:
        s = sessions[str(e["UID"])]
        assert e.decoded("DTSTART") == s.starts_at and e.decoded(
            "DTSTART"
        ).utcoffset() == dt.timedelta(0)
        assert e.decoded("DTEND") == s.ends_at and "Mardi" in str(e["SUMMARY"])
    one = Session.objects.filter(slot=registered["slot"]).order_by("starts_at").last()
    Session.objects.filter(pk=one.pk).update(cancelled=True)
    again = events(login(None).get(f"/calendars/{issued.raw}.ics").content)
    status = {str(e["UID"]): str(e["STATUS"]) for e in again}
    assert status[f"{one.uuid}@parcours"] == "CANCELLED"


def test_the_student_feed_holds_the_extra_sessions_the_student_is_invited_to(world, registered):
    """Issue 11: an extra session says who it is for; those it invites find it in their
    calendar (by slot, by name, or open to all), the others do not."""
    today = years.today_at(world.paris)

    def extra(label: str, days: int, **invite: object) -> Session:
        start = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(14), world.paris.zone)
        session = Session.objects.create(
            centre=world.paris, kind=SessionKind.EXTRA, label=label, starts_at=start,
            ends_at=start + dt.timedelta(hours=3), open_to_all=bool(invite.get("everyone")),
        )  # fmt: skip
        if "slot" in invite:
            session.invited_slots.add(invite["slot"])
        if "student" in invite:
            session.invited_students.add(invite["student"])
        return session

    other_slot = make_slot(world.paris, "Samedi", 10, weekday=5)
    mine = [
        extra("Atelier du mardi", 3, slot=registered["slot"]),
        extra("Rattrapage", 4, student=world["paris"]["student"]),
        extra("Portes ouvertes", 5, everyone=True),
    ]
    others = [extra("Atelier du samedi", 6, slot=other_slot)]
    raw = services.token_issue(actor=world["paris"]["student"], purpose="student").raw
    uids = {str(e["UID"]) for e in events(login(None).get(f"/calendars/{raw}.ics").content)}
    assert {f"{s.uuid}@parcours" for s in mine} <= uids
    assert not {f"{s.uuid}@parcours" for s in others} & uids


def test_feeds_never_show_another_centre(world, registered):
    today = years.today_at(world.liege)
    sessions_ensure(centre=world.liege, first=today, last=today + dt.timedelta(days=60))
    for user, purpose in (
        (world["paris"]["guardian"], "student"),
        (world["paris"]["coach"], "staff"),
    ):
        raw = services.token_issue(actor=user, purpose=purpose).raw
        found = events(login(None).get(f"/calendars/{raw}.ics").content)
        assert found
        uids = {str(e["UID"]) for e in found}
        liege = {f"{s.uuid}@parcours" for s in Session.objects.filter(centre=world.liege)}
        assert liege and not uids & liege


def test_revoking_voids_the_url_and_a_new_one_works(world, registered):
    student = world["paris"]["student"]
    first = services.token_issue(actor=student, purpose="student")
    second = services.token_issue(actor=student, purpose="student")  # the first stops working
    assert login(None).get(f"/calendars/{first.raw}.ics").status_code == 404
    assert login(None).get(f"/calendars/{second.raw}.ics").status_code == 200
    assert services.token_revoke(actor=student, purpose="student") == 1
    assert services.token_revoke(actor=student, purpose="student") == 0
    assert login(None).get(f"/calendars/{second.raw}.ics").status_code == 404
    assert login(None).get("/calendars/not-a-token.ics").status_code == 404
    assert not CalendarToken.objects.filter(token_hash=second.raw).exists()  # stored hashed


# who -> feeds they may get
ROLES = {
    "student": ["student"],
    "guardian": ["student"],
    "coach": ["staff"],
    "expert": ["staff"],
    "manager": ["staff"],
}


@pytest.mark.parametrize("who", sorted(ROLES))
def test_token_page_and_api_per_role(world, who):
    user = world["paris"][who]
    page = login(user).get("/calendars/")
    assert page.status_code == 200
    api = Api(user)
    for purpose in ("student", "staff"):
        response = api.post("/calendars/tokens", {"purpose": purpose})
        if purpose in ROLES[who]:
            assert response.status_code == 201 and response.json()["webcal_url"].startswith(
                "webcal://"
            )
        else:
            assert_error(response, 403, CalendarsError.FEED_NOT_AVAILABLE)
    assert [t["purpose"] for t in api.get("/calendars/tokens").json()] == ROLES[who]
    assert_error(api.post("/calendars/tokens", {"purpose": "all"}), 422)
    made = login(user).post("/calendars/", {"purpose": ROLES[who][0], "action": "new"})
    assert made.status_code == 200 and "/calendars/" in made.content.decode()


def test_network_admin_has_no_feed_and_anonymous_is_refused(world):
    with pytest.raises(Forbidden):
        services.token_issue(actor=world.admin, purpose="staff")
    assert login(None).get("/calendars/").status_code == 302
    assert_error(Api(None).get("/calendars/tokens"), 401)
