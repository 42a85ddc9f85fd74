"""Importing and exporting offers (issue 17): a CSV or XLSX file creates, updates or leaves
offers as they are, each row's problems named by row and column, never a duplicate; the export
read back changes nothing; the command line prints the documented JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from parcours.core.errors import Conflict, NotFound, ValidationFailed
from parcours.training_offers import importing, selectors, services
from parcours.training_offers.models import Offer
from parcours.training_offers.tabular import COLUMNS, read_table, write_csv, write_xlsx
from tests.conftest import parcours_cli

pytestmark = pytest.mark.django_db

HEADER = "title,provider,place,region,mode,level,cost,focus_areas,age_min,age_max,url\n"
ROWS = (
    "BTS Audiovisuel,Lycée Exemple,Paris,IDF,in_person,bac+2,free,filmmaking,17,25,"
    "https://example.org/bts\n"
    "Bachelor animation 3D,École Exemple,Lyon,ARA,in_person,bac+3,paid,"
    "animation; 3d-modelling,17,,\n"
    "Formation IA créative,Campus Exemple,,,distance,bac,funded,generative-ai,16,,\n"
)


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def run(text: str | bytes, owner: Any = None, name: str = "offers.csv") -> dict[str, Any]:
    data = text if isinstance(text, bytes) else csv_bytes(text)
    return services.import_file(owner=owner, filename=name, data=data)


def test_a_file_creates_its_offers_and_again_changes_nothing(world: Any) -> None:
    first = run(HEADER + ROWS)
    assert first == {"created": 3, "updated": 0, "unchanged": 0, "errors": []}
    bts = Offer.objects.get(title="BTS Audiovisuel")
    assert bts.url == "https://example.org/bts"
    assert (bts.level, bts.rncp_level, bts.eqf_level, bts.region) == (2, 5, 5, "IDF")
    assert {a.slug for a in Offer.objects.get(level=3).focus_areas.all()} == {
        "animation",
        "3d-modelling",
    }
    again = run(HEADER + ROWS)
    assert again == {"created": 0, "updated": 0, "unchanged": 3, "errors": []}
    assert Offer.objects.count() == 3


def test_a_row_without_id_that_names_an_offer_updates_it_never_a_duplicate(world: Any) -> None:
    run(HEADER + ROWS)
    changed = ROWS.replace("bac+2,free,filmmaking,17,25", "bac+2,free,filmmaking,16,25")
    # provider, title and place with other case and accents: the same offer
    changed = changed.replace("Lycée Exemple,Paris", "LYCEE exemple,paris")
    result = run(HEADER + changed)
    assert result["created"] == 0 and result["updated"] == 1 and result["unchanged"] == 2
    assert Offer.objects.count() == 3
    assert Offer.objects.get(title__iexact="BTS Audiovisuel").age_min == 16


def test_the_export_read_back_changes_nothing_in_csv_and_xlsx(world: Any) -> None:
    run(HEADER + ROWS)
    rows = selectors.export_rows(None)
    assert list(rows[0]) == list(COLUMNS) and rows[0]["id"]
    for name, data in (("offers.csv", write_csv(rows)), ("offers.xlsx", write_xlsx(rows))):
        assert run(data, name=name) == {"created": 0, "updated": 0, "unchanged": 3, "errors": []}
    # an edited export updates by id, even the title (the natural key follows)
    rows[0]["title"] = rows[0]["title"] + " (nouvelle formule)"
    assert run(write_csv(rows))["updated"] == 1
    assert Offer.objects.count() == 3


def test_each_bad_row_is_named_by_row_and_column_and_left_out(world: Any) -> None:
    text = HEADER + (
        "Bon,Prov,Paris,IDF,in_person,bac+2,free,,,,\n"  # row 2: fine
        ",Prov,Paris,IDF,in_person,bac+2,free,,,,\n"  # row 3: no title
        "Niveau,Prov,Paris,IDF,in_person,bac+12,free,,,,\n"  # row 4: unknown level
        "Mode,Prov,Paris,IDF,by pigeon,bac,free,,,,\n"  # row 5: unknown mode
        "Âges,Prov,Paris,IDF,in_person,bac,free,,twenty,15,\n"  # row 6: not a number
        "Ordre,Prov,Paris,IDF,in_person,bac,free,,18,15,\n"  # row 7: ages in disorder
        "Lien,Prov,Paris,Mars,in_person,bac,free,cooking,,,javascript:alert(1)\n"  # row 8
        "bon,prov,paris,IDF,in_person,bac+2,free,,,,\n"  # row 9: the same offer as row 2
    )
    result = run(text)
    assert result["created"] == 1
    problems = {(e["row"], e["column"]) for e in result["errors"]}
    assert problems == {
        (3, "title"),
        (4, "level"),
        (5, "mode"),
        (6, "age_min"),
        (7, "age_max"),
        (8, "region"),
        (8, "focus_areas"),
        (8, "url"),
        (9, "title"),
    }
    assert all(e["message"] for e in result["errors"])
    assert list(Offer.objects.values_list("title", flat=True)) == ["Bon"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"name,where\nx,y\n", "unknown columns"),
        (b"title,provider\nx,y\n", "missing columns"),
        (b"\x00\x01\x02binary", "not a CSV"),
        (b"PK\x03\x04broken zip", "XLSX"),
        (b"title,title,provider,mode,level,cost\n", "twice"),
    ],
)
def test_a_file_that_is_not_an_offers_table_is_refused_whole(
    world: Any, data: bytes, words: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        read_table(data, "x.csv")
    assert words.lower() in str(caught.value.message).lower()


def test_french_spreadsheets_semicolons_windows_encoding_and_dates(world: Any) -> None:
    text = (
        "title;provider;place;mode;level;cost;application_opens;application_closes;region\n"
        "Licence pro Création numérique;Université Exemple;Liège;Présentiel;Bac + 3;Payant;"
        "20/01/2027;13/03/2027;Wallonie\n"
    )
    assert run(text.encode("cp1252"))["created"] == 1
    offer = Offer.objects.get()
    assert offer.mode == "in_person" and offer.region == "WAL" and offer.cost == "paid"
    assert offer.application_opens.isoformat() == "2027-01-20"


def test_xlsx_with_typed_cells(world: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["title", "provider", "mode", "level", "cost", "age_min"])
    sheet.append(
        ["Master design interactif", "Université Exemple", "hybrid", "bac+5", "free", 21.0]
    )
    out = io.BytesIO()
    book.save(out)
    assert run(out.getvalue(), name="offers.xlsx")["created"] == 1
    assert Offer.objects.get().age_min == 21


def test_an_id_that_is_not_the_owners_is_a_row_problem(world: Any) -> None:
    run(HEADER + ROWS)
    theirs = Offer.objects.first()
    header = "id," + HEADER
    text = header + f"{theirs.uuid},Copie,Prov,Paris,IDF,in_person,bac,free,,,,\n"
    result = run(text, owner=world.paris)  # the Paris centre does not own the network's offer
    assert result["errors"][0]["column"] == "id" and result["created"] == 0
    assert run(header + "not-a-uuid,X,Y,,,distance,bac,free,,,,\n")["errors"][0]["row"] == 2


def test_the_preview_changes_nothing_and_applies_once(world: Any) -> None:
    manager = world["paris"]["manager"]
    sent, plan = services.import_send(
        actor=manager, owner=world.paris, filename="o.csv", data=csv_bytes(HEADER + ROWS)
    )
    assert len(plan.created) == 3 and Offer.objects.count() == 0
    result = services.import_apply(actor=manager, uuid=sent.uuid)
    assert result["created"] == 3
    assert Offer.objects.filter(centre=world.paris).count() == 3
    with pytest.raises(Conflict):
        services.import_apply(actor=manager, uuid=sent.uuid)
    assert Offer.objects.count() == 3


def test_only_managers_and_admins_import_and_only_their_own(world: Any) -> None:
    data = csv_bytes(HEADER + ROWS)
    for who in ("coach", "expert", "student", "guardian"):
        with pytest.raises(NotFound):
            services.import_send(
                actor=world["paris"][who], owner=world.paris, filename="o.csv", data=data
            )
    with pytest.raises(NotFound):  # another centre's manager
        services.import_send(
            actor=world["liege"]["manager"], owner=world.paris, filename="o.csv", data=data
        )
    with pytest.raises(NotFound):  # a manager never edits the network's offers
        services.import_send(
            actor=world["paris"]["manager"], owner=None, filename="o.csv", data=data
        )
    sent, _plan = services.import_send(actor=world.admin, owner=None, filename="o.csv", data=data)
    with pytest.raises(NotFound):
        services.import_apply(actor=world["paris"]["manager"], uuid=sent.uuid)


def test_the_command_line_prints_the_documented_json(
    world: Any, tmp_path: Any, capsys: Any
) -> None:
    path = tmp_path / "offers.csv"
    path.write_text(HEADER + ROWS + "Sans niveau,Prov,Paris,IDF,in_person,master,free,,,,\n")
    with pytest.raises(SystemExit) as leaving:
        call_command("offers", "import", str(path), "--json")
    assert leaving.value.code == 1  # a row was left out
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 3 and out["updated"] == 0 and out["unchanged"] == 0
    assert out["errors"] == [{"row": 5, "column": "level", "message": out["errors"][0]["message"]}]
    exported = tmp_path / "export.csv"
    call_command("offers", "export", str(exported))
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3 and all(r["id"] for r in rows)
    call_command("offers", "import", str(exported), "--json")
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "errors": [],
    }


def test_the_console_script_exists() -> None:
    done = parcours_cli("offers", "--help")
    assert done.returncode == 0 and "import" in done.stdout


def test_plans_are_pure_until_applied(world: Any) -> None:
    plan = importing.plan(read_table(csv_bytes(HEADER + ROWS), "o.csv"), None)
    assert plan.summary()["created"] == 3 and not Offer.objects.exists()
