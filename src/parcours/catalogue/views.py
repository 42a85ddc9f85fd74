"""Catalogue pages: the panel, a focus area's outline, activities, frameworks, and the
centre's offer. Thin: parse, call a selector or a service, render."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parcours.catalogue import selectors, services
from parcours.catalogue.forms import (
    ActivityForm,
    AreaFilterForm,
    LabTemplateForm,
    MasterlabTemplateForm,
    NewActivityForm,
    OfferForm,
    OffersForm,
)
from parcours.catalogue.permissions import (
    activity_policy,
    framework_policy,
    lab_template_policy,
    masterlab_template_policy,
)
from parcours.centres import selectors as centres
from parcours.centres.permissions import can_manage_centre
from parcours.core.errors import Forbidden
from parcours.core.forms import form_status, submit

if TYPE_CHECKING:
    from parcours.catalogue.models import Activity


@login_required
def panel(request: HttpRequest) -> HttpResponse:
    centre = selectors.centre_for(user=request.user, slug=request.GET.get("centre"))
    return render(
        request,
        "catalogue/panel.html",
        {
            "areas": selectors.panel(user=request.user),
            "centre": centre,
            "offered": selectors.offered_area_ids(centre),
            "frameworks": selectors.frameworks(user=request.user),
        },
    )


@login_required
def area(request: HttpRequest, slug: str) -> HttpResponse:
    focus_area = selectors.focus_area_get(user=request.user, slug=slug)
    centre = selectors.centre_for(user=request.user, slug=request.GET.get("centre"))
    framework = selectors.framework_of(focus_area)
    editable = selectors.editable_templates(user=request.user, focus_area=focus_area)
    filters = AreaFilterForm(request.GET)
    shown = filters.filters()
    return render(
        request,
        "catalogue/area.html",
        {
            "area": focus_area,
            "centre": centre,
            "filters": filters,
            "filtered": any(shown.values()),
            "outline": selectors.area_outline(
                user=request.user, focus_area=focus_area, centre=centre, **shown
            ),
            "masterlabs": selectors.masterlab_templates(user=request.user, focus_area=focus_area),
            "framework": framework,
            "version": selectors.published_version(framework) if framework else None,
            "can_create": activity_policy.can_create(request.user, centre.pk if centre else None),
            "editable_labs": editable.labs,
            "editable_masterlabs": editable.masterlabs,
        },
    )


@login_required
def activity_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, uuid=uuid)
    return render(
        request,
        "catalogue/activity.html",
        {"activity": activity, "can_edit": activity_policy.can_change(request.user, activity)},
    )


@login_required
def activity_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    activity = activity_policy.get_editable(request.user, uuid=uuid)
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        focus_area=activity.focus_area,
        initial={"seen": activity.updated_at},
    )

    def save(data: dict[str, Any], seen: datetime | None) -> Activity:
        return services.activity_update(
            actor=request.user,
            activity=activity,
            data=data,
            seen=seen,
            competency_ids=[c.pk for c in form.cleaned_data["competencies"]],
            prerequisite_ids=[a.pk for a in form.cleaned_data["prerequisites"]],
        )

    if submit(request, form, save) is not None:
        messages.success(request, _("The activity is saved."))
        return redirect("catalogue:activity", uuid=activity.uuid)
    context = {"form": form, "title": _("Edit activity"), "back": activity}
    return render(request, "catalogue/form.html", context, status=form_status(request))


@login_required
def activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    focus_area = selectors.focus_area_get(user=request.user, slug=slug)
    centre = selectors.centre_for(user=request.user, slug=request.GET.get("centre"))
    if not activity_policy.can_create(request.user, centre.pk if centre else None):
        raise Forbidden()
    form = NewActivityForm(request.POST or None, focus_area=focus_area)

    def save(data: dict[str, Any], seen: datetime | None) -> Activity:
        return services.activity_create(
            actor=request.user,
            focus_area=focus_area,
            centre=centre,
            key=form.cleaned_data["key"],
            data=data,
            competency_ids=[c.pk for c in form.cleaned_data["competencies"]],
            prerequisite_ids=[a.pk for a in form.cleaned_data["prerequisites"]],
        )

    if (saved := submit(request, form, save)) is not None:
        messages.success(request, _("The activity is created."))
        return redirect("catalogue:activity", uuid=saved.uuid)
    context = {
        "form": form,
        "back_area": focus_area,
        "title": _("New activity in %(area)s") % {"area": focus_area.name},
    }
    return render(request, "catalogue/form.html", context, status=form_status(request))


@login_required
def offers(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=centre_slug)
    if not can_manage_centre(request.user, centre):
        raise Forbidden()
    current = list(selectors.offered_areas(centre))
    form = OffersForm(request.POST or None, initial={"areas": current})
    if request.method == "POST" and form.is_valid():
        services.offers_choose(
            actor=request.user, centre=centre, focus_areas=list(form.cleaned_data["areas"])
        )
        messages.success(request, _("The focus areas offered are saved."))
        return redirect("centre", slug=centre.slug)
    context = {"form": form, "centre": centre}
    return render(request, "catalogue/offers.html", context, status=form_status(request))


@login_required
def offer_edit(request: HttpRequest, centre_slug: str, slug: str) -> HttpResponse:
    centre = centres.centre_get(user=request.user, slug=centre_slug)
    focus_area = selectors.focus_area_get(user=request.user, slug=slug)
    if not can_manage_centre(request.user, centre):
        raise Forbidden()
    offer = selectors.offer_get(user=request.user, centre=centre, focus_area=focus_area)
    form = OfferForm(
        request.POST or None, instance=offer, initial={"seen": offer.updated_at if offer else None}
    )

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.offer_set(
            actor=request.user, centre=centre, focus_area=focus_area, data=data, seen=seen
        )

    if submit(request, form, save) is not None:
        messages.success(request, _("%(area)s is saved.") % {"area": focus_area.name})
        return redirect("centre", slug=centre.slug)
    title = _("%(area)s at %(centre)s") % {"area": focus_area.name, "centre": centre.name}
    context = {"form": form, "title": title, "back_centre": centre}
    return render(request, "catalogue/form.html", context, status=form_status(request))


TEMPLATE_PAGES: dict[str, Any] = {
    "lab": (
        lab_template_policy,
        LabTemplateForm,
        gettext_lazy("Edit lab template"),
        gettext_lazy("The lab template is saved."),
    ),
    "masterlab": (
        masterlab_template_policy,
        MasterlabTemplateForm,
        gettext_lazy("Edit masterlab template"),
        gettext_lazy("The masterlab template is saved."),
    ),
}


@login_required
def template_edit(request: HttpRequest, kind: str, uuid: str) -> HttpResponse:
    """Edit a lab or masterlab template (same page, same rules)."""
    policy, form_class, title, done = TEMPLATE_PAGES[kind]
    template = policy.get_editable(request.user, uuid=uuid)
    form = form_class(
        request.POST or None, instance=template, initial={"seen": template.updated_at}
    )

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.template_update(actor=request.user, template=template, data=data, seen=seen)

    if submit(request, form, save) is not None:
        messages.success(request, done)
        return redirect("catalogue:area", slug=template.focus_area.slug)
    context = {"form": form, "title": title, "back_area": template.focus_area}
    return render(request, "catalogue/form.html", context, status=form_status(request))


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/frameworks.html",
        {"frameworks": selectors.frameworks(user=request.user)},
    )


@login_required
def framework_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A framework's versions and one version's grid: ``?v=<number>``, else the published
    version (an unknown number is a 404)."""
    number = request.GET.get("v", "")
    detail = selectors.framework_detail(
        user=request.user, key=key, number=int(number) if number.isdigit() else None
    )
    return render(
        request,
        "catalogue/framework.html",
        {
            "framework": detail.framework,
            "versions": detail.versions,
            "shown": detail.shown,
            "competencies": detail.competencies,
            "can_edit": framework_policy.can_change(request.user, detail.framework),
        },
    )


@login_required
@require_POST
def framework_draft(request: HttpRequest, key: str) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, key=key)
    draft = services.framework_draft_version(actor=request.user, framework=framework)
    messages.success(request, _("Draft version %(n)s is open.") % {"n": draft.number})
    return redirect(f"{reverse('catalogue:framework', args=[framework.key])}?v={draft.number}")


@login_required
@require_POST
def framework_publish(request: HttpRequest, key: str, number: int) -> HttpResponse:
    version = selectors.framework_version_get(user=request.user, key=key, number=number)
    services.framework_publish_version(
        actor=request.user, version=version, notes=request.POST.get("notes", "")[:2000]
    )
    messages.success(request, _("Version %(n)s is published.") % {"n": version.number})
    return redirect("catalogue:framework", key=key)
