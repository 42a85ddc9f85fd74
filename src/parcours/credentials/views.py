"""The public addresses of credentials (no login): an issuer's profile, keys and revocation
list, each credential's VC-JWT and its human page."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from parcours.core.errors import NotFound, ValidationFailed
from parcours.core.forms import add_service_errors
from parcours.core.lists import page_of
from parcours.credentials import awards, selectors, services, urls_of
from parcours.credentials.attestation import attestations_pdf, pdf_response
from parcours.credentials.forms import AttestationsForm, AwardForm, RevokeForm
from parcours.enrolment import years
from parcours.people.selectors import family_students

PUBLIC_CACHE = "public, max-age=300"


def _json(data: object, content_type: str = "application/json") -> HttpResponse:
    response = HttpResponse(json.dumps(data, indent=2), content_type=content_type)
    response["Cache-Control"] = PUBLIC_CACHE
    response["Access-Control-Allow-Origin"] = "*"  # any verifier, from any site
    return response


@require_GET
def issuer(request: HttpRequest, slug: str) -> HttpResponse:
    return _json(selectors.issuer_profile(selectors.issuer_centre(slug)), "application/ld+json")


@require_GET
def jwks(request: HttpRequest, slug: str) -> HttpResponse:
    return _json(selectors.jwks(selectors.issuer_centre(slug)), "application/jwk-set+json")


@require_GET
def status_list(request: HttpRequest, slug: str) -> HttpResponse:
    token = selectors.status_list_jwt(selectors.issuer_centre(slug))
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["Cache-Control"] = "no-cache"  # a revocation shows at once
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def credential_jwt(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = selectors.credential_public(uuid)
    response = HttpResponse(credential.jwt, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{credential.uuid}.jwt"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    for student in family_students(request.user):
        awards.award_due(student)  # what their record says they earned, issued now
    rows = [(c, urls_of.page(c.uuid)) for c in selectors.held_by(request.user)]
    return render(request, "credentials/mine.html", {"rows": rows})


# What each of the verifier's checks looks at, in the reader's language (its reasons stay the
# engine's, in English, marked as such).
CHECK_LABELS = {
    "format": gettext_lazy("its form (a signed JSON Web Token)"),
    "header": gettext_lazy("its header (the EdDSA algorithm and a key id)"),
    "issuer_key": gettext_lazy("the issuer's published key"),
    "signature": gettext_lazy("the issuer's signature"),
    "structure": gettext_lazy("its structure (Open Badges 3.0)"),
    "dates": gettext_lazy("its dates"),
    "status": gettext_lazy("its revocation status"),
}


def _checks(verdict: object) -> tuple[list[str], list[tuple[str, str]]]:
    passed = [str(CHECK_LABELS.get(c, c)) for c in getattr(verdict, "checks", [])]
    failed = []
    for error in getattr(verdict, "errors", []):
        check, _sep, reason = str(error).partition(": ")
        failed.append((str(CHECK_LABELS.get(check, check)), reason))
    return passed, failed


@require_GET
def credential_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = selectors.credential_public(uuid)
    verdict = selectors.verify(credential.jwt)
    passed, failed = _checks(verdict)
    return render(
        request,
        "credentials/page.html",
        {
            "credential": credential,
            "verdict": verdict,
            "passed": passed,
            "failed": failed,
            "jwt_url": urls_of.jwt(credential.uuid),
            "issuer_url": urls_of.issuer(credential.centre.slug),
        },
    )


@login_required
@require_GET
def attestation(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """One credential's attestation to print (its holder, their family, its centre's managers)."""
    credential = selectors.printable(user=request.user, uuid=uuid)
    data = attestations_pdf([credential], title=credential.name)
    return pdf_response(data, f"attestation-{credential.uuid}.pdf")


@login_required
@require_GET
def attestations(request: HttpRequest, slug: str) -> HttpResponse:
    """A school year's attestations of a centre, for one weekly group or all: the form, and
    with ``print`` the PDF (one page per valid credential, by student's name)."""
    centre = selectors.managed_centre(user=request.user, slug=slug)
    current = years.current_school_year(centre)
    slots = list(selectors.centre_slots(centre))
    form = AttestationsForm(request.GET or None, slots=slots, current=current)
    if request.GET.get("print") and form.is_valid():
        year = int(form.cleaned_data["year"])
        slot = next((s for s in slots if str(s.uuid) == form.cleaned_data["slot"]), None)
        rows = selectors.for_a_group(centre, year, slot)
        title = _("Attestations %(year)s · %(group)s") % {
            "year": years.year_label(year),
            "group": slot.label if slot else centre.name,
        }
        return pdf_response(
            attestations_pdf(rows, title=title), f"attestations-{centre.slug}-{year}.pdf"
        )
    status = 400 if request.GET and not form.is_valid() else 200
    return render(
        request,
        "credentials/attestations.html",
        {"centre": centre, "form": form},
        status=status,
    )


@login_required
def centre_credentials(request: HttpRequest, slug: str) -> HttpResponse:
    """A centre's credentials for its managers: what was issued (found by name), revoking
    one with a reason, and awarding one by hand (a lab, an orientation programme, a
    training)."""
    centre = selectors.managed_centre(user=request.user, slug=slug)
    action = request.POST.get("action", "")
    award_form = AwardForm(request.POST if action == "award" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if action == "award" and award_form.is_valid():
            data = award_form.cleaned_data
            holder = selectors.awardable_person(centre, data["username"])
            if holder is None:
                award_form.add_error(
                    "username", _("Nobody of this centre signs in with this name.")
                )
            else:
                try:
                    made = services.award_by_manager(
                        actor=request.user,
                        centre=centre,
                        holder=holder,
                        kind=data["kind"],
                        name=data["name"],
                        description=data["description"],
                        criteria=data["criteria"],
                        evidence_url=data["evidence_url"],
                    )
                except ValidationFailed as exc:
                    add_service_errors(award_form, exc)
                else:
                    messages.success(
                        request,
                        _("“%(name)s” is awarded to %(who)s.")
                        % {"name": made.name, "who": holder.get_full_name()},
                    )
                    return redirect("credentials:centre", slug=centre.slug)
        elif action == "revoke":
            revoke_form = RevokeForm(request.POST)
            if revoke_form.is_valid():
                credential = (
                    selectors.centre_credentials(centre)
                    .filter(uuid=revoke_form.cleaned_data["credential"])
                    .first()
                )
                if credential is None:
                    raise NotFound()
                services.revoke(
                    actor=request.user,
                    credential=credential,
                    reason=revoke_form.cleaned_data["reason"],
                )
                messages.success(request, _("The credential is revoked: its page says so."))
                return redirect("credentials:centre", slug=centre.slug)
            messages.error(request, _("Say why the credential is revoked."))
        else:
            messages.error(request, _("Check the highlighted fields."))
    query = request.GET.get("q", "").strip()[:100]
    page = page_of(request, selectors.centre_credentials(centre, query))
    return render(
        request,
        "credentials/centre.html",
        {"centre": centre, "page": page, "q": query, "award_form": award_form},
        status=status,
    )
