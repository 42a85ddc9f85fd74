"""The public addresses of an issuer and its credentials (absolute: they go into what is
signed, so they are built from ``PARCOURS_SITE_URL``, never from a request's Host)."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.PARCOURS_SITE_URL.rstrip("/") + path


def issuer(slug: str) -> str:
    return absolute(reverse("credentials:issuer", args=[slug]))


def jwks(slug: str) -> str:
    return absolute(reverse("credentials:jwks", args=[slug]))


def status_list(slug: str) -> str:
    return absolute(reverse("credentials:status_list", args=[slug]))


def page(uuid: UUID) -> str:
    return absolute(reverse("credentials:page", args=[uuid]))


def jwt(uuid: UUID) -> str:
    return absolute(reverse("credentials:jwt", args=[uuid]))


def achievement(slug: str, achievement: str) -> str:
    return issuer(slug) + "achievements/" + achievement.replace(":", "/")
