"""Settings for the ASM Strategy Builder.

One file for every environment: differences come only from environment variables
(DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, EMAIL_*).
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Environment -------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("ASM_TESTING", False) or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}

# --- Django core -------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "formtools",
    "axes",
    "csp",
    "asm_guide.cases",
    "asm_guide.wizard",
    "asm_guide.guide",
    "asm_guide.review",
    "asm_guide.reports",
    "django_tasks",
    "django_tasks_db",
    "setup_phase",
    "strategy",
    "implementation",
]

MIDDLEWARE = [
    # Compresses HTML (static files come pre-compressed from WhiteNoise): officials on slow links.
    # Django's GZipMiddleware pads each response at random (BREACH mitigation, Django 4.2+).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "asm_guide.request_log.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asm_guide.urls"
WSGI_APPLICATION = "asm_guide.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]
FORM_RENDERER = "asm_guide.wizard.forms.GovukFormRenderer"
# A step page posts every row of its lists (up to 500 actions of about 20 fields each); Django's
# default of 1,000 fields would refuse a long plan with "400 Bad Request".
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
# Long lists of long answers (a 300-action plan with descriptions) can pass Django's 2.5 MB default.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Auth and sessions --------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in after repeated failures (password guessing).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 12)))

# --- Security (production values unless DEBUG) ---------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if (DEBUG or TESTING) else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything the pages use comes from this site; no inline script or style (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "img-src": [SELF],
        "object-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
    },
}

# --- E-mail ------------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "asm-strategy@localhost")
# Where e-mails point people to, for example https://asm.example.org (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "")

# --- Logging ------------------------------------------------------------------------------------

# One JSON line per request on the "asm_guide.request" logger (asm_guide/request_log.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "asm_guide.request_log.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "asm_guide.request": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# --- Project ----------------------------------------------------------------------------------

# The parts of the Guidance, in order. The core knows them only through these registries.
ASM_PARTS = [
    "setup_phase.steps.PART",
    "strategy.steps.PART",
    "implementation.steps.PART",
]

# The start page links to the demo country's example strategy (PDF) once this names its URL
# (a URL name such as "reports:example-pdf", or a path). Empty: no link is shown.
ASM_EXAMPLE_STRATEGY_URL = os.environ.get("ASM_EXAMPLE_STRATEGY_URL", "reports:example-pdf")
# Review (asm_guide/review; revisions are stored in the JSON case format of asm_guide/casefile).
# Called with each newly frozen revision after commit (the reports issue keeps the approved PDF here).
ASM_REVISION_HOOKS: list[str] = ["asm_guide.reports.tasks.keep_approved_pdf"]
# How long typing sent after an expired sign-in is kept.
ASM_PENDING_POST_MAX_BYTES = int(os.environ.get("ASM_PENDING_POST_MAX_BYTES", str(128 * 1024)))
ASM_PENDING_POST_HOURS = int(os.environ.get("ASM_PENDING_POST_HOURS", "24"))
ASM_PENDING_POST_MAX_ROWS = int(os.environ.get("ASM_PENDING_POST_MAX_ROWS", "1000"))
ASM_PENDING_POST_MAX_PER_IP = int(os.environ.get("ASM_PENDING_POST_MAX_PER_IP", "20"))

# Reports (asm_guide/reports). A PDF estimated to take longer than this many seconds is rendered by
# the background worker (`python manage.py db_worker`) instead of inside the request.
ASM_REPORT_BACKGROUND_SECONDS = float(os.environ.get("ASM_REPORT_BACKGROUND_SECONDS", "2"))
# Files kept with revisions (the approved PDF). Tests write to a temporary folder.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
if TESTING:
    import tempfile

    MEDIA_ROOT = Path(tempfile.gettempdir()) / "asm-test-media"
MEDIA_URL = "/media/"
# Background jobs: django-tasks (the backport of Django 6's tasks) with its database backend, so the
# queue lives in PostgreSQL/SQLite with everything else (worker: `manage.py db_worker`). Tests and
# DEBUG run tasks at once, inside the request (ASM_TASKS_DATABASE=1 uses the queue there too).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if (TESTING or DEBUG or env_bool("ASM_TASKS_IMMEDIATE")) and not env_bool("ASM_TASKS_DATABASE")
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}
