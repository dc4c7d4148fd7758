"""Settings for cmcoord, all from environment variables (see README.md for the list)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """The variable's value; an empty value counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Set the SECRET_KEY environment variable to a long "
            "random string (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "cmcoord",
    "guidelines",
    "requests",
    "contacts",
    "maps",
    "operations",
    "accounts",
    "capabilities",
    "deconfliction",
    "reports",
]

MIDDLEWARE = [
    "cmcoord.middleware.HealthCheckMiddleware",
    "cmcoord.middleware.ApiBodyLimitMiddleware",
    "cmcoord.middleware.NulCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers compressed by the app itself, for deployments without the proxy (static files are
    # pre-compressed by whitenoise). Django's GZipMiddleware pads each response against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "cmcoord.offline.BackgroundSyncMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication (keys are kept per user or token): the API's POSTs with an Idempotency-Key.
    "cmcoord.idempotency.IdempotencyMiddleware",
    "cmcoord.middleware.CurrentOperationMiddleware",
    "cmcoord.middleware.ClosedOperationMiddleware",
    "cmcoord.offline.OfflineHeadersMiddleware",
    # Last: turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cmcoord.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cmcoord.context_processors.operation",
                "cmcoord.context_processors.notifications",
                "cmcoord.context_processors.offline",
            ],
        },
    },
]

WSGI_APPLICATION = "cmcoord.wsgi.application"

# Database: DATABASE_URL, or an embedded SQLite file in the project folder.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer must not hold a web or Celery worker until gunicorn kills it: a bounded
    # connect, a bounded statement, and TCP keepalives that notice a partition on an open connection.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(env("DB_CONNECT_TIMEOUT", "5")),
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            # statement_timeout in ms (0: none, for the migrate service). jit=off: our queries are short OLTP
            # queries, and PostgreSQL's JIT compiles some of them for longer than they take to run. No
            # parallel workers by default: a web request has one core, and the planner's parallel plans of the
            # lists are the slow ones (the liaison's task API, page 100 at 100,000 requests: a parallel merge
            # join and a sort spilled to disk, 190 ms of SQL, where walking the force's index takes 45 ms).
            "options": (
                f"-c statement_timeout={int(env('DB_STATEMENT_TIMEOUT_MS', '30000'))} -c jit=off "
                f"-c max_parallel_workers_per_gather={int(env('DB_PARALLEL_WORKERS', '0'))}"
            ),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite alters a table by building a new one and renaming it to the old name; the database rules'
    # triggers (cmcoord/migrations/0002) name the old table, which is briefly gone: the legacy rename leaves
    # them as they are (the name is the same again at the end) instead of failing the migration.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA legacy_alter_table = ON"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cmcoord.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account+address before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Accounts (issue 22). Brute force: an account is locked for one client address after LOGIN_FAILURE_LIMIT
# failures, for LOGIN_COOLOFF_MINUTES (login page, admin, API token). Only a proxy listed in TRUSTED_PROXIES
# (comma-separated addresses) is believed about the client's address (X-Forwarded-For).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "accounts.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_VERBOSE = False
PASSWORD_RESET_LIMIT = int(env("PASSWORD_RESET_LIMIT", "5"))  # per hour, per address and per email
# Sessions: ended after SESSION_IDLE_HOURS without a request, and after two weeks in any case.
SESSION_IDLE_TIMEOUT = int(float(env("SESSION_IDLE_HOURS", "8")) * 3600)
SESSION_COOKIE_AGE = 14 * 24 * 3600
# Second factor: required for the roles of accounts/policy.py (MFA_ENFORCED=0 only for a local demo).
MFA_ENFORCED = env_bool("MFA_ENFORCED", True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "cmcoord")
# The admin never shows a person's TOTP secret or QR code, nor their recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# API tokens: hashed at rest (django-rest-knox), expiring after API_TOKEN_DAYS.
API_TOKEN_TTL = timedelta(days=int(env("API_TOKEN_DAYS", "30")))
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own token table is never used (accounts.ApiToken replaces it): its migrations would create it anyway.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": API_TOKEN_TTL, "AUTH_HEADER_PREFIX": "Token", "TOKEN_MODEL": KNOX_TOKEN_MODEL}
# Throttle counters' key prefix (the tests give each test its own).
THROTTLE_KEY_PREFIX = env("THROTTLE_KEY_PREFIX", "throttle:")

