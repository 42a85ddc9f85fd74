"""Enrolment pages. Thin: parse, call a selector or a service, render.

Public (no sign-in): the list of open centres, a centre's pre-registration form, the consent
page behind the emailed link, and the set-password page. Staff: the review of a centre's
requests (filters, one-by-one and bulk decisions) and a request's page. Families: re-enrol
(the button on their home page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parcours.centres import selectors as centres
from parcours.consents import selectors as consents
from parcours.consents import services as consent_records
from parcours.consents.choices import ConsentKind
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.core.forms import add_service_errors, form_status, submit
from parcours.core.lists import page_of, search_term
from parcours.enrolment import links, selectors, services, throttle, years
from parcours.enrolment.choices import CLOSED_STATUSES, EnrolmentStatus
from parcours.enrolment.forms import (
    AssignSlotForm,
    BulkForm,
    ConsentForm,
    PaperConsentForm,
    PaperWithdrawalForm,
    PreRegistrationForm,
    RefuseForm,
    RegisterForm,
    ReviewFilters,
    SlotChangeForm,
    SlotChangeRefuseForm,
)
from parcours.enrolment.permissions import can_review, enrolment_policy
from parcours.people.audit import record_access
from parcours.people.types import Actor
from parcours.schedule.selectors import slot_get

if TYPE_CHECKING:
    from parcours.centres.models import Centre
    from parcours.consents.services import PaperResult
    from parcours.enrolment.models import Enrolment
    from parcours.people.models import User

PAGE_SIZE = 50


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _next_or(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


# --- Public ----------------------------------------------------------------------------------


def centre_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.review_links(user=request.user) if request.user.is_authenticated else []
    return render(
        request,
        "enrolment/centres.html",
        {"centres": selectors.open_centres(), "reviews": reviews},
    )


def pre_register(request: HttpRequest, slug: str) -> HttpResponse:
    centre = selectors.open_centre(slug)
    year = years.current_school_year(centre)
    seats = selectors.slot_seats(centre, year, only_open=True)
    form = PreRegistrationForm(request.POST or None, centre=centre, seats=seats)
    if request.method == "POST":
        throttle.check_ip(request)

    def save(data: dict[str, Any], seen: datetime | None) -> services.PreRegistered:
        throttle.check_email(data.get("guardian_email", ""))
        application = services.Application.from_data(data)
        return services.pre_register(
            centre=centre, application=application, site_url=_site(request)
        )

    if (result := submit(request, form, save)) is not None:
        student = result.enrolment.student
        person = services.consenter(result.enrolment)
        facts = {
            "name": student.get_full_name(),
            "centre": centre.name,
            "year": years.year_label(result.enrolment.school_year),
            "email": person.email if person is not None else "",
        }
        if result.created:
            messages.success(
                request,
                (
                    _(
                        "Thank you! The pre-registration of %(name)s at %(centre)s for %(year)s "
                        "is received. We have emailed %(email)s a link to give consent: as "
                        "%(name)s is 18 or over, they consent for themselves."
                    )
                    if person is not None and person.pk == student.pk
                    else _(
                        "Thank you! The pre-registration of %(name)s at %(centre)s for %(year)s "
                        "is received. We have emailed %(email)s a link to give consent: the "
                        "request goes ahead once a guardian has consented."
                    )
                )
                % facts,
            )
        else:
            text = _(
                "A pre-registration for %(name)s at %(centre)s for %(year)s already exists "
                "with these details: nothing new was created."
            )
            if result.consent_email_sent:
                text += " " + _("We have emailed the consent link again to %(email)s.")
            messages.info(request, text % facts)
        return redirect("enrolment:sent", slug=centre.slug)
    context = {
        "centre": centre,
        "form": form,
        "year": years.year_label(year),
        "year_start": years.year_start(year),
        "seats": seats,
    }
    return render(request, "enrolment/form.html", context, status=form_status(request))


def pre_register_sent(request: HttpRequest, slug: str) -> HttpResponse:
    centre = selectors.open_centre(slug)
    return render(request, "enrolment/sent.html", {"centre": centre})


def _link_language(request: HttpRequest, person: User) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or person.preferred_language
    return language if language in ("fr", "en") else "fr"


def consent(request: HttpRequest, token: str) -> HttpResponse:
    """The consent page, reached from the emailed link (no sign-in needed: the signed link is
    the proof), for the guardian of a minor or the adult student themselves. Shows what is
    already recorded; records only what is new."""
    data = links.read_consent_token(token)
    enrolment, person = selectors.enrolment_for_consent(
        uuid=data.enrolment_uuid, person_id=data.person_id
    )
    language = _link_language(request, person)
    with translation.override(language):
        return _consent_page(request, enrolment, person, language, token)


def consent_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """Behind the same emailed link: the family withdraws its request, after confirming,
    while the centre has not decided it."""
    data = links.read_consent_token(token)
    enrolment, person = selectors.enrolment_for_consent(
        uuid=data.enrolment_uuid, person_id=data.person_id
    )
    back = reverse("enrolment:consent", kwargs={"token": token})
    with translation.override(_link_language(request, person)):
        return _withdraw_request_page(request, enrolment, person, back=back, done=back)


def _consent_page(
    request: HttpRequest, enrolment: Enrolment, person: User, language: str, token: str
) -> HttpResponse:
    records = selectors.consents_in_force(student_id=enrolment.student_id)
    given = {r.kind for r in records}
    texts = {}
    missing_text = False
    for kind in ConsentKind.values:
        if kind in given:
            continue
        try:
            texts[kind] = consents.current_text(kind=kind, language=language)
        except NotFound:
            missing_text = missing_text or kind == ConsentKind.ENROLMENT
    closed = enrolment.status in CLOSED_STATUSES
    form = ConsentForm(request.POST or None, texts=texts)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.consents_accept(enrolment=enrolment, given_by=person, accepted=form.accepted())
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect(request.path)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and closed:
        status = 409
    return render(
        request,
        "enrolment/consent.html",
        {
            "enrolment": enrolment,
            "student": enrolment.student,
            "records": records,
            "texts": texts,
            "form": form,
            "closed": closed,
            "missing_text": missing_text,
            "enrolment_given": ConsentKind.ENROLMENT in given,
            "adult": person.pk == enrolment.student_id,
            "token": token,
        },
        status=status,
    )


def _withdraw_request_page(
    request: HttpRequest, enrolment: Enrolment, actor: Actor, *, back: str, done: str
) -> HttpResponse:
    """Confirm, then withdraw the family's own request (a POST). A request the centre has
    already decided answers 409 with the reason."""
    status = 200
    error = ""
    if request.method == "POST":
        try:
            decision = services.enrolment_withdraw_by_family(actor=actor, enrolment=enrolment)
        except Conflict as exc:
            error, status = str(exc.message), 409
        else:
            if decision.outcome == "already":
                messages.info(request, _("This request was already withdrawn."))
            else:
                messages.success(
                    request,
                    _("The request for %(name)s is withdrawn. The centre is told.")
                    % {"name": enrolment.student.first_name},
                )
            return redirect(done)
    elif services.family_role(actor, enrolment) is None:
        raise (Forbidden() if enrolment_policy.can_view(actor, enrolment) else NotFound())
    return render(
        request,
        "enrolment/withdraw_request.html",
        {"e": enrolment, "back": back, "error": error},
        status=status,
    )


@login_required
def family_withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    """From the family's home: the student or a guardian withdraws a pending request."""
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    home = reverse("home")
    return _withdraw_request_page(request, enrolment, request.user, back=home, done=home)


