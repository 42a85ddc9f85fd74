"""The page where staff make, list and revoke their personal API tokens. Thin: parse, call a
service or selector, render."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.core.forms import form_status, submit
from parcours.people import selectors, services
from parcours.people.forms import TokenForm
from parcours.people.permissions import can_hold_tokens
from parcours.people.sessions import record


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


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """Where one is signed in; end one, or all the others."""
    current = request.session.session_key
    if request.method == "POST":
        if request.POST.get("all") == "others":
            ended = services.sessions_end_others(actor=request.user, current_key=current)
            messages.success(request, _("Signed out everywhere else (%(n)s).") % {"n": ended})
        else:
            services.session_end(
                actor=request.user, uuid=request.POST.get("session", ""), current_key=current
            )
            messages.success(request, _("That device is signed out."))
        return redirect("people:sessions")
    rows = list(selectors.active_sessions(user=request.user))
    return render(
        request,
        "people/sessions.html",
        {"rows": rows, "current": current, "others": sum(r.session_key != current for r in rows)},
    )


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's password: this session stays, every other one ends (Django refuses them
    from their next request; their rows in "My sessions" are closed and deleted now)."""

    template_name = "people/password_change.html"

    def get_success_url(self) -> str:
        return reverse("people:sessions")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # this session gets a new key (Django)
        services.sessions_end_others(
            actor=self.request.user, current_key=self.request.session.session_key
        )
        record(self.request, self.request.user)  # this device, under its new key
        messages.success(self.request, _("Your password is changed; your other sessions ended."))
        return response
