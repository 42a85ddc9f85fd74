"""The role × endpoint matrix (issue 12): every page of the URL configuration and every
operation of the API's OpenAPI schema, asked for by every role (anonymous, the student,
their guardian, another family, their coach, an expert, a mentor, the centre's manager,
another centre's manager, a network admin), with path parameters naming Inès's family's
records in Paris (the demo). The expected answer of each is declared once (``EXPECTED``,
``EXPECTED_POST``, ``EXPECTED_API``); a page or an operation without one fails the test.

Answers: ``ok`` (200), ``go`` (a redirect elsewhere than the sign-in page: done, or shown
the outcome), ``login`` (redirect to sign in), ``no`` (403 or 404: refused, or hidden as if
it did not exist), ``post`` (405: the page only takes forms sent to it), or the status code
(400: an empty form refused as invalid; 409: refused as it stands). Pages that take only
forms are also sent an empty one by everyone but the manager and the network admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.attacks.matrix import (
    ROLES,
    api_operations,
    api_path,
    api_records,
    arguments,
    pages,
    people,
)

ORDER = list(ROLES)


def answer(response: Any) -> str:
    code = response.status_code
    if code in (301, 302):
        return "login" if "/accounts/login/" in response["Location"] else "go"
    if code in (200, 204):
        return "ok"
    if code in (403, 404):
        return "no"
    if code == 405:
        return "post"
    return str(code)


# POST-only pages are also sent an empty form by everyone but the centre's manager and the
# network admin (whose forms would really change things): refused or invalid, never done.
POSTERS = [r for r in ORDER if r not in ("manager", "admin")]


def api_answer(response: Any) -> str:
    code = response.status_code
    return "ok" if code in (200, 201, 204) else str(code)


def probe() -> tuple[
    dict[str, dict[str, str]], dict[str, dict[str, str]], dict[str, dict[str, str]]
]:
    call_command("demo-data", "--students", "60", "--seed", "5")
    who = people()
    args = arguments()
    clients = {}
    for role, user in who.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    table: dict[str, dict[str, str]] = {}
    urls = {}
    for name, _pattern in pages():
        kwargs = args[name]() if name in args else {}
        urls[name] = reverse(name, kwargs=kwargs)
        table[name] = {role: answer(clients[role].get(urls[name])) for role in ORDER}
    posted: dict[str, dict[str, str]] = {}
    for name, row in table.items():
        if name == "logout":  # it would end the sessions the other pages are asked with
            continue
        if set(row.values()) == {"post"} or (
            set(row.values()) <= {"post", "login"} and row["anonymous"] == "login"
        ):
            posted[name] = {role: answer(clients[role].post(urls[name], {})) for role in POSTERS}
    # The API: reads by everyone; writes (an empty JSON body) by all but the manager and the
    # network admin, as for the pages' forms.
    records = api_records()
    operations: dict[str, dict[str, str]] = {}
    for method, template in api_operations():
        path = api_path(template, records)
        askers = ORDER if method == "GET" else POSTERS
        row = {}
        for role in askers:
            call = getattr(clients[role], method.lower())
            if method in ("GET", "DELETE"):
                response = call(path)
            else:
                response = call(path, data="{}", content_type="application/json")
            row[role] = api_answer(response)
        operations[f"{method} {template}"] = row
    return table, posted, operations


# Columns: anonymous student guardian other_family coach expert mentor manager other_manager admin
EXPECTED = {
    "attendance:absence_justify": "login post post post post post post post post post",
    "attendance:badge_reissue": "login post post post post post post post post post",
    "attendance:badges": "login no no no no no no ok no ok",
    "attendance:board": "login no no no ok ok no ok no ok",
    "attendance:follow_up": "login ok ok ok ok ok ok ok ok ok",
    "attendance:kiosk": "login no no no ok ok no ok no ok",
    "attendance:kiosk_device": "login post post post post post post post post post",
    "attendance:lab_register": "login no no no no ok no ok no ok",
    "attendance:my_badge": "login ok no ok no no no no no no",
    "attendance:session": "login no no no ok ok no ok no ok",
    "attendance:session_leave": "login post post post post post post post post post",
    "attendance:settings": "login no no no no no no ok no ok",
    "attendance:student": "login ok ok no ok ok no ok no ok",
    "audit:export": "login no no no no no no ok ok ok",
    "audit:log": "login no no no no no no ok ok ok",
    "calendars:feed": "ok ok ok ok ok ok ok ok ok ok",
    "calendars:mine": "login ok ok ok ok ok ok ok ok ok",
    # public addresses: a credential and its issuer's documents are for any verifier
    "credentials:issuer": "ok ok ok ok ok ok ok ok ok ok",
    "credentials:jwks": "ok ok ok ok ok ok ok ok ok ok",
    "credentials:status_list": "ok ok ok ok ok ok ok ok ok ok",
    "credentials:page": "ok ok ok ok ok ok ok ok ok ok",
    "credentials:jwt": "ok ok ok ok ok ok ok ok ok ok",
    "credentials:mine": "login ok ok ok ok ok ok ok ok ok",
    "credentials:attestation": "login ok ok no no no no ok no ok",
    "credentials:attestations": "login no no no no no no ok no ok",
    "credentials:centre": "login no no no no no no ok no ok",
    "portfolio:mine": "login ok ok ok ok ok ok ok ok ok",
    "portfolio:centre": "login ok ok ok ok ok ok ok ok ok",
    "portfolio:work": "login ok no no no no no no no no",
    "portfolio:file": "login ok ok ok ok ok ok ok no ok",
    "portfolio:export": "login post post post post post post post post post",
    "portfolio:export_download": "login ok ok no no no no no no no",
    "public_portfolio:public": "ok ok ok ok ok ok ok ok ok ok",
    "public_portfolio:public_file": "ok ok ok ok ok ok ok ok ok ok",
    # a game's files: public with the page; a signed address for a signed-in reader's frame
    "public_portfolio:public_play": "ok ok ok ok ok ok ok ok ok ok",
    "portfolio:play": "ok ok ok ok ok ok ok ok ok ok",
    # not public: her family to My portfolio, the centre's members to the work; others 404
    "portfolio:address": "no go go go go go go go no go",
    # works made outside an activity: the student sends; her family and reviewers (her
    # coach, the centre's managers, the network admin) read one; everyone has a queue
    "portfolio:outside_new": "login ok no ok no no no no no no",
    "portfolio:outside": "login ok ok no ok no no ok no ok",
    "portfolio:reviews": "login ok ok ok ok ok ok ok ok ok",
    "public_showcase:play": "ok ok ok ok ok ok ok ok ok ok",
    "showcase:list": "login ok ok ok ok ok ok ok ok ok",
    # training offers (issue 17): anyone reads them; her plan: she, family, coach, staff
    "training_offers:search": "ok ok ok ok ok ok ok ok ok ok",
    "training_offers:detail": "ok ok ok ok ok ok ok ok ok ok",
    "training_offers:mine": "login go no go no no no no no no",
    "training_offers:student": "login ok ok no ok ok no ok no ok",
    "training_offers:keep": "login post post post post post post post post post",
    "training_offers:manage": "login no no no no no no ok ok ok",
    "training_offers:export": "login no no no no no no ok ok ok",
    "training_offers:import": "login no no no no no no ok no ok",
    # the orientation programme: run by the centre's coaches and managers; hers and her family's
    "orientation:home": "login go go go go no no go go go",
    "orientation:family": "login ok ok ok no no no no no no",
    "orientation:centre": "login no no no ok no no ok no ok",
    "orientation:templates": "login no no no ok no no ok no ok",
    "orientation:participant": "login go go no ok no no ok no ok",
    "orientation:pdf": "login ok ok no ok no no ok no ok",
    "orientation:student": "login ok ok no go no no go no go",
    "orientation:meeting": "login no no no ok no no ok no ok",
    # prevention internships: the centre's staff; the partner's form and status page: public
    "internships:centre": "login no no no ok no no ok no ok",
    "internships:detail": "login no no no ok no no ok no ok",
    "internships:certificate": "login no no no ok no no ok no ok",
    "internships:refer": "ok ok ok ok ok ok ok ok ok ok",
    "internships:status": "ok ok ok ok ok ok ok ok ok ok",
    "showcase:detail": "login no no no ok no no ok no ok",
    "public_showcase:public": "ok ok ok ok ok ok ok ok ok ok",
    "public_showcase:slideshow": "no no no no no no no no no no",
    "public_showcase:file": "ok ok ok ok ok ok ok ok ok ok",
    "catalogue:activity": "login ok ok ok ok ok ok ok ok ok",
    "catalogue:activity_create": "login no no no no no no ok ok ok",
    "catalogue:activity_edit": "login no no no no no no no no ok",
    "catalogue:area": "login ok ok ok ok ok ok ok ok ok",
    "catalogue:framework": "login ok ok ok ok ok ok ok ok ok",
    "catalogue:framework_draft": "login post post post post post post post post post",
    "catalogue:framework_publish": "login post post post post post post post post post",
    "catalogue:frameworks": "login ok ok ok ok ok ok ok ok ok",
    "catalogue:lab_template_edit": "login no no no no no no no no ok",
    "catalogue:masterlab_template_edit": "login no no no no no no no no ok",
    "catalogue:offer_edit": "login no no no no no no ok no ok",
    "catalogue:offers": "login no no no no no no ok no ok",
    "catalogue:panel": "login ok ok ok ok ok ok ok ok ok",
    "centre": "login ok ok ok ok ok ok ok no ok",
    "centre_switch": "post post post post post post post post post post",
    "centres:edit": "login no no no no no no ok no ok",
    "centres:list": "login ok ok ok ok ok ok ok ok ok",
    "centres:room_create": "login no no no no no no ok no ok",
    "centres:room_delete": "login post post post post post post post post post",
    "centres:room_edit": "login no no no no no no ok no ok",
    "consents:withdraw": "login post post post post post post post post post",
    "design": "login no no no ok ok no ok ok ok",
    "design_modal": "login no no no ok ok no ok ok ok",
    "enrolment:centres": "ok ok ok ok ok ok ok ok ok ok",
    "enrolment:consent": "ok ok ok ok ok ok ok ok ok ok",
    "enrolment:consent_withdraw": "ok ok ok ok ok ok ok ok ok ok",
    "enrolment:detail": "login ok ok no no no no ok no ok",
    "enrolment:family_withdraw": "login ok ok no no no no no no no",
    "enrolment:fill_slot": "login post post post post post post post post post",
    "enrolment:form": "ok ok ok ok ok ok ok ok ok ok",
    "enrolment:my_slot": "login ok ok ok ok ok ok ok ok ok",
    "enrolment:paper_consent": "login post post post post post post post post post",
    "enrolment:paper_withdrawal": "login post post post post post post post post post",
    "enrolment:password": "ok ok ok ok ok ok ok ok ok ok",
    "enrolment:password_done": "ok ok ok ok ok ok ok ok ok ok",
    "enrolment:reenrol": "login post post post post post post post post post",
    "enrolment:refuse": "login post post post post post post post post post",
    "enrolment:register": "login post post post post post post post post post",
    "enrolment:resend_consent": "login post post post post post post post post post",
    "enrolment:resend_signin": "login post post post post post post post post post",
    "enrolment:review": "login no no no no no no ok no ok",
    "enrolment:sent": "ok ok ok ok ok ok ok ok ok ok",
    "enrolment:slot_change_accept": "login post post post post post post post post post",
    "enrolment:slot_change_cancel": "login post post post post post post post post post",
    "enrolment:slot_change_refuse": "login post post post post post post post post post",
    "enrolment:slot_changes": "login no no no no no no ok no ok",
    "enrolment:withdraw": "login post post post post post post post post post",
    "home": "login ok ok ok ok ok ok ok ok ok",
    "labs:allocation": "login no no no no no no ok no ok",
    "labs:centre": "login ok ok ok ok ok ok ok no ok",
    "labs:cycle": "login go ok go ok ok no ok no ok",
    "labs:cycle_create": "login no no no no no no ok no ok",
    "labs:cycle_delete": "login post post post post post post post post post",
    "labs:cycle_edit": "login no no no no no no ok no ok",
    "labs:family": "login ok ok ok ok ok ok ok ok ok",
    "labs:lab": "login ok ok ok ok ok no ok no ok",
    "labs:lab_create": "login no no no no no no ok no ok",
    "labs:lab_delete": "login post post post post post post post post post",
    "labs:lab_edit": "login no no no no no no ok no ok",
    "labs:masterlab": "login ok ok ok ok ok no ok no ok",
    "labs:masterlab_create": "login no no no no no no ok no ok",
    "labs:masterlab_delete": "login post post post post post post post post post",
    "labs:masterlab_edit": "login no no no no no no ok no ok",
    "labs:masterlab_give_up": "login post post post post post post post post post",
    "labs:masterlab_selection": "login no no no no no no ok no ok",
    "labs:masterlab_withdraw": "login post post post post post post post post post",
    "labs:offer_answer": "login post post post post post post post post post",
    "labs:seat_withdraw": "login ok ok no no no no ok no ok",
    "labs:wishes": "login ok no ok no no no no no no",
    "learning:activity": "login ok no ok no no no no no no",
    "learning:area": "login ok no ok no no no no no no",
    "learning:discovery": "login ok no ok no no no no no no",
    "learning:mastery": "login no no no no no no ok no ok",
    "learning:project_submit": "login post post post post post post post post post",
    "learning:quiz_submit": "login post post post post post post post post post",
    "learning:review": "login no no no no ok no ok no ok",
    "learning:reviews": "login ok ok ok ok ok ok ok ok ok",
    "learning:student": "login ok ok no ok ok no ok no ok",
    "learning:submission_file": "login no no no no ok no ok no ok",
    "learning:tutorial_done": "login post post post post post post post post post",
    "login": "ok go go go go go go go go go",
    "logout": "post post post post post post post post post post",
    "notifications:inbox": "login ok ok ok ok ok ok ok ok ok",
    "notifications:open": "login no go no no no no no no no",
    "notifications:read_all": "login post post post post post post post post post",
    "notifications:settings": "login ok ok ok ok ok ok ok ok ok",
    "password_reset": "ok ok ok ok ok ok ok ok ok ok",
    "password_reset_complete": "ok ok ok ok ok ok ok ok ok ok",
    "password_reset_confirm": "ok ok ok ok ok ok ok ok ok ok",
    "password_reset_done": "ok ok ok ok ok ok ok ok ok ok",
    "people:password_change": "login ok ok ok ok ok ok ok ok ok",
    "people:sessions": "login ok ok ok ok ok ok ok ok ok",
    "people:token_revoke": "login post post post post post post post post post",
    "people:two_factor": "login ok ok ok ok ok ok ok ok ok",
    "people:two_factor_verify": "login go go go go go go go go go",
    "people:tokens": "login ok ok ok ok ok ok ok ok ok",
    "privacy:approve": "login post post post post post post post post post",
    "privacy:ask": "login no ok no no no no no no no",
    "privacy:cancel": "login post post post post post post post post post",
    "privacy:download": "login post post post post post post post post post",
    "privacy:mine": "login ok ok ok ok ok ok ok ok ok",
    "privacy:refuse": "login post post post post post post post post post",
    "privacy:request": "login no no no no no no ok no ok",
    "privacy:requests": "login no no no no no no ok ok ok",
    "privacy:retention": "login no no no no no no no no ok",
    "risk:alerts": "login no no no ok no no ok ok ok",
    "coaching:student": "login no no no ok no no ok no ok",
    "coaching:timeline": "login no no no ok no no ok no ok",
    "coaching:note_add": "login post post post post post post post post post",
    "coaching:action_add": "login post post post post post post post post post",
    "coaching:message_send": "login post post post post post post post post post",
    "coaching:note_edit": "login no no no ok no no ok no ok",
    "coaching:note_pin": "login post post post post post post post post post",
    "coaching:actions": "login no no no ok no no ok ok ok",
    "coaching:action_close": "login post post post post post post post post post",
    "coaching:shared": "login ok ok ok ok ok ok ok ok ok",
    "coaching:caseloads": "login no no no no no no ok no ok",
    "risk:alert_close": "login post post post post post post post post post",
    "risk:model": "login no no no no no no ok no ok",
    "schedule:closed_create": "login no no no no no no ok no ok",
    "schedule:closed_delete": "login post post post post post post post post post",
    "schedule:extra_create": "login no no no no no no ok no ok",
    "schedule:extra_invitees": "login no no no no no no ok no ok",
    "schedule:generate": "login no no no no no no ok no ok",
    "schedule:hours": "login no no no no no no ok no ok",
    "schedule:meeting_add": "login post post post post post post post post post",
    "schedule:meeting_remove": "login post post post post post post post post post",
    "schedule:overview": "login no no no ok ok no ok no ok",
    "schedule:session_cancel": "login post post post post post post post post post",
    "schedule:slot": "login no no no no no no ok no ok",
    "schedule:slot_create": "login no no no no no no ok no ok",
    "schedule:week": "login no no no ok ok no ok no ok",
    "search": "login no no no ok ok no ok ok ok",
    "set_language": "go go go go go go go go go go",
    "theme": "post post post post post post post post post post",
}

# Columns: anonymous student guardian other_family coach expert mentor other_manager
EXPECTED_POST = {
    "attendance:absence_justify": "login no no no go no no no",
    "attendance:badge_reissue": "login no no no ok no no no",
    "risk:alert_close": "login no no no go no no no",
    "coaching:note_add": "login no no no 400 no no no",
    "coaching:action_add": "login no no no 400 no no no",
    "coaching:message_send": "login no no no 400 no no no",
    "coaching:note_pin": "login no no no go no no no",
    "coaching:action_close": "login no no no go no no no",
    "attendance:kiosk_device": "login no no no 400 400 no no",
    "attendance:session_leave": "login no no no 400 400 no no",
    "catalogue:framework_draft": "login no no no no no no no",
    "catalogue:framework_publish": "login no no no no no no no",
    "centre_switch": "login no no no no no no no",
    "centres:room_delete": "login no no no no no no no",
    "consents:withdraw": "login 409 409 no no no no no",
    "enrolment:fill_slot": "login no no no no no no no",
    "enrolment:paper_consent": "login no no no no no no no",
    "enrolment:paper_withdrawal": "login no no no no no no no",
    "enrolment:reenrol": "login no go no no no no no",
    "enrolment:refuse": "login no no no no no no no",
    "enrolment:register": "login no no no no no no no",
    "enrolment:resend_consent": "login no no no no no no no",
    "enrolment:resend_signin": "login no no no no no no no",
    "enrolment:slot_change_accept": "login no no no no no no no",
    "enrolment:slot_change_cancel": "login no no no no no no no",
    "enrolment:slot_change_refuse": "login no no no no no no no",
    "enrolment:withdraw": "login no no no no no no no",
    "labs:cycle_delete": "login no no no no no no no",
    "labs:lab_delete": "login no no no no no no no",
    "labs:masterlab_delete": "login no no no no no no no",
    "labs:masterlab_give_up": "login go go no no no no no",
    "labs:masterlab_withdraw": "login 409 no go no no no no",
    "labs:offer_answer": "login 400 400 no 400 400 no no",
    "learning:project_submit": "login 400 no 400 no no no no",
    "learning:quiz_submit": "login 400 no 400 no no no no",
    "learning:tutorial_done": "login go no go no no no no",
    "notifications:read_all": "login go go go go go go go",
    "people:token_revoke": "login no no no no no no no",
    "privacy:approve": "login no no no no no no no",
    "privacy:cancel": "login no no no no no no no",
    "privacy:download": "login ok ok no no no no no",
    "portfolio:export": "login no no no no no no no",
    "training_offers:keep": "login no no no no no no no",
    "privacy:refuse": "login no no no no no no no",
    "schedule:closed_delete": "login no no no no no no no",
    "schedule:meeting_add": "login no no no no no no no",
    "schedule:meeting_remove": "login no no no no no no no",
    "schedule:session_cancel": "login no no no no no no no",
    "theme": "go go go go go go go go",
}


# The API, every operation of the OpenAPI schema: ``ok`` (200, 201, 204) or the status code
# (401: not signed in; 403/404: refused or hidden; 409: refused as it stands; 422: the body or
# the query is not valid, judged before the permission). Columns as EXPECTED for reads, as
# EXPECTED_POST for writes (an empty JSON body).
EXPECTED_API = {
    "GET /api/me": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/me/tokens": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/me/sessions": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/centres": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/centres/{slug}": "401 ok ok ok ok ok ok ok 404 ok",
    "GET /api/centres/{slug}/rooms": "401 ok ok ok ok ok ok ok 404 ok",
    "GET /api/focus-areas": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/focus-areas/{slug}": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/centres/{slug}/offers": "401 ok ok ok ok ok ok ok 404 ok",
    "GET /api/frameworks": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/frameworks/{key}": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/activities": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/activities/{uuid}": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/lab-templates": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/masterlab-templates": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/centres/{slug}/enrolments": "401 ok ok ok ok ok ok ok 404 ok",
    "GET /api/enrolments/{uuid}": "401 ok ok 404 404 404 404 ok 404 ok",
    "GET /api/enrolments/{uuid}/consents": "401 ok ok 404 404 404 404 ok 404 ok",
    "GET /api/me/enrolments": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/me/slot-changes": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/centres/{slug}/slot-changes": "401 ok ok ok ok ok ok ok 404 ok",
    "GET /api/me/path": "401 ok 403 ok 403 403 403 403 403 403",
    "GET /api/students/{uuid}/path": "401 ok ok 404 ok ok 404 ok 404 ok",
    "GET /api/me/activities/{uuid}/quiz": "401 400 403 400 403 403 403 403 403 403",
    "GET /api/reviews": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/centres/{slug}/mastery/fits": "401 403 403 403 403 403 403 ok 404 ok",
    "GET /api/centres/{slug}/opening-hours": "401 403 403 403 ok ok 403 ok 404 ok",
    "GET /api/centres/{slug}/slots": "401 403 403 403 ok ok 403 ok 404 ok",
    "GET /api/slots/{uuid}": "401 404 404 404 ok ok 404 ok 404 ok",
    "GET /api/centres/{slug}/closed-days": "401 403 403 403 ok ok 403 ok 404 ok",
    "GET /api/centres/{slug}/day-status": "401 422 422 422 422 422 422 422 422 422",
    "GET /api/centres/{slug}/sessions": "401 403 403 403 ok ok 403 ok 404 ok",
    "GET /api/attendance/centres/{slug}/board": "401 403 403 403 ok ok 403 ok 404 ok",
    "GET /api/attendance/absences": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/attendance/students/{uuid}/rate": "401 ok ok 404 ok ok 404 ok 404 ok",
    "GET /api/attendance/students/{uuid}/sessions": "401 ok ok 404 ok ok 404 ok 404 ok",
    "GET /api/attendance/centres/{slug}/rates": "401 403 403 403 ok ok 403 ok 404 ok",
    "GET /api/attendance/follow-up": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/attendance/labs/{uuid}": "401 403 403 403 403 ok 404 ok 404 ok",
    "GET /api/calendars/tokens": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/centres/{slug}/lab-cycles": "401 ok ok ok ok ok ok ok 404 ok",
    "GET /api/lab-cycles/{uuid}": "401 ok ok ok ok ok 404 ok 404 ok",
    "GET /api/lab-cycles/{uuid}/labs": "401 ok ok ok ok ok 404 ok 404 ok",
    "GET /api/labs/{uuid}": "401 ok ok ok ok ok 404 ok 404 ok",
    "GET /api/labs/{uuid}/roster": "401 403 403 403 403 ok 404 ok 404 ok",
    "GET /api/lab-cycles/{uuid}/options": "401 ok 403 ok 403 403 404 403 404 403",
    "GET /api/lab-cycles/{uuid}/wishes": "401 ok 403 ok 403 403 404 403 404 403",
    "GET /api/lab-cycles/{uuid}/result": "401 ok 403 ok 403 403 404 403 404 403",
    "GET /api/lab-cycles/{uuid}/runs": "401 403 403 403 403 403 404 ok 404 ok",
    "GET /api/centres/{slug}/masterlabs": "401 ok ok ok ok ok ok ok 404 ok",
    "GET /api/masterlabs/{uuid}": "401 ok ok ok ok ok 404 ok 404 ok",
    "GET /api/masterlabs/{uuid}/application": "401 ok 404 404 404 404 404 404 404 404",
    "GET /api/masterlabs/{uuid}/applications": "401 403 403 403 403 403 404 ok 404 ok",
    "GET /api/masterlabs/{uuid}/selection": "401 403 403 403 403 403 404 ok 404 ok",
    "GET /api/me/family/labs": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/sessions/{uuid}/invitees": "401 404 404 404 404 404 404 ok 404 ok",
    "GET /api/me/family/masterlabs": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/labs/{uuid}/validations": "401 ok ok ok ok ok 404 ok 404 ok",
    "GET /api/me/notifications": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/me/notifications/count": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/me/notification-settings": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/audit/entries": "401 403 403 403 403 403 403 ok ok ok",
    "GET /api/privacy/students": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/privacy/erasure-requests": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/privacy/erasure-requests/{uuid}": "401 404 404 404 404 404 404 ok 404 ok",
    "GET /api/privacy/retention": "401 403 403 403 403 403 403 403 403 ok",
    "GET /api/coaching/alerts": "401 404 404 404 ok 404 404 ok ok ok",
    "POST /api/coaching/alerts/{uuid}/close": "401 422 422 422 422 422 422 422",
    "GET /api/coaching/students/{uuid}/timeline": "401 404 404 404 ok 404 404 ok 404 ok",
    "GET /api/coaching/students/{uuid}/notes": "401 404 404 404 ok 404 404 ok 404 ok",
    "POST /api/coaching/students/{uuid}/notes": "401 422 422 422 422 422 422 422",
    "PUT /api/coaching/notes/{uuid}": "401 422 422 422 422 422 422 422",
    "POST /api/coaching/notes/{uuid}/pin": "401 422 422 422 422 422 422 422",
    "GET /api/coaching/notes/{uuid}/history": "401 404 404 404 ok 404 404 ok 404 ok",
    "GET /api/coaching/shared-notes": "401 ok ok ok ok ok ok ok ok ok",
    "GET /api/coaching/actions": "401 404 404 404 ok 404 404 ok ok ok",
    "POST /api/coaching/students/{uuid}/actions": "401 422 422 422 422 422 422 422",
    "POST /api/coaching/actions/{uuid}/close": "401 422 422 422 422 422 422 422",
    "GET /api/coaching/students/{uuid}/messages": "401 404 404 404 ok 404 404 ok 404 ok",
    "POST /api/coaching/students/{uuid}/messages": "401 422 422 422 422 422 422 422",
    "GET /api/coaching/centres/{slug}/caseloads": "401 404 404 404 404 404 404 ok 404 ok",
    "GET /api/coaching/centres/{slug}/model": "401 404 404 404 404 404 404 ok 404 ok",
    "POST /api/coaching/centres/{slug}/model/fit": "401 404 404 404 404 404 404 404",
    "POST /api/coaching/centres/{slug}/caseloads/plan": "401 404 404 404 404 404 404 404",
    "POST /api/coaching/centres/{slug}/caseloads/apply": "401 422 422 422 422 422 422 422",
    "POST /api/me/tokens": "401 422 422 422 422 422 422 422",
    "POST /api/credentials/verify": "422 422 422 422 422 422 422 422",
    "GET /api/me/credentials": "401 ok ok ok ok ok ok ok ok ok",
    "POST /api/credentials/{uuid}/revoke": "401 422 422 422 422 422 422 422",
    "GET /api/me/portfolio": "401 ok ok ok ok ok ok ok ok ok",
    "POST /api/me/portfolio/exports": "401 202 404 202 404 404 404 404",
    "GET /api/me/portfolio/exports/{uuid}": "401 ok ok 404 404 404 404 404 404 404",
    "GET /api/credentials/{uuid}/attestation": "401 ok ok 404 404 404 404 ok 404 ok",
    "GET /api/centres/{slug}/attestations": "401 404 404 404 404 404 404 ok 404 ok",
    "GET /api/centres/{slug}/credentials": "401 404 404 404 404 404 404 ok 404 ok",
    "POST /api/centres/{slug}/credentials": "401 422 422 422 422 422 422 422",
    "PATCH /api/me/portfolio/works/{uuid}": "401 ok 404 404 404 404 404 404",
    "PATCH /api/me/portfolio/page": "401 ok 404 ok 404 404 404 404",
    "GET /api/portfolios/{address}": "ok ok ok ok ok ok ok ok ok ok",
    "GET /api/me/portfolio/outside": "401 ok ok ok ok ok ok ok ok ok",
    "POST /api/me/portfolio/outside": "401 422 422 422 422 422 422 422",
    "GET /api/portfolio/reviews": "401 ok ok ok ok ok ok ok ok ok",
    "POST /api/portfolio/reviews/{uuid}": "401 422 422 422 422 422 422 422",
    "GET /api/showcase/exhibitions": "401 ok ok ok ok ok ok ok ok ok",
    "POST /api/showcase/exhibitions": "401 422 422 422 422 422 422 422",
    "PUT /api/showcase/exhibitions/{uuid}": "401 422 422 422 422 422 422 422",
    "GET /api/offers": "ok ok ok ok ok ok ok ok ok ok",
    "GET /api/offers/{uuid}": "ok ok ok ok ok ok ok ok ok ok",
    "GET /api/me/offers": "401 ok 404 ok 404 404 404 404 404 404",
    "GET /api/students/{uuid}/offers": "401 ok ok 404 ok ok 404 ok 404 ok",
    "PUT /api/students/{uuid}/offers/kept/{offer}": "401 ok 404 404 ok 404 404 404",
    "DELETE /api/students/{uuid}/offers/kept/{offer}": "401 ok 404 404 ok 404 404 404",
    "POST /api/offers/imports": "401 422 422 422 422 422 422 422",
    "POST /api/offers/imports/{uuid}/apply": "401 404 404 404 404 404 404 404",
    "GET /api/offers/export/{fmt}": "401 404 404 404 404 404 404 ok ok ok",
    "GET /api/orientation/centres/{slug}/programme": "401 404 404 404 ok 404 404 ok 404 ok",
    "POST /api/orientation/centres/{slug}/programme": "401 422 422 422 422 422 422 422",
    "GET /api/orientation/centres/{slug}/participants": "401 404 404 404 ok 404 404 ok 404 ok",
    "POST /api/orientation/centres/{slug}/invitations": "401 422 422 422 422 422 422 422",
    "GET /api/orientation/participants/{uuid}": "401 ok ok 404 ok 404 404 ok 404 ok",
    "POST /api/orientation/participants/{uuid}/stage": "401 422 422 422 422 422 422 422",
    "POST /api/orientation/participants/{uuid}/notes": "401 422 422 422 422 422 422 422",
    "PUT /api/orientation/participants/{uuid}/plan": "401 ok 404 404 ok 404 404 404",
    "POST /api/orientation/participants/{uuid}/steps": "401 422 422 422 422 422 422 422",
    "PATCH /api/orientation/participants/{uuid}/steps/{step}": "401 422 422 422 422 422 422 422",
    "DELETE /api/orientation/participants/{uuid}/steps/{step}": "401 ok 404 404 404 404 404 404",
    "PUT /api/orientation/participants/{uuid}/outcome": "401 422 422 422 422 422 422 422",
    "POST /api/orientation/participants/{uuid}/answer": "401 422 422 422 422 422 422 422",
    "POST /api/orientation/participants/{uuid}/withdraw": "401 ok 404 404 ok 404 404 404",
    "GET /api/me/orientation": "401 ok 404 ok 404 404 404 404 404 404",
    "POST /api/me/orientation/join": "401 ok 404 ok 404 404 404 404",
    "POST /api/orientation/centres/{slug}/meetings": "401 422 422 422 422 422 422 422",
    "GET /api/orientation/meetings/{uuid}": "401 404 404 404 ok 404 404 ok 404 ok",
    "PUT /api/orientation/meetings/{uuid}/attendance": "401 422 422 422 422 422 422 422",
    "GET /api/internships/centres/{slug}": "401 404 404 404 ok 404 404 ok 404 ok",
    "GET /api/internships/{uuid}": "401 404 404 404 ok 404 404 ok 404 ok",
    "POST /api/internships/referrals/{uuid}/decision": "401 422 422 422 422 422 422 422",
    "PUT /api/internships/{uuid}/days/{number}": "401 404 404 404 ok 404 404 404",
    "POST /api/internships/refer/{referral_key}": "422 422 422 422 422 422 422 422",
    "GET /api/internships/status/{token}": "ok ok ok ok ok ok ok ok ok ok",
    "PUT /api/showcase/exhibitions/{uuid}/works": "401 422 422 422 422 422 422 422",
    "POST /api/showcase/exhibitions/{uuid}/display-link": "401 404 404 404 ok 404 404 404",
    "GET /api/exhibitions/{address}": "ok ok ok ok ok ok ok ok ok ok",
    "DELETE /api/me/tokens/{uuid}": "401 404 404 404 404 404 404 404",
    "POST /api/me/sessions/{uuid}/end": "401 409 404 404 404 404 404 404",
    "POST /api/me/sessions/end-others": "401 ok ok ok ok ok ok ok",
    "PATCH /api/centres/{slug}": "401 403 403 403 403 403 403 404",
    "POST /api/centres/{slug}/rooms": "401 422 422 422 422 422 422 422",
    "PATCH /api/rooms/{uuid}": "401 404 404 404 403 403 404 404",
    "DELETE /api/rooms/{uuid}": "401 404 404 404 403 403 404 404",
    "PUT /api/centres/{slug}/offers/{area}": "401 403 403 403 403 403 403 404",
    "POST /api/frameworks/{key}/draft": "401 403 403 403 403 403 403 403",
    "POST /api/frameworks/{key}/versions/{number}/publish": "401 403 403 403 403 403 403 403",
    "POST /api/activities": "401 422 422 422 422 422 422 422",
    "PATCH /api/activities/{uuid}": "401 403 403 403 403 403 403 403",
    "PATCH /api/lab-templates/{uuid}": "401 403 403 403 403 403 403 403",
    "PATCH /api/masterlab-templates/{uuid}": "401 403 403 403 403 403 403 403",
    "POST /api/enrolments/pre-register": "422 422 422 422 422 422 422 422",
    "POST /api/centres/{slug}/enrolments/bulk": "401 422 422 422 422 422 422 422",
    "POST /api/enrolments/{uuid}/register": "401 403 403 404 404 404 404 404",
    "POST /api/enrolments/{uuid}/refuse": "401 422 422 422 422 422 422 422",
    "POST /api/enrolments/{uuid}/withdraw": "401 403 403 404 404 404 404 404",
    "POST /api/enrolments/{uuid}/consents/paper": "401 422 422 422 422 422 422 422",
    "POST /api/enrolments/{uuid}/consents/paper-withdrawal": "401 422 422 422 422 422 422 422",
    "POST /api/me/enrolments/{uuid}/withdraw": "401 409 409 404 404 404 404 404",
    "POST /api/enrolments/{uuid}/reenrol": "401 403 ok 404 404 404 404 404",
    "POST /api/enrolments/{uuid}/slot-change": "401 422 422 422 422 422 422 422",
    "POST /api/slot-changes/{uuid}/accept": "401 404 404 404 404 404 404 404",
    "POST /api/slot-changes/{uuid}/refuse": "401 422 422 422 422 422 422 422",
    "POST /api/slot-changes/{uuid}/cancel": "401 404 404 404 404 404 404 404",
    "POST /api/centres/{slug}/enrolments/assign-slot": "401 422 422 422 422 422 422 422",
    "POST /api/me/focus-areas": "401 422 422 422 422 422 422 422",
    "POST /api/me/activities/{uuid}/done": "401 ok 403 ok 403 403 403 403",
    "POST /api/me/activities/{uuid}/quiz": "401 422 422 422 422 422 422 422",
    "POST /api/me/activities/{uuid}/project": "401 422 422 422 422 422 422 422",
    "POST /api/submissions/{uuid}/review": "401 422 422 422 422 422 422 422",
    "POST /api/centres/{slug}/mastery/fit": "401 403 403 403 403 403 403 404",
    "PUT /api/centres/{slug}/opening-hours": "401 422 422 422 422 422 422 422",
    "POST /api/centres/{slug}/slots": "401 422 422 422 422 422 422 422",
    "PATCH /api/slots/{uuid}": "401 404 404 404 403 403 404 404",
    "POST /api/slots/{uuid}/meetings": "401 422 422 422 422 422 422 422",
    "DELETE /api/meetings/{uuid}": "401 404 404 404 403 403 404 404",
    "POST /api/centres/{slug}/closed-days": "401 422 422 422 422 422 422 422",
    "DELETE /api/closed-days/{uuid}": "401 404 404 404 403 403 404 404",
    "POST /api/centres/{slug}/sessions/generate": "401 422 422 422 422 422 422 422",
    "POST /api/centres/{slug}/sessions/extra": "401 422 422 422 422 422 422 422",
    "POST /api/sessions/{uuid}/cancel": "401 404 404 404 403 403 404 404",
    "PUT /api/sessions/{uuid}/invitees": "401 404 404 404 404 404 404 404",
    "POST /api/attendance/centres/{slug}/check-in": "401 422 422 422 422 422 422 422",
    "POST /api/attendance/sessions/{uuid}/corrections": "401 422 422 422 422 422 422 422",
    "POST /api/attendance/sessions/{uuid}/leave": "401 422 422 422 422 422 422 422",
    "POST /api/attendance/absences/{uuid}/justify": "401 422 422 422 422 422 422 422",
    "POST /api/attendance/students/{uuid}/badge": "401 403 403 404 ok 403 404 404",
    "POST /api/calendars/tokens": "401 422 422 422 422 422 422 422",
    "POST /api/calendars/tokens/{purpose}/revoke": "401 ok ok ok ok ok ok ok",
    "POST /api/centres/{slug}/lab-cycles": "401 422 422 422 422 422 422 422",
    "PATCH /api/lab-cycles/{uuid}": "401 403 403 403 403 403 404 404",
    "DELETE /api/lab-cycles/{uuid}": "401 403 403 403 403 403 404 404",
    "POST /api/lab-cycles/{uuid}/status": "401 422 422 422 422 422 422 422",
    "POST /api/lab-cycles/{uuid}/labs": "401 422 422 422 422 422 422 422",
    "PATCH /api/labs/{uuid}": "401 403 403 403 403 403 404 404",
    "DELETE /api/labs/{uuid}": "401 403 403 403 403 403 404 404",
    "PUT /api/lab-cycles/{uuid}/wishes": "401 422 422 422 422 422 422 422",
    "POST /api/lab-seats/{uuid}/withdraw": "401 ok ok 404 403 403 404 404",
    "POST /api/lab-seats/{uuid}/accept": "401 409 409 404 403 403 404 404",
    "POST /api/lab-seats/{uuid}/decline": "401 409 409 404 403 403 404 404",
    "POST /api/lab-cycles/{uuid}/dry-run": "401 403 403 403 403 403 404 404",
    "POST /api/lab-cycles/{uuid}/publish": "401 422 422 422 422 422 422 422",
    "POST /api/centres/{slug}/masterlabs": "401 422 422 422 422 422 422 422",
    "PATCH /api/masterlabs/{uuid}": "401 403 403 403 403 403 404 404",
    "DELETE /api/masterlabs/{uuid}": "401 403 403 403 403 403 404 404",
    "PUT /api/masterlabs/{uuid}/application": "401 422 422 422 422 422 422 422",
    "DELETE /api/masterlabs/{uuid}/application": "401 409 403 ok 403 403 404 404",
    "PUT /api/masterlab-applications/{uuid}/score": "401 422 422 422 422 422 422 422",
    "POST /api/masterlabs/{uuid}/selection": "401 403 403 403 403 403 404 404",
    "POST /api/masterlab-applications/{uuid}/give-up": "401 409 409 404 403 404 404 404",
    "PUT /api/labs/{uuid}/validations/{student}": "401 422 422 422 422 422 422 422",
    "POST /api/me/notifications/read-all": "401 ok ok ok ok ok ok ok",
    "POST /api/me/notifications/{uuid}/read": "401 ok 404 404 404 404 404 404",
    "PUT /api/me/notification-settings": "401 422 422 422 422 422 422 422",
    "POST /api/privacy/students/{uuid}/export": "401 ok ok 404 404 404 404 404",
    "POST /api/privacy/students/{uuid}/erasure-requests": "401 403 ok 404 404 404 404 404",
    "POST /api/privacy/erasure-requests/{uuid}/cancel": "401 404 404 404 404 404 404 404",
    "POST /api/privacy/erasure-requests/{uuid}/approve": "401 404 404 404 404 404 404 404",
    "POST /api/privacy/erasure-requests/{uuid}/refuse": "401 422 422 422 422 422 422 422",
    "PATCH /api/privacy/retention": "401 403 403 403 403 403 403 403",
}


@pytest.mark.django_db(transaction=True)
def test_every_page_answers_each_role_as_declared() -> None:
    table, posted, operations = probe()
    undeclared = sorted(set(table) - set(EXPECTED))
    assert not undeclared, f"declare who may open these pages in EXPECTED: {undeclared}"
    assert not sorted(set(EXPECTED) - set(table)), "EXPECTED names pages that are gone"
    wrong = []
    for name, row in table.items():
        want = dict(zip(ORDER, EXPECTED[name].split(), strict=True))
        wrong += [(name, "GET", r, row[r], want[r]) for r in ORDER if row[r] != want[r]]
    for name, row in posted.items():
        want = dict(zip(POSTERS, EXPECTED_POST[name].split(), strict=True))
        wrong += [(name, "POST", r, row[r], want[r]) for r in POSTERS if row[r] != want[r]]
    assert set(posted) == set(EXPECTED_POST)
    assert wrong == [], "\n".join(
        f"{n} {m} as {r}: {got} (declared {want})" for n, m, r, got, want in wrong
    )
    undeclared = sorted(set(operations) - set(EXPECTED_API))
    assert not undeclared, f"declare who may call these operations in EXPECTED_API: {undeclared}"
    assert not sorted(set(EXPECTED_API) - set(operations)), "EXPECTED_API names gone operations"
    api_wrong = []
    for name, row in operations.items():
        cols = ORDER if name.startswith("GET ") else POSTERS
        want = dict(zip(cols, EXPECTED_API[name].split(), strict=True))
        api_wrong += [(name, r, row[r], want[r]) for r in cols if row[r] != want[r]]
    assert api_wrong == [], "\n".join(f"{n} as {r}: {g} (declared {w})" for n, r, g, w in api_wrong)
    # Nobody is ever let in where they were refused: every refused GET stays refused on POST.
    for name, row in posted.items():
        for role in POSTERS:
            if EXPECTED[name].split()[ORDER.index(role)] in ("no", "login"):
                assert row[role] in ("no", "login"), (name, role, row[role])
