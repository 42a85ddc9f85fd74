"""The public addresses of credentials (no login): an issuer's profile, keys and revocation
list, each credential's VC-JWT and its human page."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from parcours.credentials import selectors, urls_of

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
    rows = [(c, urls_of.page(c.uuid)) for c in selectors.held_by(request.user)]
    return render(request, "credentials/mine.html", {"rows": rows})


@require_GET
def credential_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = selectors.credential_public(uuid)
    verdict = selectors.verify(credential.jwt)
    return render(
        request,
        "credentials/page.html",
        {
            "credential": credential,
            "verdict": verdict,
            "jwt_url": urls_of.jwt(credential.uuid),
            "issuer_url": urls_of.issuer(credential.centre.slug),
        },
    )