# django-guardian: no anonymous user row; object grants live in direct foreign-key tables per model.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en"
# Each language named in itself, as the switcher shows it. The catalogues live in locale/, compiled by the
# build (`compilemessages` in `make run`, `make test` and scripts/build.sh); .mo files are never committed.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("pt", "Português"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The upload promise (nginx's client_max_body_size): no API body is larger; a JSON body is far smaller.
API_MAX_BODY_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
API_JSON_MAX_BYTES = int(env("API_JSON_MAX_BYTES", str(1024 * 1024)))

# Redis: cache and Celery broker. Without REDIS_URL, Celery runs tasks in-process (eagerly).
# Maps: an optional tile source of the deployment's own (e.g. a self-hosted tile server,
# "https://tiles.example.org/{z}/{x}/{y}.png"), drawn under the built-in offline basemap's layers when set.
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
MAP_LAYER_MAX_BYTES = int(env("MAP_LAYER_MAX_BYTES", str(2 * 1024 * 1024)))
MAP_LAYER_MAX_FEATURES = int(env("MAP_LAYER_MAX_FEATURES", "5000"))

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}
# A user's action must not wait on a broker that is down: one connection attempt, then the outbox row waits
# for the sweep. (The worker reconnects by its own settings, broker_connection_max_retries.)
CELERY_BROKER_TRANSPORT_OPTIONS |= {"max_retries": 0, "socket_connect_timeout": 2}
# The periodic tasks. Apps add theirs here (reminders, weekly contact confirmation), each an existing task.
CELERY_BEAT_SCHEDULE |= {
    "notifications-sweep": {"task": "cmcoord.tasks.sweep_notifications", "schedule": 60.0},
    "notifications-daily-digest": {
        "task": "cmcoord.tasks.send_daily_digests",
        "schedule": crontab(hour=int(env("DIGEST_HOUR", "6")), minute=0),
    },
}
# Requests: written procedures adopted by silence at their deadline; approvals expired after their validity.
CELERY_BEAT_SCHEDULE["requests-adopt-written-procedures"] = {
    "task": "requests.tasks.adopt_written_procedures",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["requests-expire-approvals"] = {
    "task": "requests.tasks.expire_approvals",
    "schedule": 15 * 60.0,
}
# Reminders (each idempotent: a dedupe key per object and reminder) and the weekly contact confirmation.
CELERY_BEAT_SCHEDULE |= {
    "requests-remind-written-deadlines": {
        "task": "requests.tasks.remind_written_deadlines",
        "schedule": 15 * 60.0,
    },
    "requests-remind-expiring-approvals": {
        "task": "requests.tasks.remind_expiring_approvals",
        "schedule": 60 * 60.0,
    },
    "requests-remind-overdue-tasks": {"task": "requests.tasks.remind_overdue_tasks", "schedule": 60 * 60.0},
    "requests-remind-meetings": {"task": "requests.tasks.remind_meetings", "schedule": 15 * 60.0},
    "requests-remind-unacknowledged-approvals": {
        "task": "requests.tasks.remind_unacknowledged_approvals",
        "schedule": 15 * 60.0,
    },
    "contacts-weekly-confirmation": {
        "task": "contacts.tasks.remind_stale_contacts",
        "schedule": crontab(day_of_week="mon", hour=int(env("DIGEST_HOUR", "6")), minute=30),
    },
}
# A force that has not acknowledged a renewed or amended approval of its task for this many hours is reminded
# (once per approval; its next report waits for the acknowledgement).
TASK_ACK_REMINDER_HOURS = float(env("TASK_ACK_REMINDER_HOURS", "12"))
# Humanitarian notification: movements expire at the end of their window (the parties' lists already stop
# showing them at that minute); the parties' liaison officers are reminded of what they have not acknowledged.
HN_ACK_REMINDER_HOURS = float(env("HN_ACK_REMINDER_HOURS", "6"))
CELERY_BEAT_SCHEDULE |= {
    "deconfliction-expire": {"task": "deconfliction.tasks.expire_notifications", "schedule": 60.0},
    "deconfliction-remind-unacknowledged": {
        "task": "deconfliction.tasks.remind_unacknowledged",
        "schedule": 15 * 60.0,
    },
}

# Reports: the daily CMCoord report, checked hourly: each operation's at the hour its officers set (its own
# time zone; 06:00 by default).
CELERY_BEAT_SCHEDULE["reports-daily"] = {
    "task": "reports.tasks.send_daily_reports",
    "schedule": crontab(minute=5),
}
# Exports: a list of more requests than this is exported in the background (a Celery task writes the file
# into MEDIA storage; the user follows its progress and downloads it);
# the file is deleted after the retention.
EXPORT_BACKGROUND_ROWS = int(env("EXPORT_BACKGROUND_ROWS", "5000"))
EXPORT_RETENTION_HOURS = float(env("EXPORT_RETENTION_HOURS", "24"))
# A job queued or running with no sign of life for this long lost its message or its worker: it is queued
# again, at most EXPORT_MAX_ATTEMPTS runs in all, then failed (the user asks again).
EXPORT_STALL_MINUTES = float(env("EXPORT_STALL_MINUTES", "10"))
EXPORT_MAX_ATTEMPTS = int(env("EXPORT_MAX_ATTEMPTS", "3"))
CELERY_BEAT_SCHEDULE["requests-recover-exports"] = {
    "task": "requests.tasks.recover_exports",
    "schedule": 5 * 60.0,
}
CELERY_BEAT_SCHEDULE["requests-expire-exports"] = {
    "task": "requests.tasks.expire_exports",
    "schedule": 60 * 60.0,
}
# Readiness (/readyz): each part is named in a 503 when it fails. Ages in seconds.
READYZ_DB_TIMEOUT = float(env("READYZ_DB_TIMEOUT", "2"))
READYZ_BROKER_TIMEOUT = float(env("READYZ_BROKER_TIMEOUT", "2"))
READYZ_HEARTBEAT_MAX_AGE = int(env("READYZ_HEARTBEAT_MAX_AGE", "180"))
READYZ_QUEUED_MAIL_MAX_AGE = int(env("READYZ_QUEUED_MAIL_MAX_AGE", "1800"))
READYZ_FAILED_MAIL_MAX = int(env("READYZ_FAILED_MAIL_MAX", "10"))  # failed emails of the last 24 hours
# Beat sends a heartbeat task to each queue this often; the worker that runs it records its own (and beat
# records its own whenever it sends a task).
CELERY_BEAT_SCHEDULE["idempotency-keys-purge"] = {
    "task": "cmcoord.tasks.purge_idempotency_keys",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["health-heartbeat"] = {
    "task": "cmcoord.tasks.heartbeat",
    "schedule": 30.0,
    "args": ["worker"],
}
CELERY_BEAT_SCHEDULE["health-heartbeat-periodic"] = {
    "task": "cmcoord.tasks.heartbeat",
    "schedule": 30.0,
    "args": ["periodic_worker"],
}
# Periodic work runs on its own queue (its own worker in docker-compose.yml), so a long queue of emails never
# delays the sweep, the deadlines or the heartbeat. Tasks sent by a person's action keep the default queue.
CELERY_TASK_DEFAULT_QUEUE = "celery"
PERIODIC_QUEUE = "periodic"
for _entry in CELERY_BEAT_SCHEDULE.values():
    _entry.setdefault("options", {})["queue"] = PERIODIC_QUEUE
# Except the heartbeat of the workers of the default queue (the emails), which must reach them.
CELERY_BEAT_SCHEDULE["health-heartbeat"]["options"]["queue"] = CELERY_TASK_DEFAULT_QUEUE

# Email: SMTP in production, the console in development.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "cmcoord <no-reply@cmcoord.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where emails point to (links in notifications are paths below it).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# A notification email refused for a while (a 4xx answer, a relay down) is retried after 1, 2, 4… times this
# many seconds, at most every NOTIFICATION_RETRY_MAX_SECONDS, until it is NOTIFICATION_MAX_AGE_HOURS old: only
# then is it given up (failed, and said on /readyz and the officers' people page). A 5xx fails it at once.
NOTIFICATION_RETRY_BACKOFF_SECONDS = int(env("NOTIFICATION_RETRY_BACKOFF_SECONDS", "60"))
NOTIFICATION_RETRY_MAX_SECONDS = int(env("NOTIFICATION_RETRY_MAX_SECONDS", "1800"))
NOTIFICATION_MAX_AGE = timedelta(hours=float(env("NOTIFICATION_MAX_AGE_HOURS", "72")))
# A worker sends up to this many queued emails over one SMTP connection (its own row and others queued for
# their first attempt); 1 opens a connection per email.
NOTIFICATION_BATCH_SIZE = max(1, int(env("NOTIFICATION_BATCH_SIZE", "50")))

# Security: strict by default when DEBUG is off (manage.py check --deploy is clean).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy and Permissions-Policy: accounts/middleware.py.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    # The token first: a bad or expired token is a 401 that names its scheme (WWW-Authenticate: Token).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttles.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "auth": env("THROTTLE_AUTH_RATE", "20/min"),
        "writes": env("THROTTLE_WRITES_RATE", "120/min"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Bodies are JSON (multipart only where a view takes a file: maps/api/views.py), so a client generated
    # from the schema builds one body per operation; every malformed JSON body is a 400 in the one error shape
    # (cmcoord/api/parsers.py), any other content type a 415.
    "DEFAULT_PARSER_CLASSES": ["cmcoord.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "cmcoord.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cmcoord.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The tests' APIClient sends JSON, as the API takes it.
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cmcoord API",
    "DESCRIPTION": "Humanitarian civil-military coordination: MCDA requests, HCT decisions, tasks, contacts, "
    "guidelines. Every error has the shape {code, detail, fields}.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A primary key in a path (cmcoord.converters): a positive bigint.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "contacts.api.schema.military_contact_closed",
        "cmcoord.api.schema.document_middleware",
        "cmcoord.api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "requests.models.RequestStatus",
        "TaskStatusEnum": "requests.models.TaskStatus",
        "ReferralProcedureEnum": "requests.models.HctReferral.Procedure",
        "DecisionProcedureEnum": "requests.models.Decision.Procedure",
        "PlaceKindEnum": "maps.models.PlaceKind",
        "MapLayerKindEnum": "maps.models.LayerKind",
        "InvitationStatusEnum": "operations.models.Invitation.Status",
        "OperationStatusEnum": "cmcoord.models.Operation.Status",
        "AssetStatusEnum": "capabilities.models.AssetStatus",
        "HumanitarianNotificationKindEnum": "deconfliction.models.Kind",
        "HumanitarianNotificationStatusEnum": "deconfliction.models.NotificationStatus",
        "TransmissionStatusEnum": "deconfliction.models.TransmissionStatus",
        "PhoneKindEnum": "contacts.models.ContactPhone.Kind",
        "PlatformKindEnum": "contacts.models.CoordinationPlatform.Kind",
        # The fixed "type" of each GeoJSON object of the map (maps/api/views.py).
        "OrganizationTypeEnum": "cmcoord.models.Organization.Type",
        "FeatureCollectionTypeEnum": ["FeatureCollection"],
        "FeatureTypeEnum": ["Feature"],
        "LineStringTypeEnum": ["LineString"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # django-axes logs every failed login at INFO; a lockout is a WARNING.
    "loggers": {"axes": {"level": env("AXES_LOG_LEVEL", "WARNING")}},
}
