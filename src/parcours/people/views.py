"""The page where staff make, list and revoke their personal API tokens. Thin: parse, call a
service or selector, render."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.core.forms import form_status, submit
from parcours.people import selectors, services
from parcours.people.forms import TokenForm
from parcours.people.permissions import can_hold_tokens


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List one's tokens; POST makes one, whose secret is shown on this response only."""
    form = TokenForm(request.POST if request.method == "POST" else None)

    def save(data: dict[str, Any], seen: datetime | None) -> services.IssuedToken:
        return services.api_token_create(actor=request.user, **data)

    shown: dict[str, Any] = {}
    if (issued := submit(request, form, save)) is not None:
        shown.update(token=issued.token, raw=issued.raw)
        form = TokenForm()
    now = timezone.now()
    rows = [(t, t.status_at(now)) for t in selectors.api_tokens(user=request.user)]
    context = {
        "form": form,
        "shown": shown,
        "rows": rows,
        "allowed": can_hold_tokens(request.user),
        "api_url": request.build_absolute_uri("/api/me"),
    }
    status = 200 if shown else form_status(request)
    return render(request, "people/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, uuid: UUID) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, uuid=uuid)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("people:tokens")
