"""Finding offers (issue 17): the public search (words at a word's start without accents or
case, filters) on SQLite and PostgreSQL alike; the offers that fit a student, ranked with
their reason, kept for her plan by her or her coach and nobody else; the pages and the API per
role; the query counts do not grow with the offers."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django.utils.translation import override

from parcours.catalogue.models import FocusArea
from parcours.core.errors import NotFound
from parcours.learning.models import FocusChoice
from parcours.training_offers import selectors, services
from parcours.training_offers.models import Offer, SavedOffer
from tests.conftest import assert_error, login
from tests.support.queries import queries_of

pytestmark = pytest.mark.django_db


def make(title: str, *areas: str, **fields: Any) -> Offer:
    values = {
        "provider": "Prov",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "level": 2,
        "cost": "free",
        **fields,
    }
    offer = Offer.objects.create(title=title, **values)
    offer.focus_areas.set(FocusArea.objects.filter(slug__in=areas))
    return offer


def choose(world: Any, slug: str, who: str = "student", centre: str = "paris") -> Any:
    student = world[centre][who]
    student.student_profile.postcode = "75019" if centre == "paris" else "4000"
    student.student_profile.save()
    FocusChoice.objects.create(
        centre=getattr(world, centre),
        student=student,
        focus_area=FocusArea.objects.get(slug=slug),
        chosen_at=timezone.now(),
        changed_by=student,
    )
    return student


def titles(rows: Any) -> list[str]:
    return [o.title for o in rows]


def test_search_words_match_word_starts_without_accents_or_case(world: Any) -> None:
    make("Cinéma d’animation 3D", "animation", description="Écriture et réalisation")
    make("BTS Audiovisuel", "filmmaking", certification="Diplôme d’État")
    make("Code créatif", "programming", place="Liège", region="WAL")
    assert titles(selectors.search(selectors.Filters(q="cinema"))) == ["Cinéma d’animation 3D"]
    assert titles(selectors.search(selectors.Filters(q="ANIM ecri"))) == ["Cinéma d’animation 3D"]
    assert titles(selectors.search(selectors.Filters(q="diplome audio"))) == ["BTS Audiovisuel"]
    assert titles(selectors.search(selectors.Filters(q="nima"))) == []  # not inside a word
    assert titles(selectors.search(selectors.Filters(q="liege"))) == ["Code créatif"]
    assert titles(selectors.search(selectors.Filters(q="'); drop table x; --"))) == []


def test_search_filters(world: Any) -> None:
    make("A", "animation", level=-3, age_min=13, age_max=15, cost="free")
    make("B", "animation", level=3, age_min=17, cost="paid", region="ARA", place="Lyon")
    make("C", "programming", level=5, mode="distance", region="", cost="funded")
    search = selectors.search
    assert titles(search(selectors.Filters(area="animation"))) == ["A", "B"]
    assert titles(search(selectors.Filters(level=3))) == ["A", "B"]
    assert titles(search(selectors.Filters(region="IDF"))) == ["A", "C"]  # C: anywhere
    assert titles(search(selectors.Filters(mode="distance"))) == ["C"]
    assert titles(search(selectors.Filters(cost="no_cost"))) == ["A", "C"]
    assert titles(search(selectors.Filters(age=14))) == ["A", "C"]


def test_the_offers_that_fit_a_student_are_ranked_with_their_reason(world: Any) -> None:
    student = choose(world, "programming")
    near = make("Près de chez toi", "programming")
    far = make("Loin", "programming", region="ARA", place="Lyon")
    online = make("À distance", "programming", region="", mode="distance")
    make("Sans lien", "music")
    make("Trop tard", "programming", age_max=13)  # she is 14: too old for it
    fits = selectors.fits_for(student)
    assert [f.offer for f in fits][:3] == [near, online, far]
    assert "Sans lien" not in [f.offer.title for f in fits]
    with override("en"):
        line = selectors.fits_for(student)[0].reason
    assert "programming" in line.lower() and "Île-de-France" in line


def test_keeping_an_offer_twice_keeps_one_and_only_she_or_her_coach_keeps(world: Any) -> None:
    student = choose(world, "programming")
    offer = make("X", "programming")
    services.keep(actor=student, student=student, offer=offer)
    services.keep(actor=world["paris"]["coach"], student=student, offer=offer)
    assert SavedOffer.objects.filter(student=student).count() == 1
    for who in ("guardian", "expert", "other_student"):
        with pytest.raises(NotFound):
            services.keep(actor=world["paris"][who], student=student, offer=offer)
    with pytest.raises(NotFound):
        services.keep(actor=world["liege"]["manager"], student=student, offer=offer)
    services.let_go(actor=student, student=student, offer=offer)
    services.let_go(actor=student, student=student, offer=offer)
    assert not SavedOffer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_keeping_at_the_same_moment_keeps_one(world: Any) -> None:
    student = choose(world, "programming")
    offer = make("X", "programming")
    coach = world["paris"]["coach"]
    if connection.vendor != "postgresql":  # SQLite: one writer at a time, in turn
        services.keep(actor=student, student=student, offer=offer)
        services.keep(actor=coach, student=student, offer=offer)
    else:
        barrier = threading.Barrier(2)

        def run(actor: Any) -> None:
            barrier.wait()
            try:
                services.keep(actor=actor, student=student, offer=offer)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(a,)) for a in (student, coach)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert SavedOffer.objects.filter(student=student, offer=offer).count() == 1


def test_pages_per_role(world: Any) -> None:
    student = choose(world, "programming")
    offer = make("BTS SIO", "programming")
    page = f"/offers/students/{student.uuid}/"
    assert login(None).get("/offers/").status_code == 200
    assert login(None).get(f"/offers/{offer.uuid}/").status_code == 200
    assert login(None).get(page).status_code == 302  # to sign in
    for who in ("student", "guardian", "coach", "manager", "expert"):
        response = login(world["paris"][who]).get(page)
        assert response.status_code == 200, who
        assert b"BTS SIO" in response.content
    for who in ("other_student",):
        assert login(world["paris"][who]).get(page).status_code == 404
    for who in ("manager", "coach", "student", "guardian"):
        assert login(world["liege"][who]).get(page).status_code == 404
    assert login(student).get("/offers/for-me/").status_code == 302
    assert login(world["paris"]["coach"]).get("/offers/for-me/").status_code == 404
    # the guardian reads the plan but does not change it
    response = login(world["paris"]["guardian"]).post(
        f"/offers/students/{student.uuid}/keep/", {"offer": str(offer.uuid)}
    )
    assert response.status_code == 404 and not SavedOffer.objects.exists()
    response = login(student).post(
        f"/offers/students/{student.uuid}/keep/",
        {"offer": str(offer.uuid), "next": "//evil.example"},
    )
    assert response.status_code == 302 and response["Location"] == page
    assert SavedOffer.objects.filter(student=student, offer=offer).exists()
    bad = login(student).post(f"/offers/students/{student.uuid}/keep/", {"offer": "nope"})
    assert bad.status_code == 404


def test_the_manage_page_per_role(world: Any) -> None:
    assert login(world["paris"]["manager"]).get("/offers/manage/").status_code == 200
    assert login(world.admin).get("/offers/manage/?owner=network").status_code == 200
    assert login(world["paris"]["manager"]).get("/offers/manage/?owner=network").status_code == 404
    assert login(world["paris"]["manager"]).get("/offers/manage/?owner=liege").status_code == 404
    for who in ("coach", "expert", "student", "guardian"):
        assert login(world["paris"][who]).get("/offers/manage/").status_code == 404
    assert login(world["paris"]["coach"]).get("/offers/manage/export/").status_code == 404


def test_the_import_page_previews_then_imports(world: Any) -> None:
    client = login(world["paris"]["manager"])
    data = "title,provider,mode,level,cost\nBTS,Lycée,in_person,bac+2,free\n"
    data += "X,Y,in_person,bac+99,free\n"
    upload = SimpleUploadedFile("o.csv", data.encode(), content_type="text/csv")
    response = client.post("/offers/manage/", {"file": upload, "owner": "paris"})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and b"bac+99" in preview.content
    assert not Offer.objects.exists()
    done = client.post(response["Location"])
    assert done.status_code == 302
    assert list(Offer.objects.values_list("title", "centre__slug")) == [("BTS", "paris")]
    again = client.post(response["Location"])
    assert again.status_code == 409 and Offer.objects.count() == 1
    other = login(world["liege"]["manager"]).get(response["Location"])
    assert other.status_code == 404
    bad = SimpleUploadedFile("o.txt", b"hello", content_type="text/plain")
    assert client.post("/offers/manage/", {"file": bad, "owner": "paris"}).status_code == 400
    junk = SimpleUploadedFile("o.csv", b"name\nx\n", content_type="text/csv")
    refused = client.post("/offers/manage/", {"file": junk, "owner": "paris"})
    assert refused.status_code == 400 and b"name" in refused.content


def test_the_api_per_role(world: Any, api: Any) -> None:
    student = choose(world, "programming")
    offer = make("BTS SIO", "programming")
    found = api(None).get("/offers?q=sio")
    assert found.status_code == 200 and found.json()["items"][0]["id"] == str(offer.uuid)
    assert api(None).get(f"/offers/{offer.uuid}").json()["level"] == "bac+2"
    assert_error(api(None).get("/offers?level=bac+99"), 422)
    assert_error(api(None).get("/offers?age=5"), 422)
    mine = api(student).get("/me/offers")
    assert mine.status_code == 200 and mine.json()["fits"][0]["reason"]
    path = f"/students/{student.uuid}/offers/kept/{offer.uuid}"
    assert api(student).put(path, {}).status_code == 200
    assert api(world["paris"]["coach"]).put(path, {}).status_code == 200
    assert SavedOffer.objects.count() == 1
    assert_error(api(world["paris"]["guardian"]).put(path, {}), 404)
    assert (
        api(world["paris"]["guardian"]).get(f"/students/{student.uuid}/offers").status_code == 200
    )
    assert_error(api(world["paris"]["other_student"]).get(f"/students/{student.uuid}/offers"), 404)
    assert_error(api(world["paris"]["coach"]).get("/me/offers"), 404)
    assert api(student).delete(path).status_code == 204
    assert not SavedOffer.objects.exists()
    assert_error(api(None).get("/me/offers"), 401)


def test_the_api_imports_once(world: Any, api: Any) -> None:
    client = api(world["paris"]["manager"])
    upload = SimpleUploadedFile(
        "o.csv", b"title,provider,mode,level,cost\nBTS,L,in_person,bac+2,free\n", "text/csv"
    )
    sent = client.client.post(
        "/api/offers/imports?owner=paris", {"file": upload}, HTTP_X_CSRFTOKEN=client.token
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert (body["created"], body["applied"], Offer.objects.count()) == (1, False, 0)
    applied = client.post(f"/offers/imports/{body['id']}/apply")
    assert applied.status_code == 200 and applied.json()["applied"] is True
    assert_error(client.post(f"/offers/imports/{body['id']}/apply"), 409)
    assert Offer.objects.count() == 1
    assert_error(api(world["paris"]["coach"]).post(f"/offers/imports/{body['id']}/apply"), 404)
    exported = client.get("/offers/export/csv?owner=paris")
    assert exported.status_code == 200 and b"BTS" in exported.content
    assert_error(client.get("/offers/export/csv?owner=network"), 404)


def test_query_counts_do_not_grow_with_the_offers(world: Any) -> None:
    student = choose(world, "programming")
    client = login(student)
    counts = []
    for size in (3, 60):
        for i in range(size):
            make(f"Offre {size}-{i}", "programming", "robotics", place=f"Ville {size}-{i}")
        urls = (f"/offers/students/{student.uuid}/", "/offers/?q=offre&area=programming")
        for url in urls:
            client.get(url)  # the caches warm up
        counts.append(
            (
                queries_of(client, f"/offers/students/{student.uuid}/"),
                queries_of(client, "/offers/?q=offre&area=programming"),
                queries_of(login(None), "/offers/"),
            )
        )
    assert counts[0] == counts[1], counts
