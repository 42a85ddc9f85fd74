"""What happens on a path feeds the inboxes: a project sent tells its reviewers (the student's
coach, the experts who lead labs of its area), a review tells the student and their family,
once each, and nobody else."""

from __future__ import annotations

from typing import Any

from parcours.learning import services
from parcours.notifications.choices import Kind
from parcours.notifications.models import Notification
from tests import factories as f
from tests.conftest import Api
from tests.learning.conftest import first_activity, png


def _told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_project_sent_tells_its_reviewers_only(paths: Any) -> None:
    idle = f.member("expert", paths.paris, username="idle-expert")
    music_expert = f.member("expert", paths.paris, username="music-expert")
    f.lead_lab(music_expert, paths.paris, "music")
    sent = services.project_submit(
        student=paths["paris"]["student"],
        activity=first_activity("programming", kind="project"),
        upload=png(),
    )
    assert _told(Kind.REVIEW_WAITING) == {"paris-coach", "paris-expert"}
    assert idle.username not in _told(Kind.REVIEW_WAITING)
    note = Notification.objects.get(kind=Kind.REVIEW_WAITING, recipient__username="paris-coach")
    assert note.url == f"/learn/reviews/{sent.uuid}/"
    # The coach reads it in their inbox, with its link.
    inbox = Api(paths["paris"]["coach"]).get("/me/notifications").json()
    assert [n["url"] for n in inbox["items"]] == [note.url]
    assert "sent" in inbox["items"][0]["text"]


def test_a_review_tells_the_student_and_the_family_once(paths: Any) -> None:
    student = paths["paris"]["student"]
    project = first_activity("programming", kind="project")
    first = services.project_submit(student=student, activity=project, upload=png())
    services.submission_review(
        actor=paths["paris"]["coach"], submission=first, approve=False, comment="Signe ton œuvre."
    )
    assert _told(Kind.PROJECT_RETURNED) == {"paris-student", "paris-guardian"}
    returned = Notification.objects.get(kind=Kind.PROJECT_RETURNED, recipient=student)
    assert returned.params["comment"] == "Signe ton œuvre."
    second = services.project_submit(student=student, activity=project, upload=png("v2.png"))
    services.submission_review(actor=paths["paris"]["coach"], submission=second, approve=True)
    assert _told(Kind.PROJECT_APPROVED) == {"paris-student", "paris-guardian"}
    # Each event once: two submissions, two reviews, no repeat.
    assert Notification.objects.filter(kind=Kind.PROJECT_RETURNED).count() == 2
    assert (
        Notification.objects.filter(
            kind=Kind.REVIEW_WAITING, recipient__username="paris-coach"
        ).count()
        == 2
    )
