"""The page where one gets (or revokes) one's private feed URL, and the feed itself."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from parcours.calendars import selectors, services
from parcours.calendars.choices import FeedPurpose
from parcours.calendars.feeds import calendar_of
from parcours.calendars.forms import PurposeForm
from parcours.calendars.permissions import purposes_for
from parcours.core.errors import ValidationFailed
from parcours.core.mail import language_of


def feed_urls(request: HttpRequest, raw: str) -> dict[str, str]:
    https = request.build_absolute_uri(reverse("calendars:feed", args=[raw]))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Get a private feed URL (shown once), or revoke it. POST ``action`` = new | revoke."""
    allowed = purposes_for(request.user)
    shown: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form = PurposeForm(request.POST)
        if not form.is_valid():
            raise ValidationFailed(_("Choose a feed: student or staff."))
        purpose = form.cleaned_data["purpose"]
        if request.POST.get("action") == "revoke":
            services.token_revoke(actor=request.user, purpose=purpose)
            messages.success(request, _("The feed link is revoked: it no longer works."))
            return redirect("calendars:mine")
        issued = services.token_issue(actor=request.user, purpose=purpose)
        shown = {"purpose": purpose, **feed_urls(request, issued.raw)}
    active = selectors.active_tokens(user=request.user)
    feeds = [{"purpose": p, "label": FeedPurpose(p).label, "token": active.get(p)} for p in allowed]
    return render(request, "calendars/mine.html", {"feeds": feeds, "shown": shown}, status=status)


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed (no sign-in: the private token is the proof; unknown or revoked
    answers 404)."""
    found = selectors.token_for(token)
    with translation.override(language_of(found.user)):
        sessions = selectors.feed_sessions(found)
        labs = selectors.feed_labs(found)
        name = _("Parcours · %(name)s") % {
            "name": found.user.get_full_name() or found.user.username
        }
        body = calendar_of(sessions, labs=labs, name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
