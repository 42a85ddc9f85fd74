"""Masterlab selection: the managers score the applications, the engine ranks them within
the priorities (never selected before first, then the score, then the lottery), the
selection is published once, and a place given up goes to the first on the waiting list."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.labs import allocation, services
from parcours.labs.models import Application, Outcome
from tests import factories as f
from tests.conftest import Api, assert_error
from tests.conftest import login as signed_in
from tests.labs.conftest import apply, make_masterlab

pytestmark = pytest.mark.django_db


def login(user: Any) -> Any:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def ml(world: Any) -> dict[str, Any]:
    """Four Paris applicants to a 2-seat masterlab whose applications are closed."""
    m = make_masterlab(world)
    students = [world["paris"]["student"], world["paris"]["other_student"]]
    students += [
        f.student(world.paris, username=f"s{i}", email=f"s{i}@example.org") for i in (3, 4)
    ]
    rows = [apply(m, s) for s in students]
    return {
        "masterlab": m,
        "students": students,
        "rows": rows,
        "manager": world["paris"]["manager"],
    }


def score_all(manager: Any, rows: list[Application], scores: list[int]) -> None:
    for a, s in zip(rows, scores, strict=True):
        services.masterlab_score(actor=manager, application=a, score=s)


class TestSelection:
    def test_scores_rank_within_priorities_and_publish_once(
        self, world: Any, ml: dict[str, Any], django_capture_on_commit_callbacks: Any
    ) -> None:
        m, rows, manager = ml["masterlab"], ml["rows"], ml["manager"]
        # The second applicant was selected for an earlier masterlab: lower priority class,
        # even with the best score.
        earlier = make_masterlab(world, key="ml-old")
        old = apply(earlier, rows[1].student)
        Application.objects.filter(pk=old.pk).update(outcome=Outcome.SELECTED)
        score_all(manager, rows, [6, 10, 9, 3])
        with django_capture_on_commit_callbacks(execute=True):
            services.masterlab_select(actor=manager, masterlab=m)
        got = {
            a.student.username: (a.outcome, a.waitlist_position)
            for a in Application.objects.filter(masterlab=m).select_related("student")
        }
        assert got == {
            "s3": (Outcome.SELECTED, None),
            rows[0].student.username: (Outcome.SELECTED, None),
            "s4": (Outcome.WAITLISTED, 1),
            rows[1].student.username: (Outcome.WAITLISTED, 2),
        }
        # Everyone with an email address is told, in their language, with the reason.
        told = sorted(x.to[0] for x in mail.outbox)
        assert told == sorted(a.student.email for a in rows if a.student.email)
        assert "s3@example.org" in told
        waiting = Application.objects.get(masterlab=m, student=rows[1].student)
        text = allocation.masterlab_sentence(waiting)
        assert "number 2 on the waiting list" in text and "score 6/10" in text
        # Publishing again changes nothing and sends nothing.
        before = m.selected_at
        m.refresh_from_db()
        services.masterlab_select(actor=manager, masterlab=m)
        m.refresh_from_db()
        assert m.selected_at is not None and before is None
        assert sorted(x.to[0] for x in mail.outbox) == told
        # Scores are frozen once published.
        with pytest.raises(Conflict):
            services.masterlab_score(actor=manager, application=rows[0], score=1)

    def test_refused_while_open_or_unscored(self, world: Any, ml: dict[str, Any]) -> None:
        m, rows, manager = ml["masterlab"], ml["rows"], ml["manager"]
        services.masterlab_score(actor=manager, application=rows[0], score=5)
        with pytest.raises(Conflict, match="3 applications are not scored yet"):
            services.masterlab_select(actor=manager, masterlab=m)
        assert not Application.objects.exclude(outcome="").exists()
        opened = make_masterlab(world, closed=False, key="ml-open")
        a = apply(opened, world["paris"]["student"])
        services.masterlab_score(actor=manager, application=a, score=5)
        with pytest.raises(Conflict, match="still open"):
            services.masterlab_select(actor=manager, masterlab=opened)
        opened.refresh_from_db()
        assert opened.selected_at is None

    def test_bad_scores_change_nothing(self, ml: dict[str, Any]) -> None:
        a, manager = ml["rows"][0], ml["manager"]
        for bad in (-1, 11, 99):
            with pytest.raises(ValidationFailed):
                services.masterlab_score(actor=manager, application=a, score=bad)
        with pytest.raises(ValidationFailed):
            services.masterlab_score(actor=manager, application=a, score=5, note="x" * 301)
        a.refresh_from_db()
        assert a.score is None and a.score_note == ""
        services.masterlab_score(actor=manager, application=a, score=7, note="Strong portfolio")
        first = Application.objects.get(pk=a.pk).updated_at
        services.masterlab_score(actor=manager, application=a, score=7, note="Strong portfolio")
        assert Application.objects.get(pk=a.pk).updated_at == first

    def test_give_up_promotes_the_first_waiting_once(
        self, world: Any, ml: dict[str, Any], django_capture_on_commit_callbacks: Any
    ) -> None:
        m, rows, manager = ml["masterlab"], ml["rows"], ml["manager"]
        score_all(manager, rows, [9, 8, 7, 6])
        services.masterlab_select(actor=manager, masterlab=m)
        student, guardian = rows[0].student, world["paris"]["guardian"]
        mail.outbox.clear()
        # Not their child: the Liège guardian and the Paris guardian (for another student).
        with pytest.raises(NotFound):
            services.masterlab_give_up(actor=world["liege"]["guardian"], application=rows[0])
        with pytest.raises(NotFound):
            services.masterlab_give_up(actor=guardian, application=rows[1])
        with django_capture_on_commit_callbacks(execute=True):
            services.masterlab_give_up(actor=guardian, application=rows[0])
        out = {
            a.pk: (a.outcome, a.waitlist_position) for a in Application.objects.filter(masterlab=m)
        }
        assert out[rows[0].pk] == (Outcome.GAVE_UP, None)
        assert out[rows[1].pk] == (Outcome.SELECTED, None)
        assert out[rows[2].pk] == (Outcome.SELECTED, None)
        assert out[rows[3].pk] == (Outcome.WAITLISTED, 2)
        assert [x.to for x in mail.outbox] == [[rows[2].student.email]]
        # Twice, by the student this time: nothing more.
        services.masterlab_give_up(actor=student, application=rows[0])
        assert Application.objects.filter(masterlab=m, outcome=Outcome.SELECTED).count() == 2
        # A manager gives up for a student: the next waiting is promoted.
        services.masterlab_give_up(actor=manager, application=rows[1])
        assert Application.objects.get(pk=rows[3].pk).outcome == Outcome.SELECTED
        assert Application.objects.filter(masterlab=m, outcome=Outcome.SELECTED).count() == 2

    def test_a_masterlab_that_is_over_keeps_its_selection(
        self, world: Any, ml: dict[str, Any]
    ) -> None:
        m, rows, manager = ml["masterlab"], ml["rows"], ml["manager"]
        score_all(manager, rows, [9, 8, 7, 6])
        services.masterlab_select(actor=manager, masterlab=m)
        length = m.last_day - m.first_day
        m.last_day = timezone.localdate() - dt.timedelta(days=1)
        m.first_day = m.last_day - length
        m.save()
        with pytest.raises(Conflict, match="This masterlab is over") as err:
            services.masterlab_give_up(actor=rows[0].student, application=rows[0])
        assert err.value.code == "is_over"
        assert Application.objects.get(pk=rows[0].pk).outcome == Outcome.SELECTED
        page = login(rows[0].student).get(f"/labs/masterlabs/{m.uuid}/").content.decode()
        assert "Give up my place" not in page and "selected" in page.lower()

    def test_give_up_before_publication_is_refused(self, ml: dict[str, Any]) -> None:
        with pytest.raises(Conflict):
            services.masterlab_give_up(actor=ml["rows"][0].student, application=ml["rows"][0])

    def test_only_managers_score_and_select(self, world: Any, ml: dict[str, Any]) -> None:
        m, a = ml["masterlab"], ml["rows"][0]
        for role in ("coach", "expert", "student", "guardian"):
            with pytest.raises(Forbidden):
                services.masterlab_score(actor=world["paris"][role], application=a, score=5)
            with pytest.raises(Forbidden):
                services.masterlab_select(actor=world["paris"][role], masterlab=m)
        with pytest.raises(Forbidden):
            services.masterlab_score(actor=world["liege"]["manager"], application=a, score=5)
        assert Application.objects.get(pk=a.pk).score is None


class TestPagesAndApi:
    def test_manager_scores_previews_and_publishes_on_the_page(
        self, world: Any, ml: dict[str, Any]
    ) -> None:
        m, rows = ml["masterlab"], ml["rows"]
        client = login(ml["manager"])
        url = f"/labs/masterlabs/{m.uuid}/selection/"
        page = client.get(url)
        assert page.status_code == 200
        assert "4 applications are not scored yet" in page.content.decode()
        data = {f"score_{a.uuid}": str(s) for a, s in zip(rows, [3, 9, 8, 1], strict=True)}
        data.update({f"note_{a.uuid}": "" for a in rows})
        bad = client.post(url, {**data, f"score_{rows[0].uuid}": "12"})
        assert bad.status_code == 400
        assert not Application.objects.filter(score__isnull=False).exists()
        ok = client.post(url, {**data, "action": "scores"})
        assert ok.status_code == 302
        assert sorted(Application.objects.values_list("score", flat=True)) == [1, 3, 8, 9]
        preview = client.get(url).content.decode()
        assert "Who would be selected now" in preview and "score 9" in preview
        done = client.post(url, {"action": "publish"}, follow=True)
        assert "The selection is published" in done.content.decode()
        m.refresh_from_db()
        assert m.selected_at is not None
        # The student reads their outcome and reason on the masterlab page.
        page = login(rows[0].student).get(f"/labs/masterlabs/{m.uuid}/").content.decode()
        assert "on the waiting list" in page and "number 1 on the waiting list" in page
        assert "Leave the waiting list" in page

    def test_the_scores_are_saved_all_or_none(self, ml: dict[str, Any]) -> None:
        """``masterlab_scores_set`` (the page's form): one refused score (a withdrawn
        application) leaves the others unscored."""
        rows, manager = ml["rows"], ml["manager"]
        Application.objects.filter(pk=rows[1].pk).update(withdrawn_at=timezone.now())
        with pytest.raises(Conflict) as refused:
            services.masterlab_scores_set(
                actor=manager, scores=[(rows[0], 7, "good"), (rows[1], 5, "")]
            )
        assert refused.value.code == "withdrawn"
        rows[0].refresh_from_db()
        assert rows[0].score is None
        saved = services.masterlab_scores_set(actor=manager, scores=[(rows[0], 7, "good")])
        assert [(a.score, a.score_note) for a in saved] == [(7, "good")]

    def test_selection_page_is_for_managers_only(self, world: Any, ml: dict[str, Any]) -> None:
        url = f"/labs/masterlabs/{ml['masterlab'].uuid}/selection/"
        for role in ("coach", "expert", "student", "guardian"):
            assert login(world["paris"][role]).get(url).status_code == 403
        assert login(world["liege"]["manager"]).get(url).status_code == 404

    def test_api_scores_selection_and_give_up(self, world: Any, ml: dict[str, Any]) -> None:
        m, rows = ml["masterlab"], ml["rows"]
        api = Api(ml["manager"])
        listed = api.get(f"/masterlabs/{m.uuid}/applications")
        assert listed.status_code == 200 and len(listed.json()) == 4
        bad = api.put(f"/masterlab-applications/{rows[0].uuid}/score", {"score": 11})
        assert_error(bad, 422, "invalid")  # the schema refuses it before the service
        for a, s in zip(rows, [9, 8, 7, 6], strict=True):
            r = api.put(f"/masterlab-applications/{a.uuid}/score", {"score": s, "note": "ok"})
            assert r.status_code == 200 and r.json()["score"] == s
        preview = api.get(f"/masterlabs/{m.uuid}/selection").json()
        assert [x["application"] for x in preview["selected"]] == [
            str(rows[0].uuid),
            str(rows[1].uuid),
        ]
        assert preview["published_at"] is None and preview["unscored"] == 0
        published = api.post(f"/masterlabs/{m.uuid}/selection", {})
        assert published.status_code == 200 and published.json()["published_at"]
        again = api.post(f"/masterlabs/{m.uuid}/selection", {})
        assert again.json()["published_at"] == published.json()["published_at"]
        student_api = Api(rows[0].student)
        mine = student_api.get(f"/masterlabs/{m.uuid}/application").json()
        assert mine["outcome"] == "selected" and "selected" in mine["reason"]
        gave = student_api.post(f"/masterlab-applications/{rows[0].uuid}/give-up", {})
        assert gave.status_code == 200 and gave.json()["outcome"] == "gave_up"
        assert Application.objects.get(pk=rows[2].pk).outcome == Outcome.SELECTED
        # Other people: the student cannot score, list or select; Liège sees nothing.
        assert_error(student_api.get(f"/masterlabs/{m.uuid}/applications"), 403)
        assert_error(
            student_api.put(f"/masterlab-applications/{rows[1].uuid}/score", {"score": 1}), 404
        )
        liege = Api(world["liege"]["manager"])
        assert_error(liege.get(f"/masterlabs/{m.uuid}/selection"), 404)
        assert_error(liege.post(f"/masterlab-applications/{rows[1].uuid}/give-up", {}), 404)

    def test_family_page_and_api(self, world: Any, ml: dict[str, Any]) -> None:
        m, rows, manager = ml["masterlab"], ml["rows"], ml["manager"]
        score_all(manager, rows, [9, 8, 7, 6])
        services.masterlab_select(actor=manager, masterlab=m)
        guardian = world["paris"]["guardian"]
        page = login(guardian).get("/labs/family/").content.decode()
        assert "AI masterlab" in page and "You are selected" in page
        api = Api(guardian).get("/me/family/masterlabs").json()
        assert [x["outcome"] for x in api] == ["selected"]
        other = Api(world["liege"]["guardian"]).get("/me/family/masterlabs").json()
        assert other == []


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seats=st.integers(1, 6),
    keys=st.lists(st.tuples(st.integers(0, 1), st.integers(0, 10)), min_size=1, max_size=12),
)
def test_ranking_is_top_seats_by_class_score_lottery(
    seats: int, keys: list[tuple[int, int]]
) -> None:
    """Property: the engine's masterlab ranking selects exactly min(seats, n) applicants,
    each with a (class, score, lottery) at least as good as anyone waiting, and the waiting
    list is in that order."""
    m = SimpleNamespace(uuid=uuidlib.uuid4(), seats=seats)
    rows = [
        SimpleNamespace(pk=i + 1, student_id=100 + i, score=s, applied_at=timezone.now())
        for i, (_, s) in enumerate(keys)
    ]
    alumni = {100 + i for i, (c, _) in enumerate(keys) if c == 0}
    ranking = allocation.rank_masterlab(m, rows, alumni)  # type: ignore[arg-type]
    k = ranking.keys
    assert len(ranking.selected) == min(seats, len(rows))
    order = lambda a: (-k[a.pk][0], -k[a.pk][1], k[a.pk][2], a.pk)  # noqa: E731
    assert [a.pk for a in ranking.waitlist] == [a.pk for a in sorted(ranking.waitlist, key=order)]
    if ranking.waitlist:
        worst = max(order(a) for a in ranking.selected)
        assert all(order(a) > worst for a in ranking.waitlist)
    assert {a.pk for a in ranking.selected} | {a.pk for a in ranking.waitlist} == {
        r.pk for r in rows
    }
