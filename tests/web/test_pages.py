"""Every role lands on its own home page, in French or English, and no page leaks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.centres import selectors as centres
from parcours.consents.models import ConsentKind, ConsentMethod, ConsentRecord
from parcours.enrolment import years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.people import selectors as people
from parcours.people.models import Membership, User
from parcours.web import selectors
from tests import factories as f
from tests.conftest import Api, login

HOME_MARKERS = {
    "manager": ("Your centre", "Votre centre"),
    "coach": ("My caseload", "Mes élèves suivi·es"),
    "expert": ("Labs you can lead", "Labs que vous pouvez animer"),
    "guardian": ("Consents", "Consentements"),
    "student": ("The focus areas of your centre", "Les spécialités de ton centre"),
}


@pytest.mark.parametrize("role", sorted(HOME_MARKERS))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_role_lands_on_its_home_in_both_languages(world, role, lang):
    client = login(world["paris"][role])
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    html = client.get("/").content.decode()
    assert f'<html lang="{lang}">' in html
    english, french = HOME_MARKERS[role]
    assert (english if lang == "en" else french) in html


def test_network_admin_home_shows_every_centre(world):
    html = login(world.admin).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The network" in html and "Paris" in html and "Liège" in html


def test_coach_sees_only_own_caseload(world):
    html = login(world["paris"]["coach"]).get("/").content.decode()
    mine = world["paris"]["student"]
    assert mine.first_name in html
    assert world["paris"]["other_student"].first_name not in html
    assert world["liege"]["student"].first_name not in html


def test_guardian_sees_only_own_child(world):
    html = login(world["paris"]["guardian"]).get("/").content.decode()
    assert world["paris"]["student"].first_name in html
    assert world["paris"]["other_student"].first_name not in html


def test_student_home_invites_to_discover_offered_areas_only(world):
    for i in range(3):
        f.activity(key=f"l1-{i}", level=1, order=i)
    f.activity(key="other-centre", level=1, order=0, centre=world.liege)
    html = login(world["paris"]["student"]).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Programming" in html and "Robotics" not in html
    assert "Try: Activity l1-0" in html
    assert "other-centre" not in html


def test_user_with_several_roles_can_switch(world):
    manager = world["paris"]["manager"]
    Membership.objects.get_or_create(user=manager, centre=world.paris, role="coach")
    client = login(manager)
    html = client.get("/?as=coach", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My caseload" in html and 'aria-current="page"' in html
    # A role the user does not hold falls back to their main role.
    html = client.get("/?as=network_admin", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your centre" in html


@pytest.mark.parametrize("role", ["manager", "coach", "expert", "guardian", "student"])
def test_the_django_admin_is_closed_to_centre_people(world, role):
    assert login(world["paris"][role]).get("/admin/").status_code == 404


def test_network_admin_reaches_the_admin(world):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    assert login(world.admin).get("/admin/catalogue/activity/").status_code == 200


def test_openapi_is_served(world):
    client = login(None)
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert "/api/activities" in spec["paths"] and "/api/centres/{slug}/rooms" in spec["paths"]


def test_me_endpoint(world):
    body = Api(world["paris"]["coach"]).get("/me").json()
    assert body["roles"] == ["coach"] and body["network_admin"] is False


def test_unknown_page_is_a_clear_404(world):
    response = login(world["paris"]["student"]).get("/catalogue/activities/not-a-uuid/")
    assert response.status_code == 404


def test_guardian_withdraws_image_consent_once(world):
    guardian = world["paris"]["guardian"]
    student = world["paris"]["student"]
    text = f.consent_text(ConsentKind.IMAGE_USE)
    record = ConsentRecord.objects.create(
        centre=world.paris,
        student=student,
        kind=ConsentKind.IMAGE_USE,
        text=text,
        given_by=guardian,
        method=ConsentMethod.ONLINE,
        given_at=timezone.now(),
    )
    client = login(guardian)
    assert client.post(f"/consents/{record.uuid}/withdraw/").status_code == 302
    record.refresh_from_db()
    first = record.withdrawn_at
    assert first is not None and record.withdrawn_by == guardian
    assert client.post(f"/consents/{record.uuid}/withdraw/").status_code == 302
    record.refresh_from_db()
    assert record.withdrawn_at == first
    # Another family cannot touch it.
    other = login(world["liege"]["guardian"])
    assert other.post(f"/consents/{record.uuid}/withdraw/").status_code == 404


# Queries of a home page (session, user and the shell's own reads included) when the reads
# moved into web.selectors: no more than the view made itself before.
HOME_QUERIES = {
    "admin": 15,
    "manager": 20,  # the console: today, requests, seats, attendance per week, cycles, figures
    "coach": 20,  # the console: today's sessions, follow-ups, presence, progress, reviews, alerts,
    # actions due, the centre's pace (2), the next steps, works made outside an activity to review
    "expert": 11,  # the labs led: seats, validations; reviews with their age
    "guardian": 23,  # per child: attendance, progress, feedback, labs, enrolments, consents
    "student": 12,  # test_student_home.STUDENT_HOME_QUERIES: the shared parts are kept
}


@pytest.mark.parametrize("who", sorted(HOME_QUERIES))
def test_home_pages_read_no_more_than_before(world, who, django_assert_max_num_queries):
    client = login(world.admin if who == "admin" else world["paris"][who])
    client.get("/")  # the session's first read of the language and the time zone
    with django_assert_max_num_queries(HOME_QUERIES[who]):
        assert client.get("/").status_code == 200


def test_the_network_home_reads_the_same_queries_for_2_or_7_centres(world):
    """Each centre's card comes from grouped queries, not five per centre."""
    client = login(world.admin)
    client.get("/")

    def measure() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx)

    two = measure()
    for _ in range(5):
        centre = f.CentreFactory(network=world.paris.network)
        f.RoomFactory(centre=centre, seats=12)
    seven = measure()
    assert two == seven
    cards = {
        c["centre"].slug: c for c in selectors.network_admin_home(world.admin, None, {})["cards"]
    }
    paris = cards["paris"]
    assert paris["workstations"] == centres.centre_workstations(world.paris)
    assert (
        paris["students"]
        == people.centre_student_figures(world.paris.pk, timezone.localdate())["total"]
        > 0
    )
    assert paris["coaches"] == people.staff_count(world.paris.pk, "coach") > 0
    assert cards[centre.slug]["workstations"] == 12 and cards[centre.slug]["students"] == 0


def test_the_network_home_counts_requests_per_centre(world):
    f.student(world.paris, username="applicant")
    Enrolment.objects.create(
        centre=world.paris,
        student=User.objects.get(username="applicant"),
        school_year=years.current_school_year(),
        status=EnrolmentStatus.PRE_REGISTERED,
        submitted_by="guardian",
        request_key="k-a",
        person_key="p-a",
    )
    home = selectors.network_admin_home(world.admin, None, {})
    pending = {c["centre"].slug: c["pending"] for c in home["cards"]}
    assert pending == {"paris": 1, "liege": 0} and home["total_pending"] == 1
    html = login(world.admin).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The centres side by side" in html and "Requests to decide" in html
