"""The larger demo network (issue 13): ``demo-data --centres N`` adds towns to Paris and Liège,
shares ``--students`` in proportion to their sizes and gives each centre staff in proportion,
its own manager, time zone, schools and postcodes; bad sizes are refused."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from parcours.attendance.models import CheckIn
from parcours.centres.models import Centre
from parcours.demo.builder import LIEGE, MAX_CENTRES, PARIS, network_specs
from parcours.learning.models import ActivityProgress
from parcours.people.models import Membership, Role, StudentProfile


def test_specs_share_the_students_and_scale_the_staff() -> None:
    specs = network_specs(17, 35_000)
    assert len(specs) == MAX_CENTRES == 17
    assert sum(s.students for s in specs) == 35_000
    assert len({s.slug for s in specs}) == 17
    assert {s.timezone for s in specs} >= {"Europe/Paris", "Europe/Brussels", "Europe/Zurich"}
    for s in specs:
        # a coach per 100 to 125 students as in Paris and Liège, a weekly seat for each
        assert 80 <= s.students / s.coaches <= 130, s.slug
        assert sum(seats for _label, seats, _m in s.slots) >= s.students
        assert s.slug in ("paris", "liege") or s.managers >= 1
    # the seeds' two centres as they are when no size is asked
    assert network_specs(2, None) == [PARIS, LIEGE]


@pytest.mark.parametrize(("centres", "students"), [(1, None), (18, None), (4, 7), (3, -1)])
def test_bad_sizes_are_refused(centres: int, students: int | None) -> None:
    args = ["demo-data", "--centres", str(centres)]
    if students is not None:
        args += ["--students", str(students)]
    with pytest.raises(CommandError):
        call_command(*args)


def test_four_centres_with_their_own_students_staff_and_history(transactional_db) -> None:
    call_command("demo-data", "--centres", "4", "--students", "160", "--seed", "4")
    centres = {c.slug: c for c in Centre.objects.all()}
    assert set(centres) == {"paris", "liege", "lyon", "marseille"}
    assert centres["lyon"].timezone == "Europe/Paris"
    # the enrolled students (pre-registration requests add applicants besides)
    students = dict(
        StudentProfile.objects.exclude(user__username__regex=r"-p[0-9]{3}$")
        .values("centre__slug")
        .annotate(n=Count("id"))
        .values_list("centre__slug", "n")
    )
    assert sum(students.values()) == 160 and all(n > 10 for n in students.values())
    for slug in ("lyon", "marseille"):
        roles = set(Membership.objects.filter(centre=centres[slug]).values_list("role", flat=True))
        assert {Role.MANAGER, Role.COACH, Role.EXPERT, Role.STUDENT, Role.GUARDIAN} <= roles
        schools = set(
            StudentProfile.objects.filter(centre=centres[slug]).values_list("school", flat=True)
        )
        assert not schools & {"Lycée Voltaire", "Collège Georges Brassens"}  # not Paris's
        # a history of their own: progress on the path and check-ins
        assert ActivityProgress.objects.filter(centre=centres[slug]).exists()
        assert CheckIn.objects.filter(centre=centres[slug]).exists()
