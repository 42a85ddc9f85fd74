"""Django settings for Parcours.

Everything that differs between a laptop, CI and production comes from the environment:
``DATABASE_URL`` (SQLite file by default), ``PARCOURS_SECRET_KEY``, ``PARCOURS_DEBUG``,
``PARCOURS_ALLOWED_HOSTS``, ``PARCOURS_EMAIL_URL``-style settings below.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PARCOURS_VAR_DIR", BASE_DIR.parent.parent / "var"))

# Production unless asked otherwise: `make demo`, `make test` and `parcours.settings_dev` set
# PARCOURS_DEBUG=1. A production start refuses to run without what keeps it safe
# (docs/security.md, docs/deployment.md).
DEBUG = os.environ.get("PARCOURS_DEBUG", "0") == "1"
DEV_SECRET_KEY = "dev-only-insecure-key-never-in-production"
SECRET_KEY = os.environ.get("PARCOURS_SECRET_KEY", "") or (DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "PARCOURS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else ""
    ).split(",")
    if h.strip()
]
# HTTPS: on in production (redirect, secure cookies, HSTS). PARCOURS_INSECURE_HTTP=1 is the
# explicit, documented exception for a server only reachable on a private network or
# loopback (the load benchmark), never for the public.
HTTPS = os.environ.get("PARCOURS_HTTPS", "0" if DEBUG else "") == "1"
INSECURE_HTTP = os.environ.get("PARCOURS_INSECURE_HTTP", "0") == "1"


def _refuse_unsafe_production() -> None:
    problems = []
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        problems.append("PARCOURS_SECRET_KEY (at least 50 random characters)")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("PARCOURS_ALLOWED_HOSTS (the site's host names, no '*')")
    if not HTTPS and not INSECURE_HTTP:
        problems.append("PARCOURS_HTTPS=1 (or PARCOURS_INSECURE_HTTP=1 on a private network)")
    if problems:
        raise ImproperlyConfigured(
            "Parcours starts in production mode (PARCOURS_DEBUG is not 1) and needs: "
            + "; ".join(problems)
            + ". See docs/deployment.md."
        )


if not DEBUG:
    _refuse_unsafe_production()

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    # Components as templates (docs/decisions/0016): loaders and builtins set below, not
    # by the app itself, so the template set-up stays readable here.
    "django_cotton.apps.SimpleAppConfig",
    "axes",  # sign-in lockout per account (web/signin.py, ADR 22)
    "django_otp",  # two-factor sign-in for staff (people/twofactor.py, ADR 24)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "auditlog",  # the audit log's engine; our entry model is audit.AuditEntry (ADR 23)
    "parcours.core",
    "parcours.centres",
    "parcours.people",
    "parcours.notifications",
    "parcours.catalogue",
    "parcours.consents",
    "parcours.schedule",
    "parcours.enrolment",
    "parcours.learning",
    "parcours.attendance",
    "parcours.calendars",
    "parcours.labs",
    "parcours.risk",
    "parcours.coaching",
    "parcours.credentials",
    "parcours.portfolio",
    "parcours.showcase",
    "parcours.training_offers",
    "parcours.orientation",
    "parcours.internships",
    "parcours.audit",
    "parcours.privacy",
    "parcours.web",
    "parcours.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "parcours.core.stamps.StampsMiddleware",  # each version stamp read once a request
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "parcours.people.twofactor.RequireSecondFactor",  # the code after the password
    "parcours.audit.middleware.AuditMiddleware",  # who and from where, for the audit log
    "parcours.people.sessions.SessionSeenMiddleware",  # "My sessions": last seen
    "parcours.web.middleware.CentreTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "parcours.core.middleware.SecurityHeadersMiddleware",
    "parcours.core.middleware.StaffAdminOnlyMiddleware",
    "parcours.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out sign-in
]

ROOT_URLCONF = "parcours.urls"
WSGI_APPLICATION = "parcours.wsgi.application"
COTTON_DIR = "components"  # <c-stat-tile> is web/templates/components/stat_tile.html

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site's own pages (registration/*) win over django.contrib.admin's.
        "DIRS": [BASE_DIR / "web" / "templates"],
        "OPTIONS": {
            # django-cotton compiles <c-name> tags of templates/components/name.html; templates
            # without them pass through untouched. Cached like Django's default loaders.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django_cotton.cotton_loader.Loader",
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "builtins": ["django_cotton.templatetags.cotton"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parcours.web.context_processors.navigation",
                "parcours.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'parcours.sqlite3'}"),
        # Persistent connections (seconds; 0 opens one per request), checked before reuse.
        conn_max_age=int(os.environ.get("PARCOURS_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process and the task worker read while one writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
# Sign-in throttling (web/signin.py, ADR 22): 5 failures in a row lock the username for 15
# minutes (existing or not); an address is refused after PARCOURS_SIGNIN_ADDRESS_LIMIT
# failures in 15 minutes (high: a school's workstations share one public address).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "parcours.people.backends.AccountBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PARCOURS_SIGNIN_ACCOUNT_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "parcours.web.signin.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PARCOURS_PROXY_COUNT", "0")) or None
PARCOURS_SIGNIN_ADDRESS_LIMIT = int(os.environ.get("PARCOURS_SIGNIN_ADDRESS_LIMIT", "50"))
# axes warns that its lockout has no 'ip_address': on purpose, the address is counted by
# web/signin.py with a limit of its own (a centre's workstations share one address).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French first, English complete. Texts in the code are English msgids.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times as read in Europe in both languages (core/timefmt.py): day/month, 24 h.
FORMAT_MODULE_PATH = ["parcours.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # stored in UTC; each centre has its own time zone for display
# The zone pages use for readers without a centre (the public, a network admin).
PARCOURS_DEFAULT_TIMEZONE = os.environ.get("PARCOURS_DEFAULT_TIMEZONE", "Europe/Paris")
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing root
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

TASKS = {
    "default": {
        "BACKEND": os.environ.get("PARCOURS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Jobs `parcours worker` runs on a timer besides the task queue: (dotted path, seconds).
PARCOURS_PERIODIC_JOBS = [
    ("parcours.attendance.jobs.close_ended_sessions", 60),
    ("parcours.labs.jobs.expire_offers", 300),
    ("parcours.notifications.jobs.send_digests", 900),
    ("parcours.notifications.jobs.prune_read", 24 * 3600),
    ("parcours.privacy.jobs.apply_retention", 24 * 3600),
    ("parcours.risk.jobs.score_every_centre", 24 * 3600),
    ("parcours.coaching.jobs.remind_owners", 3600),
    ("parcours.credentials.jobs.award_everyone", 24 * 3600),
    ("parcours.portfolio.jobs.prune_exports", 24 * 3600),
    ("parcours.portfolio.jobs.make_previews", 300),
    ("parcours.internships.jobs.remind_follow_ups", 24 * 3600),
]

EMAIL_BACKEND = os.environ.get(
    "PARCOURS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("PARCOURS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PARCOURS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PARCOURS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PARCOURS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("PARCOURS_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("PARCOURS_FROM_EMAIL", "Parcours <noreply@parcours.invalid>")

# Absolute links in emails sent outside a request (e.g. from a task).
PARCOURS_SITE_URL = os.environ.get("PARCOURS_SITE_URL", "http://127.0.0.1:8000")
# Fernet keys that seal the centres' private signing keys at rest (credentials.sealing): the
# first seals, all open. Empty: one derived from SECRET_KEY.
PARCOURS_KEY_ENCRYPTION_KEYS = os.environ.get("PARCOURS_KEY_ENCRYPTION_KEYS", "")
PARCOURS_CONSENT_LINK_DAYS = int(os.environ.get("PARCOURS_CONSENT_LINK_DAYS", "30"))
# The smallest group of students any figure about a group is shown for (the model page, and
# the figures for funders): smaller groups would single students out.
PARCOURS_MIN_CELL_SIZE = int(os.environ.get("PARCOURS_MIN_CELL_SIZE", "10"))

# The cache is shared by every app process: the enrolment form's rate limits and what is the
# same for many requests live there. The database cache by default (its table is made by
# `parcours migrate`); Redis when PARCOURS_REDIS_URL is set (docs/deployment.md).
PARCOURS_REDIS_URL = os.environ.get("PARCOURS_REDIS_URL", "")
CACHES: dict[str, dict[str, object]]
if PARCOURS_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": PARCOURS_REDIS_URL,
            "KEY_PREFIX": "parcours",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": os.environ.get(
                "PARCOURS_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"
            ),
            "LOCATION": os.environ.get("PARCOURS_CACHE_LOCATION", "parcours_cache"),
            # a network's cached catalogue (centres × areas) and rate limits fit well within
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp, ADR 21): everything comes from this site, no inline script
# or style attribute anywhere (a test reads every page of every role), no framing, no plug-in.
# Pico's form controls draw their arrows and ticks as data: SVG images; the kiosk's camera
# stream is a blob: URL; uploaded projects are media of this site.
MODEL_VIEWER_STYLE = "'sha256-PXtZZkJMMyc18o/DN1ZEFOJ2qEGq95IQbVaJFMOXOb0='"
CONTENT_SECURITY_POLICY = {
    # The Django admin (network admins only) writes inline scripts and styles of its own.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        # WebAssembly may compile (never JavaScript's eval): the 3D viewer's mesh decoder.
        "script-src": [csp_constants.SELF, "'wasm-unsafe-eval'"],
        # ...and the one stylesheet the vendored 3D viewer (model-viewer 4.4.0) writes in its
        # shadow root, allowed by its hash alone (docs/decisions/0033-3d-viewer.md).
        "style-src": [csp_constants.SELF, MODEL_VIEWER_STYLE],
        "img-src": [csp_constants.SELF, "data:", "blob:"],
        "media-src": [csp_constants.SELF, "blob:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.NONE],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    },
}
# What the browser may give pages: the camera to the kiosk's own page only (this site), nothing
# else a school site needs (core.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("PARCOURS_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("PARCOURS_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("PARCOURS_HSTS_PRELOAD", "1") == "1"
    # Behind a proxy that ends TLS (nginx, a load balancer), it says so in this header.
    if os.environ.get("PARCOURS_PROXY_SSL_HEADER", "0") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PARCOURS_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# The audit log (ADR 23, parcours.audit): django-auditlog writing our own entry model, which
# adds the centre and the student concerned. Entries hold no personal value (registry.py).
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
# django-auditlog's own migrations create its (swapped out, unused) LogEntry table anyway,
# whose key to content types then stops PostgreSQL from emptying the database (flush, tests):
# the app's models come from our migrations only.
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Two-factor sign-in (ADR 24): required for network admins in production; optional for staff.
PARCOURS_TOTP_REQUIRED_FOR_ADMINS = (
    os.environ.get("PARCOURS_TOTP_REQUIRED_FOR_ADMINS", "0" if DEBUG else "1") == "1"
)
OTP_TOTP_ISSUER = "Parcours"
