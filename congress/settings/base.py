"""Settings shared by every environment; each value that varies is read from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from congress.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = envstr("DJANGO_SECRET_KEY", "insecure-dev-key-only-for-the-embedded-demo")
DEBUG = envbool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_vite",
    "csp",
    "congress",
    "representatives",
    "suggestions",
    "liaison_stations",
    "evaluation",
    "ballots",
    "meetings",
    "training",
    "contacts",
    "supervision",
    "filings",
    "worktasks",
    "congress.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "congress.middleware.UnstorableInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congress.middleware.IdleSessionMiddleware",
    "congress.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "congress.middleware.AuditActorMiddleware",
    "congress.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The province this deployment serves: the root of the region tree and of every dashboard.
ROOT_REGION_CODE = envstr("ROOT_REGION_CODE", "43")
# Every service writes its audit rows explicitly (congress.services.model_update and friends;
# tests/audit_guard.py proves no request skips it). The old generic save/delete signals, which
# cost a SELECT per update and missed bulk writes, are off; true turns them back on everywhere.
AUDIT_SAVE_SIGNALS = envbool("AUDIT_SAVE_SIGNALS", False)

ROOT_URLCONF = "congress.urls"
WSGI_APPLICATION = "congress.wsgi.application"
AUTH_USER_MODEL = "congress.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "congress.context_processors.shell",
            ],
        },
    },
]

# SQLite (embedded, for `make demo`) unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security baseline (等保 level 3): argon2, a password policy, lockout, idle sessions.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "congress.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "representatives.auth.InvitationBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]  # offices share one public address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "congress.views.lockout"
AXES_VERBOSE = False
# Lockout is by username on purpose: a township office shares one public address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# API tokens (congress/tokens.py): idle like a session, never older than a working day, and at
# most this many live per account (issuing one more revokes the least recently used).
API_TOKEN_IDLE_MINUTES = envint("API_TOKEN_IDLE_MINUTES", 30)
API_TOKEN_MAX_HOURS = envint("API_TOKEN_MAX_HOURS", 12)
API_TOKEN_MAX_PER_USER = envint("API_TOKEN_MAX_PER_USER", 10)
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # congress.middleware.IdleSessionMiddleware pushes the deadline
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the Vue pages read it to send X-CSRFToken
CSRF_FAILURE_VIEW = "congress.errors.csrf_failure"  # styled page; JSON under /api/
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The compiled front end (frontend/ built by Vite into static/dist/, committed): django-vite reads
# its manifest to name the hashed bundles in templates/app.html. FRONTEND_DIST points at another
# build of the same sources (an engineer's own, `PORTAL_DIST=... make frontend`), served at the
# same address, /static/dist/, in place of the committed one.
FRONTEND_DIST = Path(envstr("FRONTEND_DIST", "") or BASE_DIR / "static" / "dist")
STATICFILES_DIRS = [BASE_DIR / "static"]
if FRONTEND_DIST != BASE_DIR / "static" / "dist":
    STATICFILES_DIRS.insert(0, ("dist", FRONTEND_DIST))
DJANGO_VITE = {
    "default": {
        "dev_mode": False,
        "manifest_path": FRONTEND_DIST / "manifest.json",
        "static_url_prefix": "dist",
    }
}
WHITENOISE_USE_FINDERS = True  # dev and tests serve straight from static/; production collects
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "congress.tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON bodies nested deeper than congress.parsers.MAX_DEPTH are a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "congress.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "congress.pagination.Pagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "congress.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "congress.schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "人大工作管理平台 API",
    "DESCRIPTION": "People's congress work management portal. All endpoints require a session or a token unless marked public.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema and its UI are for logged-in users and API clients with a token.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Schema quality is tested on its own (tests/congress/test_schema.py), not by `check --deploy`.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # Choice sets that share a field name across apps get their own component names.
    "ENUM_NAME_OVERRIDES": {
        "HandlingUnitKindEnum": "congress.models.HandlingUnit.Kind",
        "OutboxStatusEnum": "congress.models.OutboxMessage.Status",
        "MandateStatusEnum": "representatives.models.Mandate.Status",
        "SuggestionStatusEnum": "suggestions.models.Status",
        "SatisfactionEnum": "suggestions.models.Satisfaction",
        "DutyRuleKindEnum": "liaison_stations.models.DutyRule.Kind",
        "StationKindEnum": "liaison_stations.models.StationKind",
        "VisitKindEnum": "liaison_stations.models.VisitKind",
        "ActivityKindEnum": "evaluation.models.ActivityKind",
        "OpinionSourceEnum": "liaison_stations.models.Opinion.Source",
        "OpinionStatusEnum": "liaison_stations.models.Opinion.Status",
        "ArchiveEntrySourceEnum": "evaluation.models.ArchiveEntry.Source",
        "EvaluationRoundStatusEnum": "evaluation.models.EvaluationRound.Status",
        "BallotKindEnum": "ballots.models.Ballot.Kind",
        "BallotStatusEnum": "ballots.models.Ballot.Status",
        "ProjectStatusEnum": "ballots.models.LivelihoodProject.Status",
        "ProjectReportKindEnum": "ballots.models.ProjectReport.Kind",
        "CourseKindEnum": "training.models.Course.Kind",
        "CourseModeEnum": "training.models.Course.Mode",
        "CourseStatusEnum": "training.models.Course.Status",
        "MaterialKindEnum": "training.models.Material.Kind",
        "TaskListStatusEnum": "worktasks.models.TaskList.Status",
        "TaskListSourceEnum": "worktasks.models.TaskList.Source",
        "WorkTaskStatusEnum": "worktasks.models.Task.Status",
        "WorkTaskResultEnum": "worktasks.models.Task.Result",
        "FindingRatingEnum": "worktasks.models.Finding.Rating",
        "SupervisionRatingEnum": "supervision.models.Rating",
        "StationRatingEnum": "liaison_stations.models.Rating",
    },
}

# Celery: Redis when REDIS_URL is set; otherwise tasks run in-process (the embedded demo).
REDIS_URL = envstr("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "*.tasks.sweep_*": {"queue": "reminders"},
    "*.tasks.send_*": {"queue": "reminders"},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A Redis that is down, or accepts connections and never answers, must not hold a request:
# short socket timeouts and one quick retry to publish. A task that could not be queued after a
# commit is logged (congress.queue), and the outbox sweep sends its messages.
REDIS_SOCKET_TIMEOUT = envint("REDIS_SOCKET_TIMEOUT", 1)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULE: dict = {}  # each app adds its entries in congress.celery


def redis_cache(url: str) -> dict:
    """Django's RedisCache that behaves as an empty cache while Redis is unreachable."""
    return {
        "BACKEND": "congress.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "congress",
        "OPTIONS": {
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
            "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }


# One cache for every web container and worker when Redis is there (dashboards computed once,
# rate limits of the public forms shared); process memory otherwise (the embedded demo).
CACHES = {
    "default": (
        redis_cache(REDIS_URL)
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Notification channels: email through Django's backend, SMS through a gateway interface.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "noreply@congress.local")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
# The outbox (congress/outbox.py): tries per message, backoff (1, 2, 4 … minutes, capped),
# and the lease a worker holds on a batch (longer than a batch of 50 slow sends takes).
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_RETRY_SECONDS = envint("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = envint("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600)
OUTBOX_LEASE_SECONDS = envint("OUTBOX_LEASE_SECONDS", 600)
SMS_BACKEND = envstr("SMS_BACKEND", "congress.sms.FileBackend")
SMS_FILE_PATH = Path(envstr("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms.log")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},  # axes would log usernames and addresses
}


# Content-Security-Policy (django-csp) on every response: scripts only from this site (the
# compiled bundles and /jsi18n/), never inline and never eval, so even a stored payload that
# reached a page could not run. Styles may be inline (Element Plus and ECharts set element
# styles); images and media may be blob: (an upload's preview, a video's range stream).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "frame-src": ["'self'", "blob:"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
