"""Every page speaks the reader's centre's time: the request activates the time zone of the
user's home centre (a student's own centre, else the first centre where they hold a role),
or the network's default zone. Pages about one given centre (its schedule, kiosk, public
enrolment form) show that centre's zone whoever reads them: their views wrap the work in
``timezone.override(centre.zone)``, which wins over this default."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from parcours.centres.models import Centre
from parcours.people.selectors import home_centre_id


def zone_for(request: HttpRequest) -> zoneinfo.ZoneInfo:
    default = zoneinfo.ZoneInfo(getattr(settings, "PARCOURS_DEFAULT_TIMEZONE", "Europe/Paris"))
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return default
    centre_id = home_centre_id(user)
    if centre_id is None:
        return default
    name = Centre.objects.filter(pk=centre_id).values_list("timezone", flat=True).first()
    try:
        return zoneinfo.ZoneInfo(name) if name else default
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return default


class CentreTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        timezone.activate(zone_for(request))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
