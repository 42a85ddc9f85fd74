"""The learning pages and API per role: the student does, the family and staff follow, the
coach and experts review, nobody reaches another student's work."""

from __future__ import annotations

import io
import re
import uuid
from html import unescape

import pytest

from parcours.catalogue.errors import CatalogueError
from parcours.catalogue.models import FocusArea
from parcours.learning import services
from parcours.learning.errors import LearningError
from parcours.learning.models import Attempt, FocusChoice, QuizSitting, Submission
from tests import factories as f
from tests.conftest import Api, assert_error, login
from tests.learning.conftest import AREAS, first_activity, png, right_answers, wrong_answers


def page_sitting(client, quiz):
    """Open the quiz page as the student does; the sitting it shows (its uuid is in the form)."""
    html = client.get(f"/learn/activities/{quiz.uuid}/").content.decode()
    sitting = QuizSitting.objects.get(activity=quiz, submitted_at__isnull=True)
    assert f'name="sitting" value="{sitting.uuid}"' in html
    return sitting


def form_of(quiz, sitting, answers):
    data = {f"q-{k}": v for k, v in answers(quiz, sitting).items()}
    data["sitting"] = str(sitting.uuid)
    return data


def discover(student):
    for slug in AREAS:
        services.activity_start(student=student, activity=first_activity(slug))


