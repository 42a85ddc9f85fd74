"""The audit log's pages: the list (managers: their centres; network admins: all) and its CSV
export with the same filters."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.audit import selectors
from parcours.audit.forms import AuditFilterForm
from parcours.audit.permissions import can_read_audit
from parcours.core.errors import Forbidden

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, Any, int]:
    if not can_read_audit(request.user):
        raise Forbidden()
    centres = {c.slug: c for c in selectors.audit_centres(request.user)}
    form = AuditFilterForm(
        request.GET or None,
        centres=[(slug, c.name) for slug, c in centres.items()],
        kinds=selectors.kinds(),
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return form, selectors.entries(request.user, form.filters(centres)), status


@login_required
def log(request: HttpRequest) -> HttpResponse:
    form, rows, status = _filtered(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "rows": list(selectors.rows_of(page.object_list)),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered entries as CSV (UTF-8 with a BOM, for spreadsheets), at most 100,000."""
    _form, rows, status = _filtered(request)
    if status != 200:
        return log(request)
    writer = csv.writer(_Echo())
    header = [
        _("When"),
        _("Who"),
        _("Username"),
        _("What happened"),
        _("Kind of record"),
        _("Record"),
        _("Student concerned"),
        _("Centre"),
        _("Fields"),
        _("Through"),
        _("Address"),
    ]

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        chunk = rows[:EXPORT_LIMIT].iterator(chunk_size=2000)
        for r in selectors.rows_of(chunk):
            yield writer.writerow(
                [
                    timezone.localtime(r.when).isoformat(timespec="seconds"),
                    r.actor,
                    r.actor_username,
                    r.action_label,
                    r.kind,
                    r.record,
                    r.student,
                    r.centre,
                    "; ".join(r.fields),
                    r.via,
                    r.address,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="parcours-audit-{stamp}.csv"'
    return response
