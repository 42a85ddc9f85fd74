"""Per role: lists, details and pages refuse the same things."""

from __future__ import annotations

from typing import Any

import pytest

from parcours.labs import selectors, services
from parcours.labs.models import Seat
from parcours.labs.permissions import (
    applications_policy,
    cycles_policy,
    labs_policy,
    runs_policy,
    seats_policy,
)
from tests.conftest import login as signed_in
from tests.labs.conftest import close


def login(user: Any) -> Any:
    """A signed-in client that reads the pages in English (the texts checked below)."""
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


pytestmark = pytest.mark.django_db

# role -> (sees the open cycle, sees the roster, manages)
ROLES = {
    "student": (True, False, False),
    "guardian": (True, False, False),
    "coach": (True, False, False),
    "expert": (True, True, False),
    "other_expert": (True, False, False),
    "manager": (True, True, True),
    "liege_manager": (False, False, False),
    "admin": (True, True, True),
}


def _user(labs: Any, role: str) -> Any:
    if role == "other_expert":
        return labs.other_expert
    if role == "liege_manager":
        return labs.world["liege"]["manager"]
    if role == "admin":
        return labs.world.admin
    return labs.world["paris"][role]


def _seat(labs: Any) -> Seat:
    student = labs.world["paris"]["student"]
    return Seat.objects.create(
        centre=labs.world.paris, cycle=labs.cycle, lab=labs.l1a, student=student
    )


@pytest.mark.parametrize("role", list(ROLES))
def test_lists_and_details_agree(labs: Any, role: str) -> None:
    user = _user(labs, role)
    sees, roster, manages = ROLES[role]
    seat = _seat(labs)
    assert cycles_policy.can_view(user, labs.cycle) is sees
    assert labs_policy.can_view(user, labs.l1a) is sees
    assert (labs.cycle in selectors.cycle_list(user=user, centre=labs.world.paris)) is sees
    assert cycles_policy.can_change(user, labs.cycle) is manages
    assert (seat in selectors.roster(user=user, lab=labs.l1a)) is (
        roster or role in ("student", "guardian", "coach")
    )
    assert runs_policy.visible(user).model is not None
    page = login(user).get(f"/labs/labs/{labs.l1a.uuid}/")
    assert page.status_code == (200 if sees else 404)
    if sees:
        assert (b"Roster" in page.content) is roster
    assert seats_policy.can_change(user, seat) is manages


def test_drafts_are_hidden_from_students_and_families(labs: Any) -> None:
    labs.cycle.status = "draft"
    labs.cycle.save()
    for role in ("student", "guardian"):
        user = labs.world["paris"][role]
        assert not cycles_policy.can_view(user, labs.cycle)
        assert login(user).get(f"/labs/cycles/{labs.cycle.uuid}/").status_code == 404
    assert cycles_policy.can_view(labs.world["paris"]["coach"], labs.cycle)


def test_applications_seen_by_the_family_and_staff_only(labs: Any) -> None:
    student = labs.world["paris"]["student"]
    services.wishes_set(actor=student, cycle=labs.cycle, labs=[labs.l1a])
    app = student.lab_applications.get()
    expected = {
        "student": True,
        "guardian": True,
        "coach": True,  # the student's coach
        "expert": True,  # the expert of the lab
        "other_expert": False,
        "manager": True,
        "liege_manager": False,
        "admin": True,
    }
    for role, sees in expected.items():
        assert applications_policy.can_view(_user(labs, role), app) is sees, role
    other = labs.world["paris"]["other_student"]
    assert not applications_policy.can_view(other, app)


@pytest.mark.parametrize("role", list(ROLES))
def test_manager_pages(labs: Any, role: str) -> None:
    user = _user(labs, role)
    sees, _roster, manages = ROLES[role]
    client = login(user)
    expected = 200 if manages else (403 if sees else 404)
    assert client.get(f"/labs/cycles/{labs.cycle.uuid}/allocation/").status_code == expected
    assert client.get(f"/labs/cycles/{labs.cycle.uuid}/labs/new/").status_code == expected
    status = client.get("/labs/centres/paris/cycles/new/").status_code
    assert status == (200 if manages else (404 if role == "liege_manager" else 403))


