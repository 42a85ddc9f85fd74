"""A work's game frame address, by where the work is shown: the public page and an
exhibition's public page check the reader on each file; a signed-in reader's page gives a
signed address (the sandboxed frame sends no cookie)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from parcours.portfolio.files import play_token
from parcours.portfolio.selectors import Item

register = template.Library()


@register.simple_tag
def play_url(item: Item, where: str = "", slug: str = "") -> str:
    build = item.web_build
    if build is None:
        return ""
    if where == "public":
        return reverse("public_portfolio:public_play", args=[slug, item.uuid, build.entry])
    if where == "exhibition":
        return reverse("public_showcase:play", args=[slug, item.uuid, build.entry])
    return reverse("portfolio:play", args=[play_token(item), build.entry])
