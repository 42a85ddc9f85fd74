from __future__ import annotations

import datetime as dt
import threading

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from parcours.attendance.models import Absence
from parcours.coaching import services as coaching
from parcours.coaching.models import Action
from parcours.core.management.commands.worker import run_periodic
from parcours.notifications import services as notifications
from parcours.notifications.choices import Kind
from parcours.notifications.models import Notification
from tests.attendance.conftest import build


def test_periodic_jobs_run_on_their_timer_and_survive_failures(db):
    calls: list[str] = []
    stop = threading.Event()

    def ok() -> None:
        calls.append("ok")
        if calls.count("ok") >= 3:
            stop.set()

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("boom")

    run_periodic([(ok, 0.0), (broken, 0.0)], stop, tick=0.01)
    assert calls.count("ok") == 3 and calls.count("broken") >= 2


# What each periodic job finds to do in the world below, the first time it runs.
FIRST_RUN = {
    # Four sessions of the slot have ended, each expecting two students, none checked in.
    "parcours.attendance.jobs.close_ended_sessions": 8,
    # No offer is open here: a waitlist offer needs a published cycle and its waitlist, which
    # tests/labs/test_waitlist.py builds (and where the expiry's idempotency is checked).
    "parcours.labs.jobs.expire_offers": 0,
    # The coach has an unread notification of a kind staff get in a daily digest.
    "parcours.notifications.jobs.send_digests": 1,
    # One notification was read more than 180 days ago.
    "parcours.notifications.jobs.prune_read": 1,
    # Both centres have registered students: each is scored once this week (issue 15).
    "parcours.risk.jobs.score_every_centre": 2,
    # The coach's action was due yesterday and nobody was reminded: reminded once, at any hour.
    "parcours.coaching.jobs.remind_owners": 1,
    # Nobody is due under the retention rules here (everyone is registered this year or has
    # no request); tests/privacy/test_retention.py builds who is.
    "parcours.privacy.jobs.apply_retention": 0,
    # Nobody here has a validated competency or a finished level;
    # tests/labs/test_credential_awards.py builds who has, and runs this job there.
    "parcours.credentials.jobs.award_everyone": 0,
    # No portfolio export here; tests/portfolio/test_portfolio.py builds old ones.
    "parcours.portfolio.jobs.prune_exports": 0,
    # No picture work approved here; tests/portfolio/test_thumbnails.py makes them.
    "parcours.portfolio.jobs.make_previews": 0,
    # No internship here; tests/internships/test_internships.py builds one a month old.
    "parcours.internships.jobs.remind_follow_ups": 0,
}


def test_each_periodic_job_does_its_work_once_and_nothing_the_second_time(world):
    assert {path for path, _every in settings.PARCOURS_PERIODIC_JOBS} == set(FIRST_RUN)
    build(world, timezone.now())  # a weekly slot with four ended sessions, two students
    coach = world["paris"]["coach"]
    (waiting,) = notifications.notify(
        recipients=[coach], kind=Kind.REVIEW_WAITING, params={"student": "A", "activity": "B"}
    )
    (old,) = notifications.notify(
        recipients=[world["paris"]["manager"]], kind=Kind.OTHER, params={"text": "old news"}
    )
    old_enough = timezone.now() - dt.timedelta(days=181)
    Notification.objects.filter(pk=old.pk).update(created_at=old_enough, read_at=old_enough)
    late = coaching.action_create(
        actor=coach, student=world["paris"]["student"], title="Call", due_on=timezone.localdate()
    )
    Action.objects.filter(pk=late.pk).update(due_on=late.due_on - dt.timedelta(days=1))

    for path, _every in settings.PARCOURS_PERIODIC_JOBS:
        job = import_string(path)
        assert job() == FIRST_RUN[path], path
        assert job() == 0, path  # idempotent: the second run finds nothing more to do

    assert Absence.objects.count() == 8
    waiting.refresh_from_db()
    assert waiting.emailed_at is not None
    assert not Notification.objects.filter(pk=old.pk).exists()
