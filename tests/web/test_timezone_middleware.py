from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from parcours.web.middleware import zone_for


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    return request


def test_each_reader_gets_their_centres_zone(world):
    world.liege.timezone = "America/Cayenne"  # a zone that differs from the default
    world.liege.save()
    assert str(zone_for(_request(world["liege"]["student"]))) == "America/Cayenne"
    assert str(zone_for(_request(world["liege"]["manager"]))) == "America/Cayenne"
    assert str(zone_for(_request(world["liege"]["guardian"]))) == "America/Cayenne"
    assert str(zone_for(_request(world["paris"]["coach"]))) == "Europe/Paris"


def test_the_public_gets_the_networks_default(world, settings):
    settings.PARCOURS_DEFAULT_TIMEZONE = "Europe/Brussels"
    assert str(zone_for(_request(AnonymousUser()))) == "Europe/Brussels"


def test_a_network_admin_reads_the_time_of_the_centre_they_switched_to(world):
    world.liege.timezone = "America/Cayenne"
    world.liege.save()
    request = _request(world.admin)
    request.session["parcours_centre"] = world.liege.pk
    assert str(zone_for(request)) == "America/Cayenne"
    request = _request(world.admin)
    request.session["parcours_centre"] = world.paris.pk
    assert str(zone_for(request)) == "Europe/Paris"
