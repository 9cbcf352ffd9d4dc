"""The project's only settings module. Every value comes from the environment.

Defaults are safe for a laptop (SQLite, no broker, DEBUG off); production sets the
variables listed in the README's "Production" section.
"""

from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet

from alliance_tracker.env import env_bool, env_cache, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key is only for local use; `check --deploy` flags it, and production sets its own.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "django-insecure-local-development-key-not-for-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "simple_history",
    "axes",
    "django_celery_results",
    "django_celery_beat",
    "alliance_tracker",
    "actors",
    "events",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Outside the session, CSRF and auth: it sees every answer on /api/ (the 400s below too),
    # and the cookies they set. Public caching only for anonymous reads (alliance_tracker.caching).
    "alliance_tracker.caching.SharedCacheMiddleware",
    # Before anything reads the query: a NUL in it, or an overlong one on /api/, is a 400.
    "alliance_tracker.middleware.RequestInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The public pages are English at /... and Arabic at /ar/...; everything else stays English.
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known (it resolves the public pages' paths): public reads on a replica.
    "alliance_tracker.middleware.ReplicaReadsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alliance_tracker.urls"
WSGI_APPLICATION = "alliance_tracker.wsgi.application"

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

# SQLite needs no set-up; DATABASE_URL=postgres://… switches to PostgreSQL (psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
# Read replicas (alliance_tracker.db_router): DATABASE_REPLICA_URLS=postgres://…,postgres://… adds
# the aliases replica, replica2, …; the public API and pages read from one that answers and lags
# at most DATABASE_REPLICA_MAX_LAG seconds (checked every DATABASE_REPLICA_CHECK_SECONDS).
# In tests each one mirrors the default test database: it keeps its own server, reads the
# test database's name there, and is never created nor flushed (streaming copies it).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = "replica" if _number == 1 else f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    # A replica that is down must be skipped quickly, not hang the request.
    DATABASES[_alias].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
DATABASE_REPLICA_MAX_LAG = env_int("DATABASE_REPLICA_MAX_LAG", 30, minimum=0)
DATABASE_REPLICA_CHECK_SECONDS = env_int("DATABASE_REPLICA_CHECK_SECONDS", 5, minimum=1)
DATABASE_ROUTERS = ["alliance_tracker.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin login lockout: a user+address pair is locked after repeated failures, for a while.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout and the API's rate limits see the same client address (see PROXY_COUNT below).
AXES_CLIENT_IP_CALLABLE = "alliance_tracker.client_ip.client_ip"

# History keeps the editor's "why this change" whole (with "approved by …"), not cut at 100.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Four eyes: a change to a published record is approved by a reviewer who did not make it. A
# one-person newsroom sets DJANGO_REVIEW_SELF_APPROVAL=true to approve its own changes.
REVIEW_SELF_APPROVAL = env_bool("DJANGO_REVIEW_SELF_APPROVAL", False)

# The largest text a source may hold, in bytes of UTF-8 (2 MB: a long report; the claims are
# checked against it). A posted form may carry twice that, so that a text over the limit gets a
# form error naming it rather than a refused request.
SOURCE_TEXT_MAX_BYTES = env_int("SOURCE_TEXT_MAX_BYTES", 2 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(2_621_440, 2 * SOURCE_TEXT_MAX_BYTES + 512 * 1024)

# Rate-limit counters live here, shared by every process: Redis in production
# (DJANGO_CACHE_URL=redis://host:6379/1); by default a folder that all processes of this machine
# share and that outlives restarts, with no server to run.
CACHES = {"default": env_cache("DJANGO_CACHE_URL", BASE_DIR / ".cache" / "django")}

LANGUAGE_CODE = "en"
# The public pages' languages (alliance_tracker/public_urls.py): English unprefixed, Arabic at /ar/.
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "alliance_tracker" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
# The name that starts every record's reference ("Cite this": alliance_tracker.citation).
CITATION_PROJECT_NAME = env_str("CITATION_PROJECT_NAME").strip() or "Alliance Tracker"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet for the map page, from the XStatic-Leaflet package: served as /static/leaflet/….
STATICFILES_DIRS = [("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS hardening, on when the site is served over TLS (always in production).
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours stand in front of the site, each appending to X-Forwarded-For: the
# client is the address that many entries from the right (alliance_tracker.client_ip). Behind a
# proxy the default is one; API_NUM_PROXIES is the deprecated name of the same number.
PROXY_COUNT = env_int(
    "DJANGO_PROXY_COUNT", env_int("API_NUM_PROXIES", 1 if BEHIND_PROXY else 0, minimum=0), minimum=0
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: everything the site shows is served by the site itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # The admin and Swagger UI use a few inline styles.
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Read-only API use from notebooks and other sites' pages.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = env_bool("CORS_ALLOW_ALL_ORIGINS", not CORS_ALLOWED_ORIGINS)
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/api/.*$"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# ---- CELERY: background reports, link checks, snapshots (issue 4; owned by the reports app) ----
import re  # noqa: E402 (the imports of this section stay inside it, on purpose)

from celery.schedules import crontab  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

# Production: CELERY_BROKER_URL=redis://host:6379/0 and a worker plus beat (README).
# Without a broker, tasks run eagerly inside the web process; the Report row records progress
# either way, and eager results are stored like a worker's.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_STORE_EAGER_RESULT = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TASK_TRACK_STARTED = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only once it has finished, and given back to the queue if its worker
# dies, so a killed worker means a retry, never a silently lost report.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
REPORTS_TIME_LIMIT_SECONDS = env_int("REPORTS_TIME_LIMIT_SECONDS", 3600, minimum=60)
CELERY_TASK_TIME_LIMIT = REPORTS_TIME_LIMIT_SECONDS
CELERY_TASK_SOFT_TIME_LIMIT = REPORTS_TIME_LIMIT_SECONDS - 30
# A broker that is down must answer quickly (the API says 503), not hang the request.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis gives an unacknowledged task to another worker after this long: longer than any report.
    "visibility_timeout": REPORTS_TIME_LIMIT_SECONDS + 600,
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": CELERY_BROKER_CONNECTION_TIMEOUT * 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "check-source-links": {
        "task": "reports.tasks.check_source_links",
        "schedule": crontab(hour=3, minute=15),
    },
    "nightly-snapshot": {"task": "reports.tasks.build_snapshot", "schedule": crontab(hour=2, minute=30)},
    "clean-up-old-reports": {"task": "reports.tasks.clean_up_reports", "schedule": crontab(hour=4, minute=0)},
    "fail-stale-reports": {"task": "reports.tasks.fail_stale_reports", "schedule": crontab(minute="*/5")},
}

# Report files live under MEDIA_ROOT/reports/; files older than the retention are deleted.
REPORTS_RETENTION_DAYS = env_int("REPORTS_RETENTION_DAYS", 30, minimum=1)
# Public snapshots (/api/v1/snapshots/): the SNAPSHOT_RETENTION latest keep their file; the file
# of an older one is deleted and the snapshot stays listed as a tombstone (410 on its address).
SNAPSHOT_RETENTION = env_int("SNAPSHOT_RETENTION", 365, minimum=1)
# What each snapshot's CITATION.cff and LICENCE.txt say. SNAPSHOT_LICENCE is an SPDX id;
# SNAPSHOT_LICENCE_FILE, a path to the licence's full text, replaces the notice written by default.
SNAPSHOT_TITLE = env_str("SNAPSHOT_TITLE", "Alliance Tracker: the published dataset")
SNAPSHOT_AUTHOR = env_str("SNAPSHOT_AUTHOR", "Alliance Tracker")
SNAPSHOT_BASE_URL = env_str("SNAPSHOT_BASE_URL", "")  # e.g. https://alliances.example.org
SNAPSHOT_LICENCE = env_str("SNAPSHOT_LICENCE", "CC-BY-4.0")
_CC_BY = SNAPSHOT_LICENCE == "CC-BY-4.0"
SNAPSHOT_LICENCE_NAME = env_str(
    "SNAPSHOT_LICENCE_NAME", "Creative Commons Attribution 4.0 International" if _CC_BY else ""
)
SNAPSHOT_LICENCE_URL = env_str(
    "SNAPSHOT_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/legalcode" if _CC_BY else ""
)
SNAPSHOT_LICENCE_FILE = env_str("SNAPSHOT_LICENCE_FILE", "")
if SNAPSHOT_LICENCE_FILE and not Path(SNAPSHOT_LICENCE_FILE).is_file():
    raise ImproperlyConfigured(f"SNAPSHOT_LICENCE_FILE names no file: {SNAPSHOT_LICENCE_FILE!r}")
if SNAPSHOT_BASE_URL and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", SNAPSHOT_BASE_URL):
    raise ImproperlyConfigured(f"SNAPSHOT_BASE_URL must be an http(s) address, not {SNAPSHOT_BASE_URL!r}")
# A running report with no progress for this long is taken for dead (its worker was killed).
REPORTS_STALE_AFTER_SECONDS = env_int("REPORTS_STALE_AFTER_SECONDS", 900, minimum=30)
# How many times a report is started again after its worker died before it is marked failed.
REPORTS_MAX_ATTEMPTS = env_int("REPORTS_MAX_ATTEMPTS", 3, minimum=1)
# Progress is saved every REPORTS_CHUNK_SIZE rows; a user may request REPORTS_REQUEST_RATE reports.
REPORTS_CHUNK_SIZE = env_int("REPORTS_CHUNK_SIZE", 2000, minimum=1)
REPORTS_REQUEST_RATE = env_str("REPORTS_REQUEST_RATE", "60/hour")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", REPORTS_REQUEST_RATE):
    raise ImproperlyConfigured(f"REPORTS_REQUEST_RATE must look like 60/hour, not {REPORTS_REQUEST_RATE!r}")
# Link check: one request per host every LINKCHECK_DELAY_SECONDS, each given LINKCHECK_TIMEOUT_SECONDS.
LINKCHECK_TIMEOUT_SECONDS = env_int("LINKCHECK_TIMEOUT_SECONDS", 15, minimum=1)
LINKCHECK_DELAY_SECONDS = env_int("LINKCHECK_DELAY_SECONDS", 5, minimum=0)
LINKCHECK_BATCH_SIZE = env_int("LINKCHECK_BATCH_SIZE", 500, minimum=1)
LINKCHECK_USER_AGENT = env_str(
    "LINKCHECK_USER_AGENT", "AllianceTrackerLinkCheck/1.0 (+checks that cited sources are still online)"
)
# ---- end of CELERY section ----

# ---------------------------------------------------------------------------- REST API (issue 3)
# Read-only API under /api/v1/: published records only, JSON and CSV, throttled per client.
# Rates look like "60/minute" (second, minute, hour, day); an empty value turns a limit off.


def _throttle_rate(name, default):
    import re

    from django.core.exceptions import ImproperlyConfigured

    value = env_str(name, default).strip()
    if value and not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", value):
        raise ImproperlyConfigured(
            f"{name} must look like 60/minute (second, minute, hour or day), not {value!r}"
        )
    return value or None


# How long a shared cache (nginx, a CDN) and browsers may reuse an anonymous API answer, in
# seconds; after that they revalidate with the ETag. 0: revalidate every time.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60, minimum=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Researchers send "Authorization: Token …" for the higher limit; the session serves
        # the browsable API to signed-in staff.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "alliance_tracker.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "alliance_tracker.api.APISchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "alliance_tracker.throttling.AnonThrottle",
        "alliance_tracker.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _throttle_rate("API_THROTTLE_ANON", "60/minute"),
        "user": _throttle_rate("API_THROTTLE_USER", "600/minute"),
    },
    "EXCEPTION_HANDLER": "alliance_tracker.api.exception_handler",
    # Coordinates as JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": "format",
    # Unused by the project's throttles, which ask alliance_tracker.client_ip; kept for any other.
    "NUM_PROXIES": PROXY_COUNT,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance Tracker API",
    "DESCRIPTION": (
        "Published records of geopolitical alliances: actors, places, sources, events (visits, "
        "meetings, agreements, deployments, decisions, operations, transfers, statements), ties "
        "between actors, and the claims that support them. Events carry PLOVER, CAMEO and ACLED "
        "codes to join other event datasets. "
        "Read-only; every list filters, pages and answers CSV (`?format=csv`) with the whole result."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1/",
    # Swagger UI's files come from drf-spectacular-sidecar, served by this site: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReliabilityEnum": "events.choices.Reliability",
        "CredibilityEnum": "events.choices.Credibility",
        "EventKindEnum": "events.choices.EventKind",
        "ActorKindEnum": "actors.choices.ActorKind",
        "LanguageEnum": "actors.choices.Language",
        "DatePrecisionEnum": "events.choices.DatePrecision",
        "NameKindEnum": "actors.choices.NameKind",
        "OrganizationCategoryEnum": "actors.choices.OrganizationCategory",
        "PlaceKindEnum": "events.choices.PlaceKind",
        "SourceKindEnum": "events.choices.SourceKind",
        "TieKindEnum": "events.choices.TieKind",
        "ParticipantRoleEnum": "events.choices.ParticipantRole",
        "StanceEnum": "events.choices.Stance",
        "AgreementStageEnum": "events.choices.AgreementStage",
    },
}
# ---------------------------------------------------------------------------- end of REST API
