"""Training offers in a real browser (issue 17): a centre's manager imports a spreadsheet,
reads the preview (one row left out, named) and imports the rest; on a phone the student
finds the offer among those that fit her path, with its reason, and keeps it for her plan;
anyone searches the offers without signing in. Every page under the CSP (the browser
fixture fails on any violation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from parcours.catalogue.models import FocusArea
from parcours.learning.models import FocusChoice
from parcours.people.models import User
from tests.browser.conftest import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.browser

CSV = (
    "title,provider,place,region,mode,level,cost,focus_areas,age_min\n"
    "BTS Services informatiques,Lycée Exemple,Paris,IDF,in_person,bac+2,free,programming,13\n"
    "Licence code créatif,Université Exemple,Lyon,ARA,in_person,bac+3,paid,programming,17\n"
    "Formation lunaire,Prov,Paris,IDF,by rocket,bac+12,free,programming,\n"
)


def test_a_manager_imports_offers_and_the_student_keeps_one(
    new_page: Any, transactional_db: Any
) -> None:
    world = build_world()
    ines = world["paris"]["student"]
    ines.student_profile.postcode = "75019"
    ines.student_profile.save()
    FocusChoice.objects.create(
        centre=world.paris,
        student=ines,
        focus_area=FocusArea.objects.get(slug="programming"),
        chosen_at=timezone.now(),
        changed_by=ines,
    )

    manager = new_page(1280)
    sign_in(manager, "paris-manager")
    manager.goto(f"{manager.base}/offers/manage/")
    manager.get_by_label("File (CSV or XLSX)").set_input_files(
        {"name": "offres.csv", "mimeType": "text/csv", "buffer": CSV.encode()}
    )
    manager.get_by_role("button", name="Check the file").click()
    problems = manager.get_by_role("table", name="Each problem, by row and column")
    assert "bac+12" in problems.inner_text() and "by rocket" in problems.inner_text()
    manager.get_by_role("button", name="Import the 2 valid rows, leave out the others").click()
    assert manager.get_by_text(
        "Imported: 2 new, 0 updated, 0 unchanged, 1 rows left out."
    ).is_visible()

    student = new_page(390)
    sign_in(student, "paris-student")
    student.get_by_role("link", name="What next? The training offers that fit your path").click()
    first = student.locator("article.card").first
    assert "BTS Services informatiques" in first.inner_text()
    assert "Île-de-France" in first.inner_text()  # the reason names her region
    first.get_by_role("button", name="Keep for the plan").click()
    kept = student.get_by_role("region", name="Kept for the action plan")
    assert kept.get_by_role("link", name="BTS Services informatiques").is_visible()
    assert User.objects.get(pk=ines.pk).saved_offers.count() == 1

    visitor = new_page(390)
    visitor.goto(f"{visitor.base}/offers/")
    visitor.get_by_label("Words").fill("code creatif")
    visitor.get_by_role("button", name="Apply").click()
    assert visitor.get_by_role("link", name="Licence code créatif").is_visible()
    assert visitor.get_by_text("1 offer", exact=True).is_visible()
