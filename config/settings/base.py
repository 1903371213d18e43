"""Settings shared by every environment; values come from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "django_prometheus",
    "tracker",
    "tracker.accounts",
    "directives",
    "assignments",
    "reports",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: too large → 413 (tracker.accounts.middleware).
    "tracker.accounts.middleware.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, but a page's own polling neither rewrites nor renews the session.
    "tracker.accounts.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A dissolved unit's people read only (issue 17).
    "tracker.middleware.StrandedReadOnlyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the embedded worker and the web server share the file.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)


def tune_postgresql(database: dict) -> dict:
    """Server-side parameter binding and prepared statements on PostgreSQL (psycopg 3).

    Django's default binds parameters in the client and prepares nothing, so PostgreSQL
    parses and plans every statement again. A report submission runs the same few dozen
    statements each time; preparing them (on a persistent connection, CONN_MAX_AGE) took
    PostgreSQL's CPU per create + submit from ~7 to ~2.5 ms (issue 8).

    DATABASE_SERVER_SIDE_BINDING=false goes back to Django's default (and turns prepared
    statements off: psycopg's client-side cursors never prepare).
    DATABASE_PREPARE_THRESHOLD: executions on one connection before a statement is
    prepared (psycopg's default 5; 0 prepares at once); "none" turns prepared statements
    off — needed behind a pooler in transaction mode that does not track them (PgBouncer
    before 1.21, or without max_prepared_statements).
    """
    if not database["ENGINE"].endswith("postgresql"):
        return database
    options = database.setdefault("OPTIONS", {})
    options.setdefault("server_side_binding",
                       env.bool("DATABASE_SERVER_SIDE_BINDING", default=True))
    threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="5").strip().lower()
    options.setdefault("prepare_threshold",
                       None if threshold in ("", "none", "off") else int(threshold))
    # A prepared statement is planned for its parameters each time, never with the
    # generic plan PostgreSQL switches to after five executions: a generic plan cannot
    # use a partial index whose condition a parameter must meet (`unit_key = 0`, the open
    # states), and the national dashboard's figures went from 9 to 56 ms on a long-lived
    # connection. Parsing is still saved.
    mode = env.str("DATABASE_PLAN_CACHE_MODE", default="force_custom_plan").strip()
    given = options.get("options", "")
    if mode and "plan_cache_mode" not in given:  # kept beside options the URL gives
        options["options"] = f"{given} -c plan_cache_mode={mode}".strip()
    return database


tune_postgresql(DATABASES["default"])
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Vietnamese first, English switchable; store UTC.
LANGUAGE_CODE = "vi"
# Vietnamese number form (746.300; 75,5): config/formats/vi adds the grouping Django lacks.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Importing a scanned PDF: Tesseract with Vietnamese data (Debian tesseract-ocr,
# tesseract-ocr-vie; scripts/ensure-ocr.sh installs them), pages rendered at this dpi.
IMPORT_OCR_COMMAND = env("TESSERACT_CMD", default="tesseract")
IMPORT_OCR_LANG = env("IMPORT_OCR_LANG", default="vie")
IMPORT_OCR_DPI = env.int("IMPORT_OCR_DPI", default=300)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Email: SMTP from the environment (console in local mode).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="theodoi-chithi@localhost")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: Redis when CELERY_BROKER_URL is set, else the embedded filesystem broker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 3600}
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
DJANGO_CELERY_BEAT_TZ_AWARE = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call answers 401 with WWW-Authenticate: Token.
        "tracker.api.authentication.TokenWithRolesAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "tracker.api.schema.TrackerAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "tracker.pagination.TrackerPagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "tracker.api.parsers.LimitedJSONParser",
        "tracker.api.parsers.LimitedFormParser",
        "tracker.api.parsers.LimitedMultiPartParser",
    ],
    "EXCEPTION_HANDLER": "tracker.api_errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # `format` is an ordinary query parameter here (export formats), not renderer choice.
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Directive Tracker API",
    "DESCRIPTION": "Theo dõi thực hiện chỉ thị — REST API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "AssignmentStatusEnum": "assignments.models.AssignmentStatus",
        "ObligationStatusEnum": "assignments.models.ObligationStatus",
        "UnitKindEnum": "tracker.models.Unit.Kind",
        "DirectiveKindEnum": "directives.models.Directive.Kind",
        "CadenceEnum": "directives.models.Cadence",
        "ReorganisationKindEnum": "assignments.models.Reorganisation.Kind",
    },
}

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Besides 5 failures of one user name from one IP: this many different user names failing
# from one IP within the cool-off lock that IP out (tracker.accounts.lockout).
AXES_IP_USERNAME_LIMIT = env.int("AXES_IP_USERNAME_LIMIT", default=40)
AXES_HANDLER = "tracker.accounts.lockout.TrackerAxesHandler"

# API tokens (django-rest-knox, tracker.accounts): one per device, expire after
# TRACKER_TOKEN_IDLE_HOURS without use and TRACKER_TOKEN_MAX_DAYS after sign-in at most.
KNOX_TOKEN_MODEL = "accounts.DeviceToken"  # noqa: S105 (a model name)
# knox's own migrations create its AuthToken table even when the model is swapped; an
# unused table pointing at auth_user would stop every TRUNCATE of the users (a test
# database's flush on PostgreSQL). Its only model is swapped: nothing to migrate.
MIGRATION_MODULES = {"knox": None}
TRACKER_TOKEN_IDLE_HOURS = env.float("TRACKER_TOKEN_IDLE_HOURS", default=8)
TRACKER_TOKEN_MAX_DAYS = env.float("TRACKER_TOKEN_MAX_DAYS", default=30)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=TRACKER_TOKEN_IDLE_HOURS),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(days=TRACKER_TOKEN_MAX_DAYS),
    "MIN_REFRESH_INTERVAL": 60,  # seconds: a busy token writes its expiry once a minute
    "AUTH_HEADER_PREFIX": "Token",
}
# Web sessions end after SESSION_IDLE_MINUTES without a request (every request renews).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Request bodies: above DATA_UPLOAD_MAX_MEMORY_SIZE (multipart: TRACKER_UPLOAD_MAX_BODY)
# a request answers 413 before it is read.
TRACKER_UPLOAD_MAX_BODY = env.int("TRACKER_UPLOAD_MAX_BODY", default=21 * 1024 * 1024)

# Domain settings.
TRACKER_RESUBMIT_WORKING_DAYS = env.int("TRACKER_RESUBMIT_WORKING_DAYS", default=5)
# The review desk: a reviewer's claim on a report lapses after these hours; a report
# waiting longer than these working days since its submission is flagged late.
TRACKER_REVIEW_CLAIM_HOURS = env.int("TRACKER_REVIEW_CLAIM_HOURS", default=4)
TRACKER_REVIEW_WAIT_WORKING_DAYS = env.int("TRACKER_REVIEW_WAIT_WORKING_DAYS", default=5)
# Decisions and report changes e-mail their recipients this long after the change, one
# e-mail per person for everything written meanwhile (the 15-minute catch-up is the net).
TRACKER_NOTICE_EMAIL_DELAY_SECONDS = env.int("TRACKER_NOTICE_EMAIL_DELAY_SECONDS", default=60)
TRACKER_EVIDENCE_MAX_BYTES = env.int("TRACKER_EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# Consolidated report layout (REPORT-FORMAT.md). Values the format rules leave open are
# settings; the issuing body's name comes from the unit registry as of the report date.
TRACKER_REPORT = {
    "superior_body": env("REPORT_SUPERIOR_BODY", default=""),  # "" → the board's parent unit
    "place": env("REPORT_PLACE", default="Kon Tum"),
    "number": env("REPORT_NUMBER", default="      -BC/BDVTU"),
    "signer_title": env("REPORT_SIGNER_TITLE", default="TRƯỞNG BAN"),
    "signer_name": env("REPORT_SIGNER_NAME", default=""),
    "recipients": env.list("REPORT_RECIPIENTS", default=[
        "Thường trực Tỉnh ủy (b/c),", "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy,",
        "Lãnh đạo Ban,", "Lưu VT."]),
    "margin_top": env.int("REPORT_MARGIN_TOP_MM", default=20),
    "margin_bottom": env.int("REPORT_MARGIN_BOTTOM_MM", default=20),
    "margin_left": env.int("REPORT_MARGIN_LEFT_MM", default=30),
    "margin_right": env.int("REPORT_MARGIN_RIGHT_MM", default=15),
    "body_size": env.int("REPORT_BODY_PT", default=14),
}
# Exports larger than this many rows run as a background job instead of streaming.
TRACKER_EXPORT_SYNC_MAX_ROWS = env.int("TRACKER_EXPORT_SYNC_MAX_ROWS", default=5000)
# The dashboard lists this many directives (most recent first); totals cover all of them.
TRACKER_DASHBOARD_DIRECTIVES = env.int("TRACKER_DASHBOARD_DIRECTIVES", default=100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "formatters": {
        "security": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
    },
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Sign-ins, sign-outs, failures, lockouts, revocations (tracker.accounts.security).
        "tracker.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}

# --- reminders ---
# The sweep (assignments.reminders) runs every 15 minutes (beat, UTC); reminders of a
# working day go out from 07:30 Asia/Ho_Chi_Minh.
REMINDERS_SEND_TIME = env("REMINDERS_SEND_TIME", default="07:30")
REMINDERS_DIGEST_WEEKDAY = env.int("REMINDERS_DIGEST_WEEKDAY", default=0)  # 0 = Monday
REMINDERS_CLAIM_LEASE_SECONDS = env.int("REMINDERS_CLAIM_LEASE_SECONDS", default=600)
REMINDERS_MAX_ITEMS_PER_SECTION = env.int("REMINDERS_MAX_ITEMS_PER_SECTION", default=30)
REMINDERS_CHANNELS = env.list("REMINDERS_CHANNELS", default=["in_app", "email"])
REMINDERS_DELIVERY_MAX_ATTEMPTS = env.int("REMINDERS_DELIVERY_MAX_ATTEMPTS", default=6)
REMINDERS_SWEEP_CHUNK = env.int("REMINDERS_SWEEP_CHUNK", default=2000)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Broker down must not block a request: publish once, fail fast, leave the work in the
# database (pending deliveries, pending export jobs, unsent dispatch rows) for the next
# sweep (tracker.notify.enqueue_now swallows the failure). A hung Redis (accepts, never
# answers) costs a request at most CELERY_BROKER_SOCKET_TIMEOUT: redis-py waits
# socket_connect_timeout for the TCP connect and socket_timeout for each reply.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_PUBLISH_RETRY_POLICY = {  # when a caller asks for retries: bounded, short
    "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_BROKER_CONNECTION_MAX_RETRIES = env.int("CELERY_BROKER_CONNECTION_MAX_RETRIES",
                                               default=100)
CELERY_REDIS_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=1.0),
    # kombu's ensure_connection when a channel is opened: one retry at most, no wait
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Two installations (or test runs) sharing one Redis database: a key prefix of each's own.
if env("CELERY_BROKER_KEY_PREFIX", default=""):
    CELERY_REDIS_TRANSPORT_OPTIONS["global_keyprefix"] = env("CELERY_BROKER_KEY_PREFIX")
if CELERY_BROKER_URL.startswith(("redis", "rediss")):
    CELERY_BROKER_TRANSPORT_OPTIONS.update(CELERY_REDIS_TRANSPORT_OPTIONS)

# --- web ---
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
SECURE_CONTENT_TYPE_NOSNIFF = True
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware"),
                  "tracker.middleware.VietnameseFirstMiddleware")

# --- csp ---
# Content-Security-Policy on every response (django-csp 4 settings format). No inline
# script or style anywhere: templates use classes and static/js/app.js; the Swagger UI
# page loads its init script from a URL (SpectacularSwaggerSplitView).
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],  # /api/docs/ adds data: (config/api_urls.py)
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- ops ---
# /healthz, /readyz (tracker.health), /metrics (config.ops; django-prometheus counts the
# requests and their latencies between its two middlewares: first and last).
MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
# /readyz: the broker's connect and reply timeout; the free space MEDIA_ROOT must keep.
TRACKER_HEALTH_BROKER_TIMEOUT = env.float("TRACKER_HEALTH_BROKER_TIMEOUT", default=1.5)
TRACKER_HEALTH_MEDIA_MIN_FREE_MB = env.int("TRACKER_HEALTH_MEDIA_MIN_FREE_MB", default=500)
# /metrics answers staff sessions, and a scraper sending "Authorization: Bearer <token>"
# when this is set (empty: no token accepted).
TRACKER_METRICS_TOKEN = env("TRACKER_METRICS_TOKEN", default="")
