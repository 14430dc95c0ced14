"""Settings, read from the environment (and from a `.env` file beside manage.py when there is one).

Every variable is listed, with its default, in the README's "Settings" table. The defaults are safe for
development on one machine: SQLite in the project folder, local-memory cache, DEBUG off. With DEBUG off
the app refuses to start without a secret key.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
ENV_FILE = env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    env.read_env(ENV_FILE, overwrite=False)


def whole_number(variable: str, default: int) -> int:
    """A count from the environment (0 or more); a malformed one stops the app here, naming the variable."""
    value = env.str(variable, default=str(default)).strip()
    if not value.isdigit():
        raise ImproperlyConfigured(f"{variable}={value!r} is not a whole number of 0 or more.")
    return int(value)


DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set and DJANGO_DEBUG is off: refusing to start. "
            "Set DJANGO_SECRET_KEY (for example in .env; `make run` writes one), "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "blocs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "blocs.middleware.RefuseNulCharacters",
    "blocs.middleware.DatabaseUnavailable",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out sign-in
]

# Sign-in lockout (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is refused for DJANGO_LOGIN_COOLOFF_MINUTES; a right password resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = whole_number("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = whole_number("DJANGO_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite in the project folder unless DATABASE_URL says otherwise. Passwords containing
# `#`, `+` or `?` must be URL-encoded in DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take SQLite's write lock at BEGIN, so the overlap triggers see every
    # committed spell: writers are serialised and a race cannot slip two overlapping spells in.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", whole_number("DJANGO_CONN_MAX_AGE", 60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down must not take the app down: misses and dropped writes, with short timeouts.
    CACHES["default"]["BACKEND"] = "blocs.cache.FailOpenRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.5, "socket_timeout": 0.5})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site root: favicon.ico (browsers ask for it unprompted), robots.txt.
WHITENOISE_ROOT = BASE_DIR / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# HTTPS: on behind TLS in production; off for http://127.0.0.1 in development.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = whole_number("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy: no inline scripts, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Django's admin renders without inline scripts; covering indexes (INCLUDE) exist on PostgreSQL
# only, and SQLite keeps the same indexes without their extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# History: who changed what, when (django-simple-history).
SIMPLE_HISTORY_REVERT_DISABLED = True
# Who may see history in the admin: the `view` permission on the historical model (the Editors group
# has it; see blocs/bootstrap.py).
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True

# Dates in ISO 8601 (2025-01-06) on every page and in every form, the calendar widget included.
FORMAT_MODULE_PATH = ["config.formats"]

# Membership import in the admin (django-import-export): one transaction per import, and the largest
# file accepted, in bytes.
IMPORT_EXPORT_USE_TRANSACTIONS = True
BLOCS_IMPORT_MAX_BYTES = whole_number("BLOCS_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
# What a spreadsheet (an xlsx, a zip file) may unpack to, read from its directory before it is opened.
BLOCS_IMPORT_MAX_UNPACKED_BYTES = whole_number("BLOCS_IMPORT_MAX_UNPACKED_BYTES", 20 * 1024 * 1024)

# The REST API (blocs.api): reads public, writes with a token or a session and the model permissions,
# no Basic authentication; JSON by default, CSV on request; anonymous clients throttled.


def request_rate(variable: str, default: str) -> str | None:
    """A rate as DRF reads it (`120/minute`: a number, `/`, second, minute, hour or day), or None when
    empty. A malformed one stops the app here, naming the variable, not at the first request."""
    value = env.str(variable, default=default).strip()
    if not value:
        return None
    number, _, period = value.partition("/")
    if not (
        number.isdigit()
        and period.lower() in {"s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day"}
    ):
        raise ImproperlyConfigured(
            f"{variable}={value!r} is not a rate: write a number of requests per second, minute, hour or "
            "day (e.g. 120/minute), or leave it empty for no limit."
        )
    return value


API_ANON_RATE = request_rate("DJANGO_API_ANON_RATE", "120/minute")
# Exports (year tables, the bulk download) cost more: anonymous clients get a rate of their own.
API_EXPORT_RATE = request_rate("DJANGO_API_EXPORT_RATE", "30/hour")
# How many proxies in front of the app add to X-Forwarded-For; 0 (the default) trusts none and counts each
# client by its own address, so a forged X-Forwarded-For cannot escape the rates.
TRUSTED_PROXIES = whole_number("DJANGO_TRUSTED_PROXIES", 0)
REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["blocs.api.access.ReadOrModelPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["blocs.api.access.AnonymousRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["blocs.api.backends.FilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "blocs.api.csv.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["blocs.api.parsers.BoundedJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "blocs.api.negotiation.ApiContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "blocs.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "blocs.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bloc membership tracker API",
    "DESCRIPTION": (
        "Who belonged to which multilateral bloc, with what status, from when to when, on what sources.\n\n"
        "Dates are ISO 8601, `YYYY-MM-DD`. **Spells are half-open, `[start_date, end_date)`**: a spell "
        "applies on its start date and not on its end date, which is the first day on which the status "
        "no longer applied (`null` while it goes on). A change of status shares one date: observer until "
        "2017-06-09, member from 2017-06-09. Active on D means `start_date <= D and (end_date is null or "
        "D < end_date)`.\n\n"
        "Multi-valued filters take comma-separated values. Every list answers `?format=csv` (or "
        "`Accept: text/csv`) with the same rows, unpaginated. Reads are public; writes need a token "
        "(`Authorization: Token <key>`) and the Django model permission. Answers carry an ETag: send it "
        "back in `If-None-Match` to get 304 when nothing changed."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "blocs.choices.Status",
        "PrecisionEnum": "blocs.choices.Precision",
        "EndReasonEnum": "blocs.choices.EndReason",
        "OrganisationKindEnum": "blocs.choices.OrganisationKind",
        "MemberKindEnum": "blocs.choices.MemberKind",
        "ChangeKindEnum": "blocs.choices.ChangeKind",
        "StanceEnum": "blocs.choices.Stance",
        "FamilyEnum": "blocs.choices.Family",
    },
}
