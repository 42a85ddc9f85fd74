"""The family withdraws a consent (image use, public display) from its home page or from
"My data"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.consents import selectors, services


@login_required
@require_POST
def withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    record = selectors.consent_get(user=request.user, uuid=uuid)
    services.consent_withdraw(actor=request.user, record=record)
    messages.success(request, _("The consent is withdrawn. It takes effect now."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("home")