def test_student_pages(labs: Any) -> None:
    student = labs.world["paris"]["student"]
    client = login(student)
    page = client.get(f"/labs/cycles/{labs.cycle.uuid}/")
    assert page.status_code == 302
    page = client.get(f"/labs/cycles/{labs.cycle.uuid}/wishes/")
    assert page.status_code == 200
    assert b"Finish level 2" in page.content
    rank = f"rank_{labs.l1b.uuid}"
    page = client.post(
        f"/labs/cycles/{labs.cycle.uuid}/wishes/",
        {rank: "1", f"rank_{labs.l1a.uuid}": "2", "flagged": str(labs.l1b.uuid)},
    )
    assert page.status_code == 302
    assert [a.lab for a in student.lab_applications.order_by("rank")] == [labs.l1b, labs.l1a]
    # Two labs with the same rank: a clear message, nothing changed.
    page = client.post(
        f"/labs/cycles/{labs.cycle.uuid}/wishes/",
        {rank: "1", f"rank_{labs.l1a.uuid}": "1"},
    )
    assert page.status_code == 400 and b"same rank" in page.content
    assert [a.lab for a in student.lab_applications.order_by("rank")] == [labs.l1b, labs.l1a]
    # Staff and families have no wishes page.
    for role in ("coach", "guardian"):
        response = login(labs.world["paris"][role]).get(f"/labs/cycles/{labs.cycle.uuid}/wishes/")
        assert response.status_code == 403


def test_after_the_deadline_the_page_says_so(labs: Any) -> None:
    student = labs.world["paris"]["student"]
    close(labs.cycle)
    page = login(student).post(
        f"/labs/cycles/{labs.cycle.uuid}/wishes/", {f"rank_{labs.l1a.uuid}": "1"}
    )
    assert page.status_code == 409
    assert b"closed" in page.content
    assert not student.lab_applications.exists()


def test_manager_publishes_and_student_reads_the_reason(
    labs: Any, django_capture_on_commit_callbacks: Any
) -> None:
    s1, s2 = labs.world["paris"]["student"], labs.world["paris"]["other_student"]
    services.wishes_set(actor=s1, cycle=labs.cycle, labs=[labs.l1a, labs.l1b])
    services.wishes_set(actor=s2, cycle=labs.cycle, labs=[labs.l1a], flagged=labs.l1a)
    manager = login(labs.world["paris"]["manager"])
    url = f"/labs/cycles/{labs.cycle.uuid}/allocation/"
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.post(url, {"action": "dry_run"}).status_code == 302
    page = manager.get(url)
    assert b"welfare" in page.content and b"Passed over" in page.content
    # the mechanisms in words, the literature's names and the keys beside them (issue 11)
    html = page.content.decode()
    assert "one at a time in a drawn order, each taking their best lab left" in html
    assert '<th scope="row">rsd' not in html and "<code>rsd</code>" in html
    close(labs.cycle)
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.post(url, {"action": "publish", "mechanism": "stable"}).status_code == 302
    assert manager.get(url, HTTP_HX_REQUEST="true").status_code == 200
    page = login(s1).get(f"/labs/cycles/{labs.cycle.uuid}/wishes/")
    assert b"your choice number 2" in page.content
    expert = login(labs.world["paris"]["expert"]).get(f"/labs/labs/{labs.l1b.uuid}/")
    assert str(s1).encode() in expert.content


@pytest.mark.parametrize("role", ["coach", "expert", "manager", "admin"])
def test_cycle_page_for_staff(labs: Any, role: str) -> None:
    page = login(_user(labs, role)).get(f"/labs/cycles/{labs.cycle.uuid}/")
    assert page.status_code == 200
    assert labs.l1a.template.title.encode() in page.content
    assert (b"Change the status" in page.content) is ROLES[role][2]


def test_manager_changes_the_status_and_creates_pages(labs: Any) -> None:
    manager = login(labs.world["paris"]["manager"])
    url = f"/labs/cycles/{labs.cycle.uuid}/"
    assert manager.post(url, {"status": "closed"}).status_code == 302
    labs.cycle.refresh_from_db()
    assert labs.cycle.status == "closed"
    coach = login(labs.world["paris"]["coach"])
    assert coach.post(url, {"status": "open"}).status_code == 403
    labs.cycle.refresh_from_db()
    assert labs.cycle.status == "closed"
    page = manager.post(
        "/labs/centres/paris/cycles/new/",
        {
            "name": "Spring",
            "starts_on": "2027-04-01",
            "ends_on": "2027-05-01",
            "applications_open_at": "2027-03-01T10:00",
            "applications_close_at": "2027-02-01T10:00",
            "max_wishes": "3",
            "mechanism": "stable",
        },
    )
    assert page.status_code == 400 and b"close after they open" in page.content
    assert not labs.cycle.__class__.objects.filter(name="Spring").exists()
    assert manager.get("/labs/centres/paris/").status_code == 200
    assert manager.get("/labs/centres/paris/masterlabs/new/").status_code == 200


def test_publish_is_disabled_with_the_deadline_while_applications_are_open(labs: Any) -> None:
    """Issue 11: "Publish the seats" while applications are open led to a 409 page."""
    manager = signed_in(labs.world["paris"]["manager"])
    url = f"/labs/cycles/{labs.cycle.uuid}/allocation/"
    html = manager.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="publish" disabled aria-describedby="why-publish"' in html
    assert "Applications are open until" in html
    close(labs.cycle)
    html = manager.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="publish" >' in html or 'value="publish">' in html
    assert "why-publish" not in html
