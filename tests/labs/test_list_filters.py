"""The labs' list pages search, filter and page (issue 10: every list page): a masterlab's
applications, its scoring, a cycle's labs. Each filter keeps what it says, a bad filter is
ignored, the pages hold 25 rows and their reads do not grow with the rows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.labs.models import Application, Lab
from tests import factories as f
from tests.conftest import login as signed_in
from tests.labs.conftest import apply, make_masterlab

pytestmark = pytest.mark.django_db


def login(user: Any) -> Any:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def applicants(world: Any, masterlab: Any, n: int, start: int = 0) -> list[Application]:
    """``n`` applications from new students named Applicant<k> Surname<k>."""
    rows = []
    for k in range(start, start + n):
        student = f.student(
            world.paris,
            username=f"app{k}",
            email=f"app{k}@example.org",
            first_name=f"Applicant{k}",
            last_name=f"Surname{k}",
        )
        rows.append(apply(masterlab, student, days_ago=2 + k % 3))
    return rows


def row_names(page: str) -> list[str]:
    return re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', page)


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class TestMasterlabApplications:
    def test_the_manager_searches_and_pages_the_applications(self, world: Any) -> None:
        m = make_masterlab(world)
        applicants(world, m, 30)
        client = login(world["paris"]["manager"])
        url = f"/labs/masterlabs/{m.uuid}/"
        first = client.get(url).content.decode()
        assert "30 applications" in first and len(row_names(first)) == 25
        assert len(row_names(client.get(url + "?page=2").content.decode())) == 5
        found = client.get(url + "?q=applicant12").content.decode()
        assert [n.strip() for n in row_names(found)] == ["Applicant12 Surname12"]
        # each word must match, the first or the last name
        both = client.get(url + "?q=Applicant1+Surname13").content.decode()
        assert [n.strip() for n in row_names(both)] == ["Applicant13 Surname13"]
        none = client.get(url + "?q=zzz").content.decode()
        assert row_names(none) == [] and "No application matches." in none

    def test_the_applications_stay_the_managers(self, world: Any) -> None:
        m = make_masterlab(world, closed=False)
        applicants(world, m, 3)
        page = login(world["paris"]["student"]).get(f"/labs/masterlabs/{m.uuid}/?q=a")
        assert page.status_code == 200
        assert "Applicant1" not in page.content.decode()

    def test_reads_do_not_grow_with_the_applications(self, world: Any) -> None:
        m = make_masterlab(world)
        client = login(world["paris"]["manager"])
        applicants(world, m, 3)
        small = (
            count(client, f"/labs/masterlabs/{m.uuid}/"),
            count(client, f"/labs/masterlabs/{m.uuid}/selection/?unscored=on"),
        )
        applicants(world, m, 40, start=3)
        assert (
            count(client, f"/labs/masterlabs/{m.uuid}/"),
            count(client, f"/labs/masterlabs/{m.uuid}/selection/?unscored=on"),
        ) == small


class TestScoring:
    def test_only_the_unscored_then_saving_a_page_keeps_the_filter(self, world: Any) -> None:
        m = make_masterlab(world)
        rows = applicants(world, m, 30)
        Application.objects.filter(pk__in=[a.pk for a in rows[:10]]).update(score=5)
        client = login(world["paris"]["manager"])
        url = f"/labs/masterlabs/{m.uuid}/selection/?unscored=on"
        page = client.get(url).content.decode()
        assert "20 applications" in page and "Save the scores of this page" not in page
        shown = [a for a in rows[10:]]
        body = {"action": "scores"}
        for a in shown:
            body[f"score_{a.uuid}"] = "7"
            body[f"note_{a.uuid}"] = ""
        response = client.post(url, body)
        assert response.status_code == 302 and response["Location"].endswith("?unscored=on")
        assert Application.objects.filter(masterlab=m, score=7).count() == 20
        # the scores given before are untouched, and none is left to score
        assert Application.objects.filter(masterlab=m, score=5).count() == 10
        after = client.get(url).content.decode()
        assert "No application matches." in after

    def test_a_page_of_scores_touches_that_page_only(self, world: Any) -> None:
        m = make_masterlab(world)
        applicants(world, m, 30)
        client = login(world["paris"]["manager"])
        url = f"/labs/masterlabs/{m.uuid}/selection/"
        page = client.get(url).content.decode()
        assert "Save the scores of this page" in page
        names = re.findall(r'name="(score_[0-9a-f-]+)"', page)
        assert len(names) == 25
        body = {"action": "scores", **{n: "4" for n in names}}
        assert client.post(url, body).status_code == 302
        assert Application.objects.filter(masterlab=m, score=4).count() == 25
        assert Application.objects.filter(masterlab=m, score__isnull=True).count() == 5

    def test_a_bad_score_changes_nothing_and_says_so(self, world: Any) -> None:
        m = make_masterlab(world)
        rows = applicants(world, m, 2)
        client = login(world["paris"]["manager"])
        url = f"/labs/masterlabs/{m.uuid}/selection/?q=Applicant0"
        response = client.post(
            url, {"action": "scores", f"score_{rows[0].uuid}": "11", f"note_{rows[0].uuid}": ""}
        )
        assert response.status_code == 400
        assert 'aria-invalid="true"' in response.content.decode()
        assert not Application.objects.filter(masterlab=m, score__isnull=False).exists()


class TestCycleLabs:
    def test_the_labs_are_searched_by_title_or_expert_and_filtered(self, labs: Any) -> None:
        client = login(labs.world["paris"]["manager"])
        url = f"/labs/cycles/{labs.cycle.uuid}/"
        titles = {
            lab.uuid: lab.template.title
            for lab in Lab.objects.filter(cycle=labs.cycle).select_related("template")
        }
        everything = client.get(url).content.decode()
        assert "3 labs" in everything
        one = client.get(url + "?level=2").content.decode()
        assert "1 lab" in one and titles[labs.l2.uuid] in one
        assert titles[labs.l1a.uuid] not in one.split("Labs of the cycle", 2)[-1]
        Lab.objects.filter(pk=labs.l1b.pk).update(expert=labs.other_expert)
        type(labs.other_expert).objects.filter(pk=labs.other_expert.pk).update(last_name="Zebulon")
        by_expert = client.get(url + "?q=zebulon").content.decode()
        assert "1 lab" in by_expert
        area = client.get(url + "?area=programming&level=1").content.decode()
        assert "2 labs" in area
        nothing = client.get(url + "?q=zzzz").content.decode()
        assert "No lab matches." in nothing
        # an unknown area or level is ignored, never an error
        assert "3 labs" in client.get(url + "?area=nope&level=9").content.decode()

    def test_the_labs_page_reads_do_not_grow(self, labs: Any) -> None:
        client = login(labs.world["paris"]["manager"])
        url = f"/labs/cycles/{labs.cycle.uuid}/?q=lab"
        small = count(client, url)
        template = labs.l1a.template
        for _k in range(30):
            Lab.objects.create(
                centre=labs.world.paris,
                cycle=labs.cycle,
                template=template,
                level=template.level,
                expert=labs.other_expert,
                slot=labs.wed,
                seats=2,
            )
        assert count(client, url) == small
