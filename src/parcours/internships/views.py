"""Prevention internships' pages: a centre's internships (staff; a manager plans one), an
internship (its referral link, the referrals to accept or refuse, each day's attendance and
log, the certificates, the follow-up), the partner's referral form and its status page (no
account: the link is the key)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.centres.selectors import centre_get
from parcours.core.errors import DomainError, ValidationFailed
from parcours.core.forms import add_service_errors
from parcours.internships import certificate as certificates
from parcours.internships import selectors, services
from parcours.internships.forms import FollowUpForm, InternshipForm, ReferralForm


def _centre(request: HttpRequest, slug: str) -> Any:
    try:
        place = centre_get(user=request.user, slug=slug)
    except DomainError as exc:
        raise Http404 from exc
    if not services.runs(request.user, place.pk):
        raise Http404
    return place


@login_required
def centre(request: HttpRequest, slug: str) -> HttpResponse:
    place = _centre(request, slug)
    form = InternshipForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.internship_create(
                    actor=request.user, centre=place, **form.cleaned_data
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            except DomainError as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("The internship is planned: share its referral link with the partners."),
                )
                return redirect("internships:detail", uuid=made.uuid)
    return render(
        request,
        "internships/centre.html",
        {
            "centre": place,
            "rows": selectors.internships_of(place),
            "form": form,
            "manages": services.manages(request.user, place.pk),
            "figures": selectors.figures(place),
        },
        status=status,
    )


@login_required
def detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    i = selectors.internship_get(user=request.user, uuid=uuid)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    status = 200
    if request.method == "POST":
        try:
            if action in ("accept", "refuse"):
                r = selectors.referral_get(
                    user=request.user, uuid=_uuid(request.POST.get("referral"))
                )
                services.decide(
                    actor=request.user,
                    referral=r,
                    accept=action == "accept",
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Saved; the referrer is told by e-mail."))
                return redirect(reverse("internships:detail", args=[i.uuid]) + "#referrals-title")
            if action == "day":
                number = int(request.POST.get("number", "0") or 0)
                accepted = {
                    str(r.uuid): r for r in selectors.referrals(i) if r.status == "accepted"
                }
                chosen = [accepted[k] for k in request.POST.getlist("present") if k in accepted]
                services.day_record(
                    actor=request.user,
                    internship=i,
                    number=number,
                    present=chosen,
                    log=request.POST.get("log", ""),
                )
                messages.success(request, _("Day %(n)s is saved.") % {"n": number})
                return redirect(reverse("internships:detail", args=[i.uuid]) + f"#day-{number}")
            if action == "follow_up":
                r = selectors.referral_get(
                    user=request.user, uuid=_uuid(request.POST.get("referral"))
                )
                form = FollowUpForm(request.POST)
                if form.is_valid():
                    services.follow_up(actor=request.user, referral=r, **form.cleaned_data)
                    messages.success(request, _("The follow-up is saved."))
                    return redirect(
                        reverse("internships:detail", args=[i.uuid]) + "#follow-up-title"
                    )
                messages.error(request, _("Choose what they did next."))
        except ValueError:
            messages.error(request, _("This day is not known."))
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            messages.error(
                request, str((exc.fields and next(iter(exc.fields.values()))[0]) or exc.message)
            )
        status = 400
    today = timezone.localdate(timezone=i.centre.zone)
    refs = selectors.referrals(i)
    return render(
        request,
        "internships/detail.html",
        {
            "i": i,
            "referrals": refs,
            "accepted": [r for r in refs if r.status == "accepted"],
            "days": selectors.days(i),
            "today": today,
            "over": i.ends_on < today,
            "started": i.starts_on <= today,
            "link": request.build_absolute_uri(reverse("internships:refer", args=[i.referral_key])),
            "follow_form": FollowUpForm(),
            "crumbs": [
                (_("Prevention internships"), reverse("internships:centre", args=[i.centre.slug])),
                (i.title, ""),
            ],
        },
        status=status,
    )


def _uuid(text: Any) -> UUID:
    try:
        return UUID(str(text))
    except ValueError as exc:
        raise Http404 from exc


@login_required
def certificate(request: HttpRequest, uuid: UUID) -> HttpResponse:
    r = selectors.referral_get(user=request.user, uuid=uuid)
    if r.status != "accepted":
        raise Http404
    came = selectors.days_came(r)
    response = HttpResponse(certificates.render(r, came), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{r.first_name}.pdf"'
    return response


def refer(request: HttpRequest, key: str) -> HttpResponse:
    """The partner's referral form (no sign-in: the link is the key)."""
    try:
        i = selectors.public_internship(key)
    except DomainError as exc:
        raise Http404 from exc
    form = ReferralForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.referral_submit(internship=i, data=form.cleaned_data)
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                return redirect("internships:status", token=made.tracking_token)
    return render(request, "internships/refer.html", {"i": i, "form": form}, status=status)


def status(request: HttpRequest, token: str) -> HttpResponse:
    """The referral's status for its partner: nothing else about it."""
    try:
        r = selectors.referral_by_token(token)
    except DomainError as exc:
        raise Http404 from exc
    return render(request, "internships/status.html", {"r": r, "i": r.internship})
