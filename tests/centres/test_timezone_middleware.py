from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from parcours.centres.middleware import zone_for


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_each_reader_gets_their_centres_zone(world):
    world.liege.timezone = "America/Cayenne"  # a zone that differs from the default
    world.liege.save()
    assert str(zone_for(_request(world["liege"]["student"]))) == "America/Cayenne"
    assert str(zone_for(_request(world["liege"]["manager"]))) == "America/Cayenne"
    assert str(zone_for(_request(world["paris"]["coach"]))) == "Europe/Paris"


def test_readers_without_a_centre_get_the_networks_default(world, settings):
    settings.PARCOURS_DEFAULT_TIMEZONE = "Europe/Brussels"
    assert str(zone_for(_request(AnonymousUser()))) == "Europe/Brussels"
    assert str(zone_for(_request(world.admin))) == "Europe/Brussels"