class PasswordSetView(PasswordResetConfirmView):
    """The emailed one-time link to choose a password once registered."""

    template_name = "enrolment/password_set.html"
    success_url = reverse_lazy("enrolment:password_done")
    post_reset_login = False


def password_done(request: HttpRequest) -> HttpResponse:
    return render(request, "enrolment/password_done.html")


# --- Staff review ----------------------------------------------------------------------------


def _reviewed_centre(request: HttpRequest, slug: str) -> Centre:
    centre = centres.centre_get(user=request.user, slug=slug)
    if not can_review(request.user, centre):
        raise Forbidden()
    return centre


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    centre = _reviewed_centre(request, slug)
    current = years.current_school_year(centre)
    params = request.GET.copy()
    params.setdefault("year", str(current))
    counts = selectors.status_counts(user=request.user, centre=centre, year=current)
    if not request.GET and counts[EnrolmentStatus.PRE_REGISTERED]:
        # Opened from the home's "n requests to decide": those first ("All" stays a tab).
        params["status"] = EnrolmentStatus.PRE_REGISTERED
    filters = ReviewFilters(params, centre=centre, year_choices=selectors.review_years(centre))
    status_code = 200
    chosen: dict[str, Any] = {}
    if filters.is_valid():
        chosen = filters.cleaned_data
    else:
        status_code = 400
    year = chosen.get("year") or current
    bulk = BulkForm(request.POST or None)
    if request.method == "POST":
        status_code = 400
        if bulk.is_valid():
            try:
                result = services.enrolments_bulk(
                    actor=request.user,
                    centre=centre,
                    action=bulk.cleaned_data["action"],
                    uuids=request.POST.getlist("e"),
                    reason=bulk.cleaned_data["reason"],
                    site_url=_site(request),
                )
            except ValidationFailed as exc:
                add_service_errors(bulk, exc)
            else:
                messages.success(request, result.summary())
                return redirect(request.get_full_path())
    rows = selectors.review_list(
        user=request.user,
        centre=centre,
        year=year,
        status=chosen.get("status") or None,
        q=chosen.get("q") or "",
        slot=chosen.get("slot"),
        consent=chosen.get("consent") or None,
        duplicates=bool(chosen.get("duplicates")),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if year != current:
        counts = selectors.status_counts(user=request.user, centre=centre, year=year)
    query = params.copy()  # the status opened by default included, for the next pages
    query.pop("page", None)
    return render(
        request,
        "enrolment/review.html",
        {
            "centre": centre,
            "year": year,
            "year_label": years.year_label(year),
            "filters": filters,
            "filtering": bool(filters.errors)
            or any(request.GET.get(k) for k in ("q", "slot", "consent", "duplicates")),
            "bulk": bulk,
            "page": page,
            "query": query.urlencode(),
            "tabs": [(value, label, counts[value]) for value, label in EnrolmentStatus.choices],
            "total": sum(counts.values()),
            "current_status": chosen.get("status") or "",
            "seats": selectors.slot_seats(centre, year),
        },
        status=status_code,
    )


@login_required
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    enrolment = selectors.enrolment_get(user=request.user, uuid=uuid)
    record_access(request.user, enrolment)
    return _detail(request, enrolment)


def _detail(
    request: HttpRequest, enrolment: Enrolment, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    """A request's page; ``bound`` holds a refused form to show again with its errors."""
    enrolment = selectors.enrolment_get(user=request.user, uuid=enrolment.uuid)
    language = enrolment.student.preferred_language or "fr"
    return render(
        request,
        "enrolment/detail.html",
        {
            "e": enrolment,
            "centre": enrolment.centre,
            "can_decide": enrolment_policy.can_change(request.user, enrolment),
            "can_review": can_review(request.user, enrolment.centre),
            "duplicates": selectors.possible_duplicates(user=request.user, enrolment=enrolment),
            "history": selectors.history_of(user=request.user, student_id=enrolment.student_id),
            "consents": consents.consents_of(user=request.user, student_id=enrolment.student_id),
            "register_form": RegisterForm(centre=enrolment.centre),
            "refuse_form": RefuseForm(),
            "paper_form": PaperConsentForm(language=language),
            "paper_withdrawal_form": PaperWithdrawalForm(),
            **bound,
        },
        status=status,
    )


@dataclass(frozen=True)
class _PaperForm:
    """What a manager records from a form signed on paper at the centre."""

    form: type[PaperConsentForm] | type[PaperWithdrawalForm]
    record: Callable[..., PaperResult]
    form_name: str  # the form's name on the request's page
    done: str | Promise
    unchanged: str | Promise


PAPER_FORMS = {
    "consent": _PaperForm(
        PaperConsentForm,
        consent_records.consent_record_paper,
        "paper_form",
        gettext_lazy("The paper consent (%(kind)s) is recorded."),
        gettext_lazy("This consent (%(kind)s) was already in force: nothing changed."),
    ),
    "withdrawal": _PaperForm(
        PaperWithdrawalForm,
        consent_records.consent_withdraw_paper,
        "paper_withdrawal_form",
        gettext_lazy("The withdrawal (%(kind)s) is recorded."),
        gettext_lazy("This consent (%(kind)s) was already withdrawn: nothing changed."),
    ),
}


@login_required
@require_POST
def paper_form(request: HttpRequest, uuid: str, what: str) -> HttpResponse:
    """A manager records a form signed on paper at the centre (a consent, or its withdrawal)
    for the request's student; the page says what changed, or that nothing did."""
    paper = PAPER_FORMS[what]
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid, editable=True)
    form = paper.form(request.POST)

    def save(data: dict[str, Any], seen: datetime | None) -> PaperResult:
        return paper.record(actor=request.user, student=enrolment.student, **data)

    if (result := submit(request, form, save)) is None:
        return _detail(request, enrolment, status=400, **{paper.form_name: form})
    text = paper.done if result.changed else paper.unchanged
    notice = messages.success if result.changed else messages.info
    notice(request, str(text) % {"kind": result.record.get_kind_display()})
    return _back(request, enrolment)


def _editable(request: HttpRequest, uuid: str) -> Enrolment:
    return selectors.enrolment_find(user=request.user, uuid=uuid, editable=True)


def _back(request: HttpRequest, enrolment: Enrolment) -> HttpResponse:
    return _next_or(request, reverse("enrolment:detail", args=[enrolment.uuid]))


@login_required
@require_POST
def register(request: HttpRequest, uuid: str) -> HttpResponse:
    enrolment = _editable(request, uuid)
    form = RegisterForm(request.POST, centre=enrolment.centre)
    if not form.is_valid():
        return _detail(request, enrolment, register_form=form, status=400)
    try:
        decision = services.enrolment_register(
            actor=request.user,
            enrolment=enrolment,
            slot=form.cleaned_data["slot"],
            site_url=_site(request),
        )
    except ValidationFailed as exc:
        add_service_errors(form, exc)
        return _detail(request, enrolment, register_form=form, status=400)
    name = enrolment.student.get_full_name()
    if decision.outcome == "waiting_list":
        messages.success(
            request,
            _("%(name)s is on the waiting list of %(slot)s, in position %(n)s.")
            % {"name": name, "slot": decision.enrolment.slot, "n": decision.position},
        )
    elif decision.outcome == "already":
        messages.info(request, _("%(name)s was already registered.") % {"name": name})
    else:
        messages.success(
            request,
            _("%(name)s is registered; the family is emailed their sign-in links.")
            % {"name": name},
        )
    return _back(request, enrolment)


@login_required
@require_POST
def refuse(request: HttpRequest, uuid: str) -> HttpResponse:
    enrolment = _editable(request, uuid)
    form = RefuseForm(request.POST)

    def save(data: dict[str, Any], seen: datetime | None) -> object:
        return services.enrolment_refuse(
            actor=request.user, enrolment=enrolment, reason=data["reason"]
        )

    if not submit(request, form, save):
        return _detail(request, enrolment, refuse_form=form, status=400)
    messages.success(request, _("The request is refused; the family is told why."))
    return _back(request, enrolment)


@login_required
@require_POST
def withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    enrolment = _editable(request, uuid)
    decision = services.enrolment_withdraw(
        actor=request.user, enrolment=enrolment, site_url=_site(request)
    )
    text = _("The enrolment is withdrawn.")
    if decision.promoted:
        text += " " + _("The freed seat went to %(name)s, first on the waiting list.") % {
            "name": decision.promoted[0].student.get_full_name()
        }
    messages.success(request, text)
    return _back(request, enrolment)


@login_required
@require_POST
def resend_consent(request: HttpRequest, uuid: str) -> HttpResponse:
    enrolment = _editable(request, uuid)
    services.consent_request_resend(
        actor=request.user, enrolment=enrolment, site_url=_site(request)
    )
    messages.success(request, _("The consent link is emailed to the guardian again."))
    return _back(request, enrolment)


@login_required
@require_POST
def resend_signin(request: HttpRequest, uuid: str) -> HttpResponse:
    enrolment = _editable(request, uuid)
    services.signin_links_resend(actor=request.user, enrolment=enrolment, site_url=_site(request))
    messages.success(request, _("The sign-in links are emailed to the guardian again."))
    return _back(request, enrolment)


@login_required
@require_POST
def fill_slot(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    centre = _reviewed_centre(request, slug)
    slot = slot_get(user=request.user, centre=centre, uuid=uuid)
    try:
        year = int(request.POST.get("year") or years.current_school_year(centre))
    except ValueError as exc:
        raise ValidationFailed(_("The school year is not valid.")) from exc
    promoted = services.waiting_list_advance(
        actor=request.user, slot=slot, school_year=year, site_url=_site(request)
    )
    messages.success(
        request,
        _("%(n)s moved from the waiting list to %(slot)s.") % {"n": len(promoted), "slot": slot},
    )
    return _next_or(request, reverse("enrolment:review", args=[centre.slug]))


@login_required
@require_POST
def reenrol(request: HttpRequest, uuid: str) -> HttpResponse:
    enrolment = selectors.enrolment_find(user=request.user, uuid=uuid)
    result = services.reenrol(actor=request.user, enrolment=enrolment, site_url=_site(request))
    facts = {
        "name": enrolment.student.first_name,
        "year": years.year_label(result.enrolment.school_year),
    }
    if result.created:
        messages.success(
            request,
            _("%(name)s's re-enrolment for %(year)s is sent to the centre, which confirms it.")
            % facts,
        )
    else:
        messages.info(request, _("%(name)s's request for %(year)s already exists.") % facts)
    return _next_or(request, reverse("home"))


# --- Slot changes ----------------------------------------------------------------------------


@login_required
def my_slot(request: HttpRequest) -> HttpResponse:
    """The family's page: each registered student's weekly slot, and a change request."""
    rows = selectors.family_slots(user=request.user)
    forms_by_uuid: dict[str, SlotChangeForm] = {}
    status = 200
    if request.method == "POST":
        target = request.POST.get("enrolment", "")
        row = next((r for r in rows if str(r.enrolment.uuid) == target), None)
        if row is None:
            raise NotFound()
        form = SlotChangeForm(request.POST, choices=row.choices, prefix=target)
        if form.is_valid():
            try:
                result = services.slot_change_request(
                    actor=request.user,
                    enrolment=row.enrolment,
                    to_slot=form.cleaned_data["to_slot"],
                    note=form.cleaned_data["note"],
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                if result.outcome == "already":
                    messages.info(request, _("This request was already sent to the centre."))
                else:
                    messages.success(
                        request, _("Your request is sent; the centre will answer it soon.")
                    )
                return redirect("enrolment:my_slot")
        forms_by_uuid[target] = form
        status = 400
    items = [
        {
            "row": r,
            "form": forms_by_uuid.get(str(r.enrolment.uuid))
            or SlotChangeForm(choices=r.choices, prefix=str(r.enrolment.uuid)),
        }
        for r in rows
    ]
    return render(request, "enrolment/my_slot.html", {"items": items}, status=status)


@login_required
@require_POST
def slot_change_cancel(request: HttpRequest, uuid: str) -> HttpResponse:
    change = selectors.slot_change_get(user=request.user, uuid=uuid)
    services.slot_change_cancel(actor=request.user, change=change)
    messages.success(request, _("Your request is cancelled."))
    return redirect("enrolment:my_slot")


def _changes_page(request: HttpRequest, centre: Any) -> Any:
    """The open slot change requests, searched by name (``q``), 25 a page."""
    rows = selectors.slot_change_list(user=request.user, centre=centre, q=search_term(request))
    return page_of(request, rows)


@login_required
def slot_changes(request: HttpRequest, slug: str) -> HttpResponse:
    """Managers: the open slot change requests, and bulk assignment of a slot."""
    centre = _reviewed_centre(request, slug)
    year = years.current_school_year(centre)
    assign = AssignSlotForm(request.POST or None, centre=centre)
    status = 200
    if request.method == "POST":
        status = 400
        if assign.is_valid():
            try:
                result = services.slots_assign_bulk(
                    actor=request.user,
                    centre=centre,
                    slot=assign.cleaned_data["slot"],
                    uuids=request.POST.getlist("e"),
                )
            except ValidationFailed as exc:
                add_service_errors(assign, exc)
            else:
                messages.success(request, result.summary())
                return redirect("enrolment:slot_changes", slug=centre.slug)
    return render(
        request,
        "enrolment/slot_changes.html",
        {
            "centre": centre,
            "year_label": years.year_label(year),
            "changes": (changes := _changes_page(request, centre)).object_list,
            "changes_page": changes,
            "q": search_term(request),
            "decided": selectors.slot_changes_decided(user=request.user, centre=centre),
            "seats": selectors.slot_seats(centre, year),
            "unplaced": selectors.unplaced_registrations(
                user=request.user, centre=centre, year=year
            ),
            "assign": assign,
            "refuse_form": SlotChangeRefuseForm(),
        },
        status=status,
    )


@login_required
@require_POST
def slot_change_accept(request: HttpRequest, uuid: str) -> HttpResponse:
    change = selectors.slot_change_get(user=request.user, uuid=uuid, editable=True)
    result = services.slot_change_accept(actor=request.user, change=change, site_url=_site(request))
    messages.success(
        request,
        _("%(name)s now comes to %(slot)s.")
        % {"name": change.student.get_full_name(), "slot": change.to_slot.label},
    )
    if result.promoted:
        messages.info(
            request,
            _("The freed seat went to %(name)s, first on the waiting list.")
            % {"name": result.promoted[0].student.get_full_name()},
        )
    return redirect("enrolment:slot_changes", slug=change.centre.slug)


@login_required
@require_POST
def slot_change_refuse(request: HttpRequest, uuid: str) -> HttpResponse:
    change = selectors.slot_change_get(user=request.user, uuid=uuid, editable=True)
    form = SlotChangeRefuseForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Give the reason for refusing (the family sees it)."))
    services.slot_change_refuse(
        actor=request.user, change=change, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("The request is refused; the family sees why."))
    return redirect("enrolment:slot_changes", slug=change.centre.slug)
