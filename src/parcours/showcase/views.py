"""The showcase's pages: the curators' list and an exhibition's page (its details, its works
in order, the works that may be added, the display link); the public page; the full-screen
slideshow for a display, opened by its revocable link; the works' files."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parcours.core.errors import ValidationFailed
from parcours.core.forms import add_service_errors
from parcours.portfolio.files import file_response, play_response
from parcours.showcase import selectors, services
from parcours.showcase.forms import ExhibitionForm

if TYPE_CHECKING:
    from parcours.showcase.models import Exhibition


@login_required
def exhibitions(request: HttpRequest) -> HttpResponse:
    centres = list(selectors.curated_centres(request.user))
    form = ExhibitionForm(request.POST or None)
    status = 200
    if request.method == "POST" and centres:
        status = 400
        if form.is_valid():
            centre = next((c for c in centres if c.slug == request.POST.get("centre")), centres[0])
            try:
                made = services.exhibition_create(
                    actor=request.user, centre=centre, **form.cleaned_data
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The exhibition is made: now choose its works."))
                return redirect("showcase:detail", uuid=made.uuid)
    return render(
        request,
        "showcase/list.html",
        {"rows": selectors.exhibitions_for(request.user), "centres": centres, "form": form},
        status=status,
    )


def _initial(e: Exhibition) -> dict[str, object]:
    names = ("title", "partner", "place", "starts_on", "ends_on", "programme", "seconds")
    return {**{n: getattr(e, n) for n in names}, "published": e.published}


@login_required
def exhibition(request: HttpRequest, uuid: UUID) -> HttpResponse:
    shown_exhibition = selectors.exhibition_get(user=request.user, uuid=uuid)
    e = shown_exhibition
    action = request.POST.get("action", "")
    form = ExhibitionForm(request.POST if action == "edit" else None, initial=_initial(e))
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if action == "edit":
                if form.is_valid():
                    services.exhibition_update(
                        actor=request.user, exhibition=e, **form.cleaned_data
                    )
                    messages.success(request, _("The exhibition is saved."))
                    return redirect("showcase:detail", uuid=e.uuid)
            elif action == "add":
                added = services.works_add(
                    actor=request.user, exhibition=e, uuids=list(request.POST.getlist("work"))
                )
                messages.success(request, _("Works added: %(n)s.") % {"n": added})
                return redirect("showcase:detail", uuid=e.uuid)
            elif action in ("remove", "up", "down"):
                work = request.POST.get("work", "")
                if action == "remove":
                    services.work_remove(actor=request.user, exhibition=e, uuid=work)
                else:
                    by = -1 if action == "up" else 1
                    services.work_move(actor=request.user, exhibition=e, uuid=work, by=by)
                return redirect(reverse("showcase:detail", args=[e.uuid]) + "#works-title")
            elif action == "rotate":
                services.display_key_rotate(actor=request.user, exhibition=e)
                messages.success(request, _("A new display link: the old one no longer works."))
                return redirect(reverse("showcase:detail", args=[e.uuid]) + "#display-title")
            else:
                messages.error(request, _("This action is not known."))
        except ValidationFailed as exc:
            if action == "edit":
                add_service_errors(form, exc)
            else:
                messages.error(request, str(exc.message))
    shown = selectors.shown_in(e)
    query = request.GET.get("q", "").strip()[:100]
    display_url = request.build_absolute_uri(
        reverse("public_showcase:slideshow", args=[e.slug]) + f"?key={e.display_key}"
    )
    return render(
        request,
        "showcase/detail.html",
        {
            "exhibition": e,
            "form": form,
            "shown": shown,
            "hidden": selectors.hidden_count(e, shown),
            "candidates": selectors.candidates(e, query),
            "q": query,
            "display_url": display_url,
            "public_url": request.build_absolute_uri(
                reverse("public_showcase:public", args=[e.slug])
            ),
        },
        status=status,
    )


@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    e = selectors.public_exhibition(slug)
    response = render(
        request, "showcase/public.html", {"exhibition": e, "shown": selectors.shown_in(e)}
    )
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def slideshow(request: HttpRequest, slug: str) -> HttpResponse:
    key = request.GET.get("key", "")
    e = selectors.displayed_exhibition(slug, key)
    shown = selectors.shown_in(e)
    response = render(
        request,
        "showcase/slideshow.html",
        {
            "exhibition": e,
            "shown": shown,
            "key": key,
            "has_3d": any(s.item.viewer_3d for s in shown),
        },
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"  # the key stays on the display
    return response


@require_GET
def public_file(request: HttpRequest, slug: str, uuid: UUID) -> FileResponse:
    e = selectors.opened_exhibition(slug, request.GET.get("key", ""))
    return file_response(selectors.shown_item(e, uuid), size=request.GET.get("size", ""))


@require_GET
def public_play(request: HttpRequest, slug: str, uuid: UUID, path: str) -> HttpResponse:
    """A file of a shown game's web build, on the exhibition's public page."""
    return play_response(selectors.shown_item(selectors.public_exhibition(slug), uuid), path)
