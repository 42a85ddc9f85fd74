"""Factories for the rows that tests start from. Changes go through the services."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from parcours.catalogue.models import (
    Activity,
    CentreFocusArea,
    FocusArea,
    LabTemplate,
)
from parcours.centres.models import Centre, Network, Room
from parcours.consents.models import ConsentText
from parcours.labs.models import Lab, LabCycle
from parcours.learning.models import Submission
from parcours.people.models import (
    CoachAssignment,
    GuardianLink,
    Membership,
    Role,
    StudentProfile,
    User,
)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = "Test network"
    slug = "test"


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Centre {n}")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    city = "Paris"
    country = "FR"
    timezone = "Europe/Paris"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    seats = 20


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Test"
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


def member(role: str, centre: Centre | None = None, **kwargs: object) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, centre=centre, role=role)
    return user


def student(
    centre: Centre,
    *,
    age: int = 14,
    coach: User | None = None,
    guardian: User | None = None,
    **kwargs: object,
) -> User:
    user = member(Role.STUDENT, centre, **kwargs)
    today = timezone.localdate()
    StudentProfile.objects.create(
        user=user,
        centre=centre,
        birth_date=today.replace(year=today.year - age) - dt.timedelta(days=10),
        school="Collège Test",
        grade="4e",
    )
    if coach is not None:
        CoachAssignment.objects.create(centre=centre, coach=coach, student=user)
    if guardian is not None:
        GuardianLink.objects.create(centre=centre, guardian=guardian, student=user)
    return user


def offer(centre: Centre, slug: str, offered: bool = True) -> CentreFocusArea:
    return CentreFocusArea.objects.create(
        centre=centre, focus_area=FocusArea.objects.get(slug=slug), is_offered=offered
    )


def activity(
    slug: str = "programming",
    *,
    centre: Centre | None = None,
    key: str,
    level: int = 1,
    published: bool = True,
    **kwargs: object,
) -> Activity:
    return Activity.objects.create(
        focus_area=FocusArea.objects.get(slug=slug),
        centre=centre,
        key=key,
        level=level,
        kind=kwargs.pop("kind", "tutorial"),
        title=f"Activity {key}",
        title_fr=f"Activité {key}",
        title_en=f"Activity {key}",
        is_published=published,
        **kwargs,
    )


def lab_template(
    slug: str = "programming", *, centre: Centre | None = None, key: str, level: int = 1
) -> LabTemplate:
    return LabTemplate.objects.create(
        focus_area=FocusArea.objects.get(slug=slug),
        centre=centre,
        key=key,
        level=level,
        title=f"Lab {key}",
        title_fr=f"Lab {key}",
        title_en=f"Lab {key}",
    )


def consent_text(kind: str, version: int = 1, language: str = "fr") -> ConsentText:
    return ConsentText.objects.create(
        kind=kind,
        version=version,
        language=language,
        title=kind,
        body=f"Text of {kind} v{version}",
        published_at=timezone.now(),
    )


def lead_lab(expert: User, centre: Centre, slug: str = "programming") -> Lab:
    """``expert`` leads a lab of the focus area ``slug`` (in a draft cycle of the centre): they
    review the centre's projects of that area."""
    now = timezone.now()
    cycle, _ = LabCycle.objects.get_or_create(
        centre=centre,
        name="Cycle des tests",
        defaults={
            "starts_on": now.date() + dt.timedelta(days=30),
            "ends_on": now.date() + dt.timedelta(days=60),
            "applications_open_at": now,
            "applications_close_at": now + dt.timedelta(days=10),
        },
    )
    template = lab_template(slug, key=f"lead-{slug}-{expert.pk}")
    return Lab.objects.create(
        centre=centre,
        cycle=cycle,
        template=template,
        level=1,
        expert=expert,
        seats=10,
        holiday_first_day=cycle.starts_on,
        holiday_last_day=cycle.starts_on + dt.timedelta(days=3),
    )


def submission(
    student: User, key: str, *, slug: str = "programming", days_ago: float = 0, **fields: object
) -> Submission:
    """A project (a new activity ``key`` of ``slug``) sent by ``student`` as a small image,
    ``days_ago`` days ago; ``fields`` set the review (status, comment, reviewer, reviewed_at)."""
    sent = Submission.objects.create(
        centre=student.student_profile.centre,
        student=student,
        activity=activity(slug, key=key, kind="project"),
        version=1,
        file=f"{key}.png",
        original_name=f"{key}.png",
        media_kind="image",
        content_type="image/png",
        size=10,
        **fields,
    )
    if days_ago:
        when = timezone.now() - dt.timedelta(days=days_ago)
        Submission.objects.filter(pk=sent.pk).update(created_at=when, updated_at=when)
        sent.refresh_from_db()
    return sent
