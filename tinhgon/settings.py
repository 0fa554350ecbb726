"""Settings, all from environment variables (one file).

DATABASE_URL   sqlite:///PATH (default: sqlite:///<checkout>/tinhgon.sqlite3) or postgres://…
DATABASE_REPLICA_URL  optional postgres:// of a streaming replica: dashboards and reports read from it
SECRET_KEY     required when DEBUG is off
DEBUG          1/true/yes/on = on
ALLOWED_HOSTS  comma list; with DEBUG on it defaults to localhost,127.0.0.1
CONN_MAX_AGE   seconds a database connection is kept between requests (production: 60)
TINHGON_CACHE  0 = no cached computations (default on); TINHGON_CACHE_SECONDS their safety expiry (900)
EMAIL_URL-like settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
               EMAIL_USE_TLS, DEFAULT_FROM_EMAIL; EMAIL_BACKEND defaults to the console backend.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = _env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not _env_bool("TINHGON_TESTING"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS") or (
    ["localhost", "127.0.0.1", "[::1]", "testserver"]
    if DEBUG or _env_bool("TINHGON_TESTING")
    else []
)
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tinhgon.core",
    "tinhgon.accounts",
    "tinhgon.organizations",
    "tinhgon.positions",
    "tinhgon.workforce",
    "tinhgon.staffing",
    "tinhgon.autonomy",
    "tinhgon.streamlining",
    "tinhgon.plans",
    "tinhgon.indicators",
    "tinhgon.restructuring",
    "tinhgon.reports",
    "tinhgon.signatures",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tinhgon.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tinhgon.urls"
WSGI_APPLICATION = "tinhgon.wsgi.application"

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
                "tinhgon.core.context_processors.tinhgon",
            ],
            "builtins": ["tinhgon.core.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'tinhgon.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
# National deployment: DATABASE_REPLICA_URL (a PostgreSQL streaming replica) serves the reads of
# dashboards and reports (tinhgon.core.db_router.use_replica); writes always go to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tinhgon.core.db_router.ReplicaRouter"]
# Cached read-only computations (tinhgon.core.memo: dashboards, indicators, long lists), keyed by the
# data generation that every audited write replaces on commit, so never stale. The database cache
# is shared by every gunicorn worker and server (no extra process to run); its table is created by
# the core migrations. TINHGON_CACHE=0 turns the caching of computations off.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tinhgon_cache",
        # A safety net only: values are replaced at every committed change; this bounds how long a
        # write outside the services (shell, data migration) can go unseen.
        "TIMEOUT": int(os.environ.get("TINHGON_CACHE_SECONDS", "900")),
        "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
    }
}
TINHGON_CACHE_ENABLED = _env_bool("TINHGON_CACHE", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "tinhgon.accounts.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "tinhgon.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "tinhgon.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "tinhgon.accounts.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# Vietnamese only: the interface has no other language, so neither Django's own messages nor the
# number and date formats follow a browser set to English (no LocaleMiddleware).
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tinhgon.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
# Static files are served from the finders until `collectstatic` has filled STATIC_ROOT.
warnings.filterwarnings("ignore", message="No directory at")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
TINHGON_MAX_UPLOAD_BYTES = int(os.environ.get("TINHGON_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Uploaded workbooks are checked by content before any spreadsheet library reads them
# (tinhgon/core/importing/package.py, docs/security.md): all parts inflated, inflated ÷ compressed
# for a part over 1 MB, number of parts, and the furthest row and column a sheet may name.
TINHGON_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("TINHGON_IMPORT_MAX_UNPACKED_BYTES", str(300 * 1024 * 1024))
)
TINHGON_IMPORT_MAX_RATIO = int(os.environ.get("TINHGON_IMPORT_MAX_RATIO", "200"))
TINHGON_IMPORT_MAX_PARTS = int(os.environ.get("TINHGON_IMPORT_MAX_PARTS", "500"))
TINHGON_IMPORT_MAX_ROWS = int(os.environ.get("TINHGON_IMPORT_MAX_ROWS", "200000"))
TINHGON_IMPORT_MAX_COLUMNS = int(os.environ.get("TINHGON_IMPORT_MAX_COLUMNS", "200"))
# A running background job whose worker runs on another machine and has not moved its progress for
# this long is taken as dead (tinhgon.core.jobs.jobs_recover); on the same machine the worker's
# process is checked directly.
TINHGON_JOB_STALE_MINUTES = int(os.environ.get("TINHGON_JOB_STALE_MINUTES", "30"))

# E-mail: console by default (reminders are printed where the server runs).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tinhgon@localhost")

# ---------------------------------------------------------------------------------------------
# Security (docs/security.md). The strict transport settings apply when DEBUG is off and the
# process is not a test run; `tinhgon check --deploy` is then clean (tests/security).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))  # one working day
PRODUCTION_SECURITY = not DEBUG and not _env_bool("TINHGON_TESTING")
if PRODUCTION_SECURITY:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name from
# one address, that pair is locked for AXES_COOLOFF_TIME; the page says so in Vietnamese. Only the
# login form and the token endpoint authenticate with a password: API calls with a token are never
# counted or locked. Behind a reverse proxy set AXES_IPWARE_PROXY_COUNT (docs/security.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or None
# X-Forwarded-For is believed only when a proxy count says how many proxies set it.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Two-factor (django-otp, TOTP): optional, offered to supervisors and administrators
# (tinhgon.accounts.views); the login form asks for the code once a device is confirmed.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "TinhGon")

# Content-Security-Policy: no inline scripts or styles, nothing from elsewhere.
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
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tinhgon.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tinhgon.core.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "DATE_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TinhGon API",
    "DESCRIPTION": "API của TinhGon: đơn vị, sự kiện sắp xếp, quy tắc pháp lý.",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "tinhgon.organizations.choices.Kind",
        "EventKindEnum": "tinhgon.organizations.choices.EventKind",
        "SectorEnum": "tinhgon.organizations.choices.Sector",
        "AutonomyGroupEnum": "tinhgon.organizations.choices.AutonomyGroup",
        "AutonomyBandEnum": "tinhgon.autonomy.choices.Band",
        "QuotaKindEnum": "tinhgon.staffing.choices.QuotaKind",
        "ProjectStatusEnum": "tinhgon.restructuring.choices.ProjectStatus",
        "PlanSourceEnum": "tinhgon.plans.choices.PlanSource",
        "QuotaSubmissionSourceEnum": "tinhgon.staffing.choices.SubmissionSource",
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The system account that CLI commands and scheduled jobs act as when no --user is given.
TINHGON_SYSTEM_USERNAME = "he-thong"

# The years the quota ledger covers (entries outside are refused).
TINHGON_LEDGER_FIRST_YEAR = int(os.environ.get("TINHGON_LEDGER_FIRST_YEAR", "2015"))
TINHGON_LEDGER_LAST_YEAR = int(os.environ.get("TINHGON_LEDGER_LAST_YEAR", "2031"))

# Workforce compliance (tinhgon.workforce.selectors): the years allowed to bring deputies within the
# cap after a reorganisation (ND 120/2020 art 27; the 2025 administrative mergers allow up to 5).
TINHGON_DEPUTY_EXCESS_YEARS = int(os.environ.get("TINHGON_DEPUTY_EXCESS_YEARS", "3"))
# Smallest unit (people) before it must be reorganised (ND 120/2020 art 27: 15).
TINHGON_MIN_UNIT_PEOPLE = 15
# Level change (thay đổi bậc nghề nghiệp) candidates: years held at the current rank and the
# ratings required in the last years (ND 85/2023 / ND 232/2026, criteria as settings).
TINHGON_LEVEL_CHANGE = {"years_at_rank": 9, "good_years": 1}
# Restructuring projects: working days Sở Nội vụ (or a commune's body) has to appraise a submitted
# project before it is flagged late (not fixed by a text read for this project: a setting).
TINHGON_PROJECT_APPRAISAL_WORKING_DAYS = int(
    os.environ.get("TINHGON_PROJECT_APPRAISAL_WORKING_DAYS", "15")
)

# Streamlining (tinhgon.streamlining): the province's choices among the named settings of the rule
# ``streamlining_benefits`` (docs/rules/streamlining_benefits.md), e.g. {"nd178_end_date":
# "2025-08-31"}. Read at every computation; a decided case keeps the settings it was computed with.
TINHGON_STREAMLINING_SETTINGS: dict[str, object] = {}

# Digital signatures (tinhgon.signatures, docs/signatures.md): trust roots in <dir>/trust/, CRLs in
# <dir>/crl/ (offline; nothing fetched at run time); `tinhgon make_test_ca` fills it for the demo.
TINHGON_SIGNATURE_DIR = Path(
    os.environ.get("TINHGON_SIGNATURE_DIR", PROJECT_DIR / "var" / "signing")
)
# Approvals that must be signed, as model labels ("plans.progressreport,streamlining.case"): the
# plain "Phê duyệt" is then refused for them and only "Ký số và phê duyệt" approves.
TINHGON_SIGNED_APPROVALS = [
    x.strip().lower()
    for x in os.environ.get("TINHGON_SIGNED_APPROVALS", "").split(",")
    if x.strip()
]
