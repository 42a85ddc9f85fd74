"""The REST API root: mounts each app's router; OpenAPI at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from parcours.attendance.api import router as attendance_router
from parcours.audit.api import router as audit_router
from parcours.calendars.api import router as calendars_router
from parcours.catalogue.api import router as catalogue_router
from parcours.centres.api import router as centres_router
from parcours.coaching.api import router as coaching_router
from parcours.core.api import install_error_handlers
from parcours.credentials.api import router as credentials_router
from parcours.enrolment.api import router as enrolment_router
from parcours.internships.api import router as internships_router
from parcours.labs.api import router as labs_router
from parcours.learning.api import router as learning_router
from parcours.notifications.api import router as notifications_router
from parcours.orientation.api import router as orientation_router
from parcours.people.api import router as people_router
from parcours.people.auth import token_auth
from parcours.portfolio.api import router as portfolio_router
from parcours.privacy.api import router as privacy_router
from parcours.risk.api import router as risk_router
from parcours.schedule.api import router as schedule_router
from parcours.showcase.api import router as showcase_router
from parcours.training_offers.api import router as offers_router

api = NinjaAPI(
    title="Parcours API",
    version="1",
    description="The operations of Parcours's pages, with the same permissions. Sign in "
    "through the site (session cookie; send the CSRF token in X-CSRFToken for writes), or, "
    "from a script, send a staff member's personal token (made at /accounts/tokens/) as "
    "`Authorization: Bearer <token>` (no cookie, no CSRF token). "
    'Errors answer {"error": {"code", "message", "fields"}}.',
    # In this order: a bearer token, when sent, decides alone (a bad one is a 401); without
    # one, the session cookie + CSRF as before (ADR 10).
    auth=[token_auth, django_auth],
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", people_router)
api.add_router("/", centres_router)
api.add_router("/", catalogue_router)
api.add_router("/", enrolment_router)
api.add_router("/", learning_router)
api.add_router("/", schedule_router)
api.add_router("/", attendance_router)
api.add_router("/", calendars_router)
api.add_router("/", labs_router)
api.add_router("/", notifications_router)
api.add_router("/", audit_router)
api.add_router("/", privacy_router)
api.add_router("/", risk_router)
api.add_router("/", coaching_router)
api.add_router("/", credentials_router)
api.add_router("/", portfolio_router)
api.add_router("/", showcase_router)
api.add_router("/", offers_router)
api.add_router("/", orientation_router)
api.add_router("/", internships_router)
