"""Every page speaks the time of the centre its reader works in: the request activates the
time zone of the reader's current centre (the one picked in the centre switcher, else their
home centre: a student's own, a staff member's first), or the network's default zone for the
public. Pages about one given centre (its schedule, kiosk, public enrolment form) show that
centre's zone whoever reads them: their views wrap the work in
``timezone.override(centre.zone)``, which wins over this default. The centre is read once per
request and shared with the app shell (``shell.current_centre``)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from parcours.web.shell import current_centre


def zone_for(request: HttpRequest) -> zoneinfo.ZoneInfo:
    default = zoneinfo.ZoneInfo(getattr(settings, "PARCOURS_DEFAULT_TIMEZONE", "Europe/Paris"))
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return default
    centre = current_centre(request)
    if centre is None:
        return default
    try:
        return zoneinfo.ZoneInfo(centre.timezone)
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
