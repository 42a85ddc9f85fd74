"""The inbox, opening a notification (marks it read, then goes where to act), and the e-mail
rhythm. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parcours.core.errors import ValidationFailed
from parcours.core.forms import add_service_errors, form_status
from parcours.notifications import selectors, services
from parcours.notifications.forms import SettingsForm

PER_PAGE = 30


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(
        selectors.inbox(user=request.user, unread_only=unread_only), PER_PAGE
    ).get_page(request.GET.get("page"))
    rows = [(n, selectors.text_of(n)) for n in page.object_list]
    unread = selectors.unread_count(user=request.user)
    context = {
        "page": page,
        "rows": rows,
        "unread_only": unread_only,
        "unread": unread,
        "tabs": [
            {"label": _("All"), "url": "?show=all", "current": not unread_only, "count": ""},
            {"label": _("Unread"), "url": "?show=unread", "current": unread_only, "count": unread},
        ],
    }
    return render(request, "notifications/inbox.html", context)


@login_required
def open_notification(request: HttpRequest, uuid: str) -> HttpResponse:
    note = services.mark_read(actor=request.user, uuid=uuid)
    return redirect(note.url or "notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked read.", "%(count)d notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect("notifications:inbox")


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    categories = selectors.modes_of(user=request.user)
    form = SettingsForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=request.user, modes=form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("notifications:settings")
    return render(
        request, "notifications/settings.html", {"form": form}, status=form_status(request)
    )