def test_student_does_a_tutorial_and_a_quiz_through_pages(paths):
    student = paths["paris"]["student"]
    client = login(student)
    tutorial = first_activity("programming", kind="tutorial")
    page = client.get(f"/learn/activities/{tutorial.uuid}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "I have done it" in page.content.decode()
    assert client.post(f"/learn/activities/{tutorial.uuid}/done/").status_code == 302
    quiz = first_activity("programming", kind="quiz")
    sitting = page_sitting(client, quiz)
    assert page_sitting(client, quiz) == sitting  # reloading asks the same questions
    assert len(sitting.items) == quiz.quiz_draw < quiz.quiz_items.count()
    data = form_of(quiz, sitting, right_answers)
    result = client.post(f"/learn/activities/{quiz.uuid}/quiz/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert result.status_code == 200 and "100 % right" in result.content.decode()
    again = client.post(f"/learn/activities/{quiz.uuid}/quiz/", data)
    assert again.status_code == 200
    assert Attempt.objects.filter(student=student).count() == quiz.quiz_draw
    # sent, the sitting is closed: the page draws the next one
    assert page_sitting(client, quiz) != sitting


def test_quiz_page_with_missing_answers_says_so_and_keeps_the_others(paths):
    client = login(paths["paris"]["student"])
    quiz = first_activity("programming", kind="quiz")
    sitting = page_sitting(client, quiz)
    data = form_of(quiz, sitting, right_answers)
    first_key = next(k for k in data if k.startswith("q-"))
    kept = {k: v for k, v in data.items() if k != first_key}
    response = client.post(f"/learn/activities/{quiz.uuid}/quiz/", kept, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 400 and html.count("Answer this question.") == 1
    assert f'id="err-{first_key[2:]}"' in html
    assert not Attempt.objects.exists()
    # the same sitting is asked again, with what was answered still ticked or typed
    assert f'name="sitting" value="{sitting.uuid}"' in html
    for key, values in kept.items():
        if key.startswith("q-"):
            item = quiz.quiz_items.get(uuid=key[2:])
            if item.kind in ("single", "multiple"):
                for v in values:
                    assert f'name="{key}" value="{v}" checked' in html
            else:
                assert f'value="{values[0]}"' in html


def test_quiz_page_sent_with_an_unknown_or_foreign_sitting_changes_nothing(paths):
    student, other = paths["paris"]["student"], paths["paris"]["other_student"]
    quiz = first_activity("programming", kind="quiz")
    theirs = page_sitting(login(other), quiz)
    client = login(student)
    for sitting in ("not-a-uuid", "", "6b0f7b1e-2c2e-4f57-9a53-3f1f3b1c9d11", str(theirs.uuid)):
        data = {f"q-{k}": v for k, v in right_answers(quiz, theirs).items()} | {"sitting": sitting}
        response = client.post(
            f"/learn/activities/{quiz.uuid}/quiz/", data, HTTP_ACCEPT_LANGUAGE="en"
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "These questions are no longer the quiz" in unescape(html)
        mine = QuizSitting.objects.get(student=student, submitted_at__isnull=True)
        assert f'name="sitting" value="{mine.uuid}"' in html  # a sheet of their own to answer
    assert not Attempt.objects.exists()
    theirs.refresh_from_db()
    assert theirs.submitted_at is None


def test_choose_areas_page(paths):
    student = paths["paris"]["student"]
    client = login(student)
    page = client.get("/learn/discovery/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "disabled" in page  # nothing tried yet
    discover(student)
    ids = [str(a.pk) for a in FocusArea.objects.filter(slug__in=AREAS)]
    assert client.post("/learn/discovery/", {"areas": ids[:1]}).status_code == 400
    assert client.post("/learn/discovery/", {"areas": ids}).status_code == 302
    assert FocusChoice.objects.filter(student=student).count() == 3
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My path" in home and "Next:" in home


@pytest.mark.parametrize("role", ["coach", "expert", "manager", "guardian"])
def test_staff_and_family_follow_the_student(paths, role):
    student = paths["paris"]["student"]
    assert login(paths["paris"][role]).get(f"/learn/students/{student.uuid}/").status_code == 200
    assert Api(paths["paris"][role]).get(f"/students/{student.uuid}/path").status_code == 200


@pytest.mark.parametrize("role", ["coach", "expert", "manager", "guardian"])
def test_every_link_on_a_followed_students_page_opens_for_its_reader(paths, role):
    """Issue 11 walkthrough: the page linked each area to the student's own path page and
    each project to the student's activity page, a 403 for everyone who follows them."""
    student = paths["paris"]["student"]
    discover(student)
    services.focus_choose(student=student, areas=list(FocusArea.objects.filter(slug__in=AREAS)))
    f.submission(student, "paris-poster")  # waiting for review
    client = login(paths["paris"][role])
    page = client.get(f"/learn/students/{student.uuid}/", HTTP_ACCEPT_LANGUAGE="en")
    main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    links = set(re.findall(r'href="(/[^"#]*)"', unescape(main)))
    assert links, "the page links somewhere"
    dead = {href: client.get(href).status_code for href in links}
    assert all(code < 400 for code in dead.values()), dead
    can_review = role != "guardian"  # the family reads; the staff who may review get the link
    assert ("/learn/reviews/" in main) == can_review, role


@pytest.mark.parametrize(
    ("centre", "role"),
    [("paris", "other_student"), ("liege", "coach"), ("liege", "manager"), ("liege", "guardian")],
)
def test_others_do_not_see_the_student(paths, centre, role):
    student = paths["paris"]["student"]
    user = paths[centre][role]
    assert login(user).get(f"/learn/students/{student.uuid}/").status_code == 404
    assert_error(Api(user).get(f"/students/{student.uuid}/path"), 404)


def test_only_coach_or_manager_change_focus_areas(paths):
    student = paths["paris"]["student"]
    discover(student)
    services.focus_choose(student=student, areas=list(FocusArea.objects.filter(slug__in=AREAS)))
    expert_page = login(paths["paris"]["expert"]).post(
        f"/learn/students/{student.uuid}/", {"reason": "x"}
    )
    assert expert_page.status_code == 403
    coach_page = login(paths["paris"]["coach"]).get(
        f"/learn/students/{student.uuid}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Change a focus area" in coach_page.content.decode()


@pytest.fixture
def submitted(paths):
    return services.project_submit(
        student=paths["paris"]["student"],
        activity=first_activity("programming", kind="project"),
        upload=png(),
    )


@pytest.mark.parametrize("role", ["coach", "expert", "manager"])
def test_reviewers_see_the_queue_and_review(paths, submitted, role):
    user = paths["paris"][role]
    queue = Api(user).get("/reviews").json()
    assert [s["uuid"] for s in queue] == [str(submitted.uuid)]
    response = Api(user).post(
        f"/submissions/{submitted.uuid}/review", {"approve": False, "comment": "Sign your work."}
    )
    assert response.status_code == 200 and response.json()["status"] == "changes"
    assert_error(
        Api(user).post(f"/submissions/{submitted.uuid}/review", {"approve": True}),
        409,
        LearningError.ALREADY_REVIEWED,
    )


@pytest.mark.parametrize(
    ("centre", "role"),
    [("paris", "student"), ("paris", "guardian"), ("liege", "coach"), ("liege", "expert")],
)
def test_non_reviewers_cannot_review(paths, submitted, centre, role):
    user = paths[centre][role]
    assert Api(user).get("/reviews").json() == []
    status = 403 if centre == "paris" else 404
    assert_error(Api(user).post(f"/submissions/{submitted.uuid}/review", {"approve": True}), status)
    assert login(user).get(f"/learn/reviews/{submitted.uuid}/").status_code == status
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize(
    ("centre", "role", "allowed"),
    [
        ("paris", "student", True),
        ("paris", "guardian", True),
        ("paris", "coach", True),
        ("paris", "other_student", False),
        ("liege", "manager", False),
    ],
)
def test_the_file_is_served_only_to_those_who_follow_the_student(
    paths, submitted, centre, role, allowed
):
    response = login(paths[centre][role]).get(f"/learn/submissions/{submitted.uuid}/file/")
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        # Shown in place for the review's preview: an image, still sandboxed.
        shown = login(paths[centre][role]).get(f"/learn/submissions/{submitted.uuid}/file/?view=1")
        assert shown["Content-Disposition"].startswith("inline")
        assert shown["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_api_quiz_never_reveals_answers_and_checks_them(paths):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    api = Api(student)
    got = api.get(f"/me/activities/{quiz.uuid}/quiz").json()
    items = got["items"]
    assert len(items) == quiz.quiz_draw
    assert all("answer" not in i and "accepted" not in i and "feedback" not in i for i in items)
    assert api.get(f"/me/activities/{quiz.uuid}/quiz").json() == got  # the same until sent
    sitting = QuizSitting.objects.get(uuid=got["sitting"])
    for shown, entry in zip(items, sitting.items, strict=True):  # choices in the drawn order
        spec = quiz.quiz_items.get(uuid=shown["uuid"]).spec
        assert shown["choices"] == [spec["choices"][i] for i in entry["order"]]
    assert_error(
        api.post(f"/me/activities/{quiz.uuid}/quiz", {"answers": {}, "sitting": got["sitting"]}),
        400,
        LearningError.ANSWERS_INVALID,
    )
    body = {"answers": right_answers(quiz, sitting), "sitting": got["sitting"]}
    result = api.post(f"/me/activities/{quiz.uuid}/quiz", body).json()
    assert result["passed"] and result["score"] == 1.0
    assert all(i["revealed"] and i["feedback"] for i in result["items"])
    assert api.post(f"/me/activities/{quiz.uuid}/quiz", body).json()["replay"] is True
    assert Attempt.objects.filter(student=student).count() == quiz.quiz_draw
    assert_error(
        api.post(f"/me/activities/{quiz.uuid}/quiz", {**body, "sitting": str(uuid.uuid4())}),
        400,
        LearningError.SITTING_UNKNOWN,
    )
    assert_error(api.post(f"/me/activities/{quiz.uuid}/quiz", {"answers": {}}), 422)
    assert_error(api.post(f"/me/activities/{quiz.uuid}/quiz", {"answers": "x"}), 422)
    assert_error(Api(paths["paris"]["coach"]).get(f"/me/activities/{quiz.uuid}/quiz"), 403)


def test_api_project_upload_and_bad_file(paths):
    student = paths["paris"]["student"]
    project = first_activity("programming", kind="project")
    client = Api(student).client
    token = client.cookies["csrftoken"].value
    bad = client.post(
        f"/api/me/activities/{project.uuid}/project",
        {"file": io.BytesIO(b"nope")},
        HTTP_X_CSRFTOKEN=token,
    )
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["file"]
    ok = client.post(
        f"/api/me/activities/{project.uuid}/project", {"file": png()}, HTTP_X_CSRFTOKEN=token
    )
    assert ok.status_code == 201, ok.content
    assert Submission.objects.count() == 1


def test_mastery_page_for_managers_only(paths):
    assert login(paths["paris"]["manager"]).get("/learn/centres/paris/mastery/").status_code == 200
    assert login(paths["paris"]["coach"]).get("/learn/centres/paris/mastery/").status_code == 403
    assert login(paths["liege"]["manager"]).get("/learn/centres/paris/mastery/").status_code == 404
    assert_error(Api(paths["paris"]["coach"]).post("/centres/paris/mastery/fit"), 403)
    response = Api(paths["paris"]["manager"]).post("/centres/paris/mastery/fit")
    # The fit runs after the request's transaction commits: the answer shows it queued.
    assert response.status_code == 202 and response.json()["status"] == "queued"


def test_the_api_tells_a_non_student_in_their_language(paths):
    """One check for pages and API: a coach asking for "my path" gets a 403 with the
    learning path's code and a translated message (the API's was English only)."""
    client = Api(paths["paris"]["coach"]).client
    response = client.get("/api/me/path", HTTP_ACCEPT_LANGUAGE="fr")
    error = assert_error(response, 403, LearningError.NOT_A_STUDENT)
    assert error["message"] == "Seul·es les élèves suivent un parcours."
    page = login(paths["paris"]["coach"]).get("/learn/discovery/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 403


def test_the_api_names_unknown_focus_areas(paths):
    student = paths["paris"]["student"]
    discover(student)
    response = Api(student).post("/me/focus-areas", {"areas": ["programming", "no-such-area"]})
    error = assert_error(response, 400, CatalogueError.UNKNOWN_FOCUS_AREA)
    assert "no-such-area" in error["fields"]["areas"][0]
    assert not FocusChoice.objects.filter(student=student).exists()


def test_pages_and_api_read_in_a_bounded_number_of_queries(
    paths, submitted, django_assert_max_num_queries
):
    """The reads moved out of the views and the API into selectors cost no more queries than
    before the move (figures measured then, session and middleware included)."""
    student = paths["paris"]["student"]
    discover(student)
    services.focus_choose(student=student, areas=list(FocusArea.objects.filter(slug__in=AREAS)))
    quiz = first_activity("programming", kind="quiz")
    as_student, student_api = login(student), Api(student)
    # 21 + the bell's unread count + the first visit draws the sitting (the items answered
    # right before, the row written in a savepoint); later visits show it again for less
    with django_assert_max_num_queries(25):
        assert as_student.get(f"/learn/activities/{quiz.uuid}/").status_code == 200
    with django_assert_max_num_queries(21):
        assert as_student.get(f"/learn/activities/{quiz.uuid}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert student_api.get(f"/me/activities/{quiz.uuid}/quiz").status_code == 200
    for role, page, api in [("coach", 42, 37), ("guardian", 38, 37), ("manager", 43, 37)]:
        client, role_api = login(paths["paris"][role]), Api(paths["paris"][role])
        client.get("/")
        with django_assert_max_num_queries(page):
            assert client.get(f"/learn/students/{student.uuid}/").status_code == 200
        with django_assert_max_num_queries(api):
            assert role_api.get(f"/students/{student.uuid}/path").status_code == 200
    manager = login(paths["paris"]["manager"])
    manager.get("/")
    with django_assert_max_num_queries(22):
        assert manager.get("/learn/centres/paris/mastery/").status_code == 200


def test_an_expert_reviews_the_areas_of_the_labs_they_lead_only(paths):
    """The Paris expert leads a programming lab: they see and review programming projects,
    not music ones; an expert who leads no lab reviews nothing (their labs say their areas)."""
    student = paths["paris"]["student"]
    prog = services.project_submit(
        student=student, activity=first_activity("programming", kind="project"), upload=png()
    )
    music = services.project_submit(
        student=student, activity=first_activity("music", kind="project"), upload=png()
    )
    expert = paths["paris"]["expert"]
    assert [s["uuid"] for s in Api(expert).get("/reviews").json()] == [str(prog.uuid)]
    # They may see the student's work (centre staff) but not review it.
    assert login(expert).get(f"/learn/reviews/{music.uuid}/").status_code == 403
    assert_error(Api(expert).post(f"/submissions/{music.uuid}/review", {"approve": True}), 403)
    music.refresh_from_db()
    assert music.status == "submitted"
    idle = f.member("expert", paths.paris, username="idle-expert")
    assert Api(idle).get("/reviews").json() == []
    # Leading a music lab adds music.
    f.lead_lab(idle, paths.paris, "music")
    assert [s["uuid"] for s in Api(idle).get("/reviews").json()] == [str(music.uuid)]
    # The coach and the manager still see both.
    for role in ("coach", "manager"):
        got = {s["uuid"] for s in Api(paths["paris"][role]).get("/reviews").json()}
        assert got == {str(prog.uuid), str(music.uuid)}


def test_the_review_page_previews_an_image_and_never_shows_other_kinds_in_place(paths, submitted):
    coach = paths["paris"]["coach"]
    page = login(coach).get(f"/learn/reviews/{submitted.uuid}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert f'<img src="/learn/submissions/{submitted.uuid}/file/?view=1"' in html
    Submission.objects.filter(pk=submitted.pk).update(content_type="application/pdf")
    html = login(coach).get(f"/learn/reviews/{submitted.uuid}/").content.decode()
    assert "?view=1" not in html
    forced = login(coach).get(f"/learn/submissions/{submitted.uuid}/file/?view=1")
    assert forced["Content-Disposition"].startswith("attachment")  # a PDF is downloaded


def test_a_failed_quiz_does_not_give_the_answers_away(paths):
    """Issue 11: the feedback of an item answered wrong often states the answer; it is shown
    once the item is right. The 'Next' link never points back to the same quiz."""
    student = paths["paris"]["student"]
    client = login(student)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    quiz = first_activity("programming", kind="quiz")
    quiz.quiz_reveal_after = 2  # the explanation after two wrong answers to an item
    quiz.save(update_fields=["quiz_reveal_after"])
    sitting = page_sitting(client, quiz)
    html = unescape(
        client.post(
            f"/learn/activities/{quiz.uuid}/quiz/", form_of(quiz, sitting, wrong_answers)
        ).content.decode()
    )
    assert "Not yet: read the feedback and try again." in html
    for item in quiz.quiz_items.all():
        feedback = item.spec.get("feedback", {}).get("en")
        if feedback:
            assert feedback not in html
    assert "the explanation comes once you have it right" in html
    assert html.count(f'href="/learn/activities/{quiz.uuid}/"') == 1  # Try again, no Next to itself
    # The retry asks the same number of questions, drawn again; an item answered wrong twice
    # now has its explanation, one answered wrong once does not.
    second = page_sitting(client, quiz)
    html = unescape(
        client.post(
            f"/learn/activities/{quiz.uuid}/quiz/", form_of(quiz, second, wrong_answers)
        ).content.decode()
    )
    first_ids = {e["item"] for e in sitting.items}
    for entry in second.items:
        feedback = quiz.quiz_items.get(pk=entry["item"]).spec["feedback"]["en"]
        assert (feedback in html) == (entry["item"] in first_ids)
    third = page_sitting(client, quiz)
    html = unescape(
        client.post(
            f"/learn/activities/{quiz.uuid}/quiz/", form_of(quiz, third, right_answers)
        ).content.decode()
    )
    shown = [quiz.quiz_items.get(pk=e["item"]).spec["feedback"]["en"] for e in third.items]
    assert shown and all(text in html for text in shown)
