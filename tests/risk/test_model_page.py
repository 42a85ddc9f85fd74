"""The managers' model page (issue 15): a training runs in the background (queued once, its
progress shown), measures the centre's model against the rule on held-out students, its
calibration and its recall per group, hiding groups under the minimum cell size; only the
centre's managers (and network admins) see it, in the page as in the API."""

from __future__ import annotations

import pytest

from parcours.core.errors import NotFound
from parcours.people.models import StudentProfile
from parcours.risk import selectors, services
from parcours.risk.models import RiskFit
from tests.conftest import assert_error, login
from tests.risk.conftest import build_centre
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


def test_a_training_is_queued_once_runs_and_leaves_its_figures(
    world, settings, django_capture_on_commit_callbacks
):
    build_centre(world)
    StudentProfile.objects.filter(centre=world.paris).update(gender="female")
    manager = world["paris"]["manager"]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(manager).post(f"/coaching/model/{world.paris.slug}/")
    assert response.status_code == 302
    fit = RiskFit.objects.get()
    assert (fit.status, fit.progress) == ("done", 100)
    figures = fit.figures
    assert figures["weeks"] >= 12 and figures["students"] == 12
    assert figures["rule"]["auc"] is None or 0 <= figures["rule"]["auc"] <= 1
    # 12 students, 4 or so measured: every group is under the minimum cell size
    assert figures["groups"] == [] and figures["hidden_groups"] >= 1
    # too few leavers for a model: said so on the page
    page = login(manager).get(f"/coaching/model/{world.paris.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Not enough leavers yet to train a model" in page.content.decode()


def test_a_second_request_while_one_runs_returns_it(world):
    manager = world["paris"]["manager"]
    first = services.fit_request(actor=manager, centre=world.paris)  # not run: no commit
    again = services.fit_request(actor=manager, centre=world.paris)
    assert first.pk == again.pk and RiskFit.objects.count() == 1
    page = login(manager).get(
        f"/coaching/model/{world.paris.slug}/", HTTP_X_REQUESTED_WITH="x", HTTP_HX_REQUEST="true"
    )
    assert 'hx-trigger="every 2s"' in page.content.decode()


@pytest.mark.parametrize("who", ["coach", "expert", "student", "guardian"])
def test_only_managers_see_and_train_the_model(world, who, api):
    person = world["paris"][who]
    slug = world.paris.slug
    assert login(person).get(f"/coaching/model/{slug}/").status_code == 404
    assert login(person).post(f"/coaching/model/{slug}/").status_code == 404
    with pytest.raises(NotFound):
        services.fit_request(actor=person, centre=world.paris)
    assert_error(api(person).get(f"/coaching/centres/{slug}/model"), 404)
    assert_error(api(person).post(f"/coaching/centres/{slug}/model/fit"), 404)
    liege = world["liege"]["manager"]
    assert login(liege).get(f"/coaching/model/{slug}/").status_code == 404
    assert not RiskFit.objects.exists()


def test_the_api_queues_and_reads_the_model(world, api, django_capture_on_commit_callbacks):
    build_centre(world)
    client = api(world["paris"]["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(f"/coaching/centres/{world.paris.slug}/model/fit")
    assert queued.status_code == 202
    body = client.get(f"/coaching/centres/{world.paris.slug}/model").json()
    assert body["active"] is None and body["latest"]["status"] == "done"
    assert body["latest"]["figures"]["students"] == 12


FIGURES = {
    "day": "2026-12-04",
    "weeks": 13,
    "students": 400,
    "test_students": 120,
    "leavers": 80,
    "leavers_known": 60,
    "model": {"auc": 0.71, "pr_auc": 0.3, "precision_top": 0.4, "recall_top": 0.35},
    "rule": {"auc": 0.6, "pr_auc": 0.2, "precision_top": 0.3, "recall_top": 0.25},
    "calibration": [{"low": 0.0, "high": 0.05, "rows": 300, "predicted": 0.03, "observed": 0.04}],
    "groups": [
        {
            "attribute": "gender",
            "group": "girls",
            "students": 60,
            "rows": 600,
            "leavers": 40,
            "found": 16,
            "recall": 0.4,
        },
        {
            "attribute": "gender",
            "group": "boys",
            "students": 60,
            "rows": 600,
            "leavers": 40,
            "found": 12,
            "recall": 0.3,
        },
    ],
    "hidden_groups": 2,
}


def test_the_figures_show_groups_large_enough_with_their_gap(world):
    fit = RiskFit(figures=FIGURES)
    assert not selectors.model_figures(fit, min_leavers=61)["enough"]
    shown = selectors.model_figures(fit, min_leavers=30)
    assert shown["enough"]
    assert shown["model"]["recall_top"] == 35 and shown["rule"]["auc"] == 0.6
    [gender] = shown["attributes"]
    assert gender["gap"] == 10 and [g["recall"] for g in gender["groups"]] == [40, 30]
    assert shown["calibration"][0]["value"] == 4 and shown["hidden_groups"] == 2


def test_the_page_shows_quality_calibration_and_groups_once_enough_left(world):
    RiskFit.objects.create(centre=world.paris, status="done", progress=100, figures=FIGURES)
    page = login(world["paris"]["manager"]).get(
        f"/coaching/model/{world.paris.slug}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "0.71" in text and "the rule: 0.60" in text
    assert "Calibration bands" in text and "Gap: 10 points." in text
    assert "2 groups too small to be shown." in text


def test_the_model_page_reads_the_same_queries_with_one_or_many_trainings(world):
    """Issue 15: the page reads the latest training and the list of the last ones, whatever
    their number or the size of their figures."""
    manager = login(world["paris"]["manager"])
    url = f"/coaching/model/{world.paris.slug}/"
    RiskFit.objects.create(centre=world.paris, status="done", progress=100, figures=FIGURES)
    manager.get(url)
    one = queries_of(manager, url)
    bigger = {**FIGURES, "groups": FIGURES["groups"] * 6, "calibration": FIGURES["calibration"] * 6}
    for _ in range(12):
        RiskFit.objects.create(centre=world.paris, status="done", progress=100, figures=bigger)
    RiskFit.objects.create(centre=world.liege, status="done", progress=100, figures=bigger)
    assert queries_of(manager, url) == one
