"""The learning path's writes: choice of focus areas, activities, quizzes, projects, review,
mastery. Bad input changes nothing; repeats double nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from parcours.catalogue.models import CentreFocusArea, FocusArea, QuizItem
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.engine import mastery as bkt
from parcours.engine import mastery_ability
from parcours.learning import selectors, services
from parcours.learning.errors import LearningError
from parcours.learning.models import (
    ActivityProgress,
    Attempt,
    FocusChoice,
    Mastery,
    MasteryParams,
    QuizSitting,
    Submission,
)
from parcours.learning.tasks import fit_centre_mastery
from parcours.schedule.models import Session, Slot
from tests.attendance.conftest import enrol
from tests.learning.conftest import AREAS, first_activity, png, right_answers, take


def discover(student):
    for slug in AREAS:
        services.activity_start(student=student, activity=first_activity(slug))


def areas(*slugs):
    return list(FocusArea.objects.filter(slug__in=slugs))


def test_choice_opens_after_trying_every_area(paths):
    student = paths["paris"]["student"]
    services.activity_start(student=student, activity=first_activity("programming"))
    with pytest.raises(Conflict):
        services.focus_choose(student=student, areas=areas(*AREAS))
    discover(student)
    chosen = services.focus_choose(student=student, areas=areas(*AREAS))
    assert {c.focus_area.slug for c in chosen} == set(AREAS)
    # The same choice again doubles nothing; another one goes through the coach.
    services.focus_choose(student=student, areas=areas(*AREAS))
    assert FocusChoice.objects.filter(student=student).count() == 3
    with pytest.raises(Conflict):
        services.focus_choose(student=student, areas=areas("programming", "music", "robotics"))


def test_choice_waits_for_the_discovery_sessions_of_the_weekly_slot(paths):
    """With a weekly slot, the choice opens once every area is tried AND the centre's
    discovery sessions (3) have been held since the registration; cancelled ones and sessions
    before the registration do not count."""
    student = paths["paris"]["student"]
    slot = Slot.objects.create(centre=paths.paris, label="Mardi soir", seats=20)
    registration = enrol(student, slot)
    now = timezone.now()
    type(registration).objects.filter(pk=registration.pk).update(
        decided_at=now - dt.timedelta(days=30)
    )

    def session(days_ago: int, cancelled: bool = False) -> None:
        start = now - dt.timedelta(days=days_ago)
        Session.objects.create(
            centre=paths.paris,
            slot=slot,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            cancelled=cancelled,
        )

    session(40)  # before the registration
    session(21, cancelled=True)
    session(14)
    discover(student)
    assert selectors.discovery_sessions_held(student) == (1, 3)
    assert not selectors.discovery_done(student)
    with pytest.raises(Conflict) as refused:
        services.focus_choose(student=student, areas=areas(*AREAS))
    assert refused.value.code == LearningError.DISCOVERY_UNFINISHED
    session(7)
    session(1)
    assert selectors.discovery_sessions_held(student) == (3, 3)
    chosen = services.focus_choose(student=student, areas=areas(*AREAS))
    assert len(chosen) == 3


@pytest.mark.parametrize("slugs", [("programming",), ("programming", "music", "robotics")])
def test_choice_must_be_n_offered_areas(paths, slugs):
    student = paths["paris"]["student"]
    discover(student)
    with pytest.raises(ValidationFailed):
        services.focus_choose(student=student, areas=areas(*slugs))
    assert not FocusChoice.objects.filter(student=student).exists()


def test_coach_changes_a_focus_area_and_progress_is_kept(paths):
    student, coach = paths["paris"]["student"], paths["paris"]["coach"]
    discover(student)
    services.focus_choose(student=student, areas=areas("programming", "music", "drawing"))
    services.tutorial_complete(student=student, activity=first_activity("music"))
    CentreFocusArea.objects.filter(centre=paths.paris, focus_area__slug="robotics").update(
        is_offered=True
    )
    for other in ("paris-other", "liege-coach"):
        user = (
            paths["paris"]["other_student"] if other == "paris-other" else paths["liege"]["coach"]
        )
        with pytest.raises(Forbidden):
            services.focus_change(
                actor=user,
                student=student,
                drop=areas("music")[0],
                add=areas("robotics")[0],
                reason="Wants robots",
            )
    with pytest.raises(ValidationFailed):
        services.focus_change(
            actor=coach,
            student=student,
            drop=areas("music")[0],
            add=areas("robotics")[0],
            reason=" ",
        )
    services.focus_change(
        actor=coach,
        student=student,
        drop=areas("music")[0],
        add=areas("robotics")[0],
        reason="Wants robots",
    )
    assert [a.slug for a in selectors.chosen_areas(student)] == [
        "programming",
        "drawing",
        "robotics",
    ]
    assert ActivityProgress.objects.filter(
        student=student, activity=first_activity("music")
    ).exists()


def test_an_activity_of_another_centre_or_area_is_out_of_reach(paths):
    student = paths["liege"]["student"]  # Liège offers only programming, none of its content
    with pytest.raises(NotFound):
        services.activity_start(student=student, activity=first_activity("music"))
    with pytest.raises(Forbidden):
        services.activity_start(student=paths["paris"]["coach"], activity=first_activity("music"))


def test_tutorial_done_is_idempotent(paths):
    student = paths["paris"]["student"]
    tutorial = first_activity("programming", kind="tutorial")
    first = services.tutorial_complete(student=student, activity=tutorial)
    again = services.tutorial_complete(student=student, activity=tutorial)
    assert first.pk == again.pk and again.completed_at == first.completed_at
    assert ActivityProgress.objects.filter(student=student).count() == 1


def test_quiz_right_answers_pass_and_raise_mastery(paths):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    result = take(student, quiz)
    assert result.score == 1.0 and result.passed
    progress = ActivityProgress.objects.get(student=student, activity=quiz)
    assert progress.status == "done" and progress.best_score == 1.0
    n_items = quiz.quiz_draw  # a sitting asks a draw of the bank
    assert 0 < n_items < quiz.quiz_items.count()
    assert Attempt.objects.filter(student=student, activity=quiz).count() == n_items
    rows = list(Mastery.objects.filter(student=student))
    assert {r.competency_id for r in rows} == set(quiz.competencies.values_list("pk", flat=True))
    for row in rows:
        assert row.p_known > bkt.DEFAULT.p_init
    # each answer is evidence about the competency its item checks, and only that one
    drawn = QuizItem.objects.filter(attempts__student=student)
    expected = {r.competency_id: drawn.filter(competency=r.competency_id).count() for r in rows}
    assert {r.competency_id: r.observations for r in rows} == expected


def test_quiz_wrong_answers_do_not_pass_and_can_be_retried(paths):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    result = take(student, quiz, right=False)
    assert result.score == 0.0 and not result.passed
    assert ActivityProgress.objects.get(student=student, activity=quiz).status == "started"
    retry = take(student, quiz)
    assert retry.passed
    assert Attempt.objects.filter(student=student, activity=quiz).count() == 2 * quiz.quiz_draw


def test_quiz_resent_with_the_same_sitting_records_nothing_more(paths):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    sitting = services.quiz_sitting_open(student=student, activity=quiz)
    take(student, quiz, sitting=sitting)
    before = Mastery.objects.filter(student=student).values_list("p_known", flat=True)
    before = sorted(before)
    again = services.quiz_submit(
        student=student,
        activity=quiz,
        answers=right_answers(quiz, sitting),
        sitting=sitting.uuid,
    )
    assert again.replay and again.score == 1.0
    assert Attempt.objects.filter(student=student).count() == quiz.quiz_draw
    assert (
        sorted(Mastery.objects.filter(student=student).values_list("p_known", flat=True)) == before
    )


@pytest.mark.parametrize("breaker", ["missing", "garbage"])
def test_quiz_with_unreadable_answers_records_nothing(paths, breaker):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    sitting = services.quiz_sitting_open(student=student, activity=quiz)
    answers = right_answers(quiz, sitting)
    key = next(iter(answers))
    if breaker == "missing":
        answers.pop(key)
    else:
        answers[key] = ["not-a-choice-nor-a-number-%%"]
        item = quiz.quiz_items.get(uuid=key)
        if item.spec["type"] == "text":  # any text is readable; break another item
            key = next(k for k in answers if quiz.quiz_items.get(uuid=k).spec["type"] != "text")
            answers[key] = ["not-a-choice-nor-a-number-%%"]
    with pytest.raises(ValidationFailed) as err:
        services.quiz_submit(student=student, activity=quiz, answers=answers, sitting=sitting.uuid)
    assert key in err.value.fields
    assert not Attempt.objects.exists() and not Mastery.objects.exists()
    assert not ActivityProgress.objects.exists()
    sitting.refresh_from_db()
    assert sitting.submitted_at is None  # still open: the same questions are asked again


def project_of(area="programming"):
    return first_activity(area, kind="project")


def test_project_submit_review_changes_resubmit_approve(paths):
    student, coach = paths["paris"]["student"], paths["paris"]["coach"]
    project = project_of()
    first = services.project_submit(student=student, activity=project, upload=png(), note="v1")
    assert (
        first.version == 1
        and first.media_kind == "image"
        and first.file.storage.exists(first.file.name)
    )
    with pytest.raises(Conflict):  # already waiting
        services.project_submit(student=student, activity=project, upload=png())
    with pytest.raises(ValidationFailed):  # changes need a comment
        services.submission_review(actor=coach, submission=first, approve=False, comment="")
    services.submission_review(
        actor=coach, submission=first, approve=False, comment="Add a title to your poster."
    )
    assert ActivityProgress.objects.get(student=student, activity=project).status == "changes"
    with pytest.raises(Conflict):  # reviewing twice
        services.submission_review(actor=coach, submission=first, approve=True)
    second = services.project_submit(student=student, activity=project, upload=png("v2.png"))
    assert second.version == 2
    services.submission_review(actor=paths["paris"]["expert"], submission=second, approve=True)
    assert ActivityProgress.objects.get(student=student, activity=project).status == "done"
    with pytest.raises(Conflict):
        services.project_submit(student=student, activity=project, upload=png())


@pytest.mark.parametrize(
    ("role", "refusal"),
    [("student", Forbidden), ("guardian", Forbidden), ("other_student", NotFound)],
)
def test_families_cannot_review(paths, role, refusal):
    """The student and their family see the work but may not review it; another student does
    not even see it."""
    submission = services.project_submit(
        student=paths["paris"]["student"], activity=project_of(), upload=png()
    )
    with pytest.raises(refusal):
        services.submission_review(actor=paths["paris"][role], submission=submission, approve=True)
    with pytest.raises(NotFound):
        services.submission_review(
            actor=paths["liege"]["manager"], submission=submission, approve=True
        )
    submission.refresh_from_db()
    assert submission.status == "submitted"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "not accepted"),
        ("poster.png", b"this is not a picture at all", "does not match"),
        ("empty.png", b"", "empty"),
        ("model.obj", b"<html>not a model</html>", "3D model"),
        ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
        (
            "logo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
            "not accepted",
        ),
        ("photo.jpg", b"<!DOCTYPE html><script>alert(1)</script>", "does not match"),
    ],
)
def test_refused_uploads_store_nothing(paths, media, name, content, message):
    student = paths["paris"]["student"]
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationFailed) as err:
        services.project_submit(student=student, activity=project_of(), upload=upload)
    assert message in str(err.value.message)
    assert not Submission.objects.exists()
    stored = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert stored == []


def test_a_3d_model_is_accepted(paths):
    obj = SimpleUploadedFile("cube.obj", b"# cube\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
    submission = services.project_submit(
        student=paths["paris"]["student"], activity=project_of(), upload=obj
    )
    assert submission.media_kind == "model3d"


def test_too_large_a_file_is_refused(paths, settings):
    big = SimpleUploadedFile("huge.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    big.size = 16 * 1024 * 1024
    with pytest.raises(ValidationFailed) as err:
        services.project_submit(
            student=paths["paris"]["student"], activity=project_of(), upload=big
        )
    assert "too large" in str(err.value.message)


def test_a_failed_record_leaves_no_file_behind(paths, media, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_progress", boom)
    with pytest.raises(RuntimeError):
        services.project_submit(
            student=paths["paris"]["student"], activity=project_of(), upload=png()
        )
    assert not Submission.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_fit_request_is_idempotent_and_the_task_fits(paths, django_capture_on_commit_callbacks):
    manager = paths["paris"]["manager"]
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    per_competency = every_item(quiz)
    take(student, quiz, right=False)
    take(student, quiz)
    with django_capture_on_commit_callbacks(execute=False):
        fit = services.mastery_fit_request(actor=manager, centre=paths.paris)
        again = services.mastery_fit_request(actor=manager, centre=paths.paris)
    assert fit.pk == again.pk
    with pytest.raises(Forbidden):
        services.mastery_fit_request(actor=paths["paris"]["coach"], centre=paths.paris)
    result = fit_centre_mastery.call(fit.pk)
    fit.refresh_from_db()
    assert fit.status == "done" and fit.progress == 100 and result["rows"] > 0
    rows = list(Mastery.objects.filter(student=student))
    assert rows
    for row in rows:
        assert 0.0 <= row.p_known <= 1.0
        # The refit recomputed the trace; the second, immediate sending was not counted.
        assert row.trace["attempts"] == per_competency[row.competency_id]
    for params in MasteryParams.objects.filter(centre=paths.paris):
        assert params.rows == per_competency[params.competency_id]
        assert params.p_forget == 0.0
        assert 0.0 < params.p_guess < 0.5 and 0.0 < params.p_slip < 0.5
    # The estimates are the engine's, from the stored traces.
    traces = {row.competency_id: services.trace_of(row) for row in rows}
    expected = mastery_ability.student_mastery(traces)
    for row in rows:
        assert row.p_known == pytest.approx(expected[row.competency_id])


def every_item(quiz):
    """Ask the whole bank at each sitting (the same questions again: the retry rule's case);
    the number of items that are evidence about each competency."""
    quiz.quiz_draw = 0
    quiz.save(update_fields=["quiz_draw"])
    counts: dict[int, int] = {}
    for item in quiz.quiz_items.all():
        counts[item.competency_id] = counts.get(item.competency_id, 0) + 1
    return counts


def mastery_of(student):
    return dict(Mastery.objects.filter(student=student).values_list("competency_id", "p_known"))


def test_retrying_a_quiz_at_once_does_not_raise_mastery(paths):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    per_competency = every_item(quiz)
    take(student, quiz, right=False)
    after_wrong = mastery_of(student)
    retry = take(student, quiz)
    assert retry.passed  # the quiz is done: retries are allowed...
    assert mastery_of(student) == pytest.approx(after_wrong)  # ...but prove no mastery
    for row in Mastery.objects.filter(student=student):
        n_items = per_competency[row.competency_id]
        assert row.observations == 2 * n_items  # every answer is recorded
        assert row.trace["attempts"] == n_items  # only the first answers count
    # A day later the same questions count again: a right answer then shows retention.
    Attempt.objects.filter(student=student).update(
        answered_at=F("answered_at") - dt.timedelta(days=1)
    )
    take(student, quiz)
    later = mastery_of(student)
    assert set(later) == set(after_wrong)
    assert all(later[c] > after_wrong[c] for c in later)
    for row in Mastery.objects.filter(student=student):
        assert row.trace["attempts"] == 2 * per_competency[row.competency_id]


def test_mastery_follows_the_engine_and_the_ability_spans_competencies(paths):
    student = paths["paris"]["student"]
    programming = first_activity("programming", kind="quiz")
    music = first_activity("music", kind="quiz")
    comps = set(programming.competencies.values_list("pk", flat=True))
    music_comps = set(music.competencies.values_list("pk", flat=True))
    for comp_id in comps | music_comps:  # a fit that found able students know more
        MasteryParams.objects.create(
            centre=paths.paris,
            competency_id=comp_id,
            p_init=0.3,
            p_learn=0.15,
            p_guess=0.2,
            p_slip=0.1,
            init_ability=1.5,
            learn_ability=0.5,
        )
    take(student, music, right=False)
    before = {c: p for c, p in mastery_of(student).items() if c in music_comps}
    take(student, programming)
    rows = list(Mastery.objects.filter(student=student))
    traces = {row.competency_id: services.trace_of(row) for row in rows}
    expected = mastery_ability.student_mastery(traces)
    for row in rows:
        assert row.p_known == pytest.approx(expected[row.competency_id])
    # Right answers in programming say the student is able, so the mastery of the music
    # competencies rose too, though no music answer was given since.
    after = mastery_of(student)
    assert before and all(after[c] > before[c] + 0.01 for c in before)


def test_an_estimate_from_before_the_ability_model_goes_on_from_its_value(paths):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    comp = quiz.competencies.first()
    per_competency = every_item(quiz)
    Mastery.objects.create(
        centre=paths.paris, student=student, competency=comp, p_known=0.6, observations=4
    )
    take(student, quiz)
    row = Mastery.objects.get(student=student, competency=comp)
    assert row.p_known > 0.6 and row.observations == 4 + per_competency[comp.pk]
    assert row.trace["attempts"] == 4 + per_competency[comp.pk]


def test_a_sitting_is_drawn_once_and_the_next_asks_new_questions_first(paths):
    """Issue 11: a quiz draws from its bank; reloading gives the same sheet (no drawing again
    until an easy one comes), and after a sending the items answered right come last."""
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    bank = set(quiz.quiz_items.values_list("pk", flat=True))
    first = services.quiz_sitting_open(student=student, activity=quiz)
    assert services.quiz_sitting_open(student=student, activity=quiz) == first
    asked = {e["item"] for e in first.items}
    assert len(asked) == quiz.quiz_draw and asked < bank
    # a sitting covers the quiz's competencies
    covered = set(QuizItem.objects.filter(pk__in=asked).values_list("competency", flat=True))
    assert covered == set(quiz.competencies.values_list("pk", flat=True))
    take(student, quiz, sitting=first)
    second = services.quiz_sitting_open(student=student, activity=quiz)
    assert second != first
    assert bank - asked <= {e["item"] for e in second.items}  # the ones not asked yet are in
    assert QuizSitting.objects.filter(student=student, submitted_at__isnull=True).count() == 1


def test_a_sitting_drawn_before_the_quiz_changed_is_drawn_again(paths):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    stale = services.quiz_sitting_open(student=student, activity=quiz)
    gone = QuizItem.objects.get(pk=stale.items[0]["item"])
    answers = right_answers(quiz, stale)
    gone.delete()  # the catalogue's editors removed a question meanwhile
    quiz = first_activity("programming", kind="quiz")
    with pytest.raises(ValidationFailed) as err:
        services.quiz_submit(student=student, activity=quiz, answers=answers, sitting=stale.uuid)
    assert err.value.code == LearningError.SITTING_UNKNOWN
    assert not Attempt.objects.exists()
    fresh = services.quiz_sitting_open(student=student, activity=quiz)
    assert fresh != stale and gone.pk not in {e["item"] for e in fresh.items}
    assert take(student, quiz, sitting=fresh).score == 1.0


def test_two_pages_opened_at_once_share_one_sitting(paths, monkeypatch):
    student = paths["paris"]["student"]
    quiz = first_activity("programming", kind="quiz")
    first = services.quiz_sitting_open(student=student, activity=quiz)
    real_filter = QuizSitting.objects.filter

    class Raced:  # the other request drew its sitting between our read and our write
        def __init__(self, *args, **kwargs):
            self.rows = real_filter(*args, **kwargs)

        def filter(self, **kwargs):
            if kwargs == {"submitted_at__isnull": True}:
                return real_filter(pk=-1)
            return self.rows.filter(**kwargs)

        def get(self, **kwargs):
            return self.rows.get(**kwargs)

    monkeypatch.setattr(QuizSitting.objects, "filter", lambda *a, **k: Raced(*a, **k))
    assert services.quiz_sitting_open(student=student, activity=quiz) == first
    monkeypatch.undo()
    assert QuizSitting.objects.filter(student=student).count() == 1
