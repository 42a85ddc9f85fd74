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
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.core.errors import ValidationFailed
from parcours.core.forms import add_service_errors, form_status, submit
from parcours.people import selectors, services, twofactor
from parcours.people.forms import CodeForm, TokenForm
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


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts=None) else "/"


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Two-factor sign-in: set it up (start, then the first code), see it, turn it off."""
    device = twofactor.device_of(request.user)
    pending = twofactor.device_of(request.user, confirmed=False)
    form = CodeForm(request.POST if "code" in request.POST else None)
    # Turning it off has its own form on the same page (its own field ids).
    off_form = CodeForm(request.POST if "off-code" in request.POST else None, prefix="off")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start":
                pending = twofactor.setup_start(actor=request.user)
            elif action == "confirm" and form.is_valid():
                twofactor.setup_confirm(request=request, code=form.cleaned_data["code"])
                messages.success(request, _("Two-factor sign-in is on."))
                return redirect("people:two_factor")  # where the recovery codes are shown
            elif action == "codes" and form.is_valid():
                twofactor.renew_codes(request=request, code=form.cleaned_data["code"])
                return redirect("people:two_factor")
            elif action == "remove" and off_form.is_valid():
                twofactor.remove(request=request, code=off_form.cleaned_data["code"])
                messages.success(request, _("Two-factor sign-in is off."))
                return redirect("people:two_factor")
            else:
                status = 400
        except ValidationFailed as exc:
            add_service_errors(off_form if action == "remove" else form, exc)
            status = 400
    return render(
        request,
        "people/two_factor.html",
        {
            "device": device,
            "pending": pending if device is None else None,
            "qr": twofactor.qr_of(pending) if pending is not None and device is None else "",
            "secret": twofactor.secret_of(pending)
            if pending is not None and device is None
            else "",
            "form": form,
            "off_form": off_form,
            "staff": twofactor.is_staff(request.user),
            "required": twofactor.required_for(request.user),
            "next": _next(request),
            "fresh_codes": request.session.pop(twofactor.FRESH_CODES, None),
            "codes_left": twofactor.recovery_left(request.user) if device else 0,
        },
        status=status,
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code of the app."""
    if twofactor.device_of(request.user) is None:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.verify(request=request, code=form.cleaned_data["code"])
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_next(request))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "people/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )
