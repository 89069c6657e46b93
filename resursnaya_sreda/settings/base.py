"""Settings shared by every environment. Values that differ come from the environment."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url

from resursnaya_sreda.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_str,
    s3_storages,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-only-for-local-work-do-not-deploy-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "resursnaya_sreda.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
    "resursnaya_sreda.apps.PortalAuditlogConfig",
    "resursnaya_sreda.accounts",
    "resursnaya_sreda.kernel",
    "resursnaya_sreda.public",
    "practices",
    "events",
    "videos",
    "contest",
    "letters",
    "reports",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the portal speaks Russian whatever the browser's language.
    "resursnaya_sreda.kernel.middleware.PortalErrorPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff without a verified second factor reach only enrolment and the second login step;
    # staff sessions end after idle time and after a working day.
    "resursnaya_sreda.accounts.middleware.SecondFactorMiddleware",
    "resursnaya_sreda.accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes goes last so that it sees the authenticated user and answers lockouts itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "resursnaya_sreda.urls"
WSGI_APPLICATION = "resursnaya_sreda.wsgi.application"

# One accessible form pattern for every form (aria-required, error summary): kernel/forms.py.
FORM_RENDERER = "resursnaya_sreda.kernel.forms.PortalFormRenderer"

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
                "resursnaya_sreda.kernel.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except Exception as exc:  # dj-database-url raises several kinds for a bad URL
        raise ConfigurationError(f"DATABASE_URL is malformed: {exc}") from exc
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery --------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Without Redis every task runs in-process, so the embedded default needs no service.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "resursnaya-sreda")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The visibility timeout and the time limits are set with the workers' rules further down.
CELERY_TIMEZONE = "Europe/Moscow"
# A worker child that grows past this many KiB is replaced after its task (PDFs are large).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_MAX_MEMORY_PER_CHILD_KB", 1_500_000)

# --- Auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "django_otp_webauthn.backends.WebAuthnBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:cabinet"
LOGOUT_REDIRECT_URL = "public:landing"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
# Links in confirmation and invitation letters stay valid this many days.
ACCOUNT_LINK_DAYS = env_int("ACCOUNT_LINK_DAYS", 7)

# Brute-force protection: a username and the address it came from are locked together.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_FORM_FIELD = "username"
# The client address is REMOTE_ADDR unless the portal runs behind this many reverse proxies,
# each appending to X-Forwarded-For; only then is the header read, from the right.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "resursnaya_sreda.accounts.security.client_ip"
AXES_USERNAME_CALLABLE = "resursnaya_sreda.accounts.security.client_username"

# --- Second factor (django-otp) ------------------------------------------------------------
# Federal coordinators, experts and regional staff must enrol a factor (TOTP, passkey) before
# any staff page; applicants may. Wrong codes count as failed logins for axes (5 lock the
# account from that address), so django-otp's own growing delay is off: it would also refuse
# the right code typed a second after a typo.
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Ресурсная среда")
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The login's second step must follow the first within this many seconds.
SECOND_FACTOR_PENDING_SECONDS = 300
OTP_WEBAUTHN_RP_NAME = "Ресурсная среда"
# Passkeys are bound to the portal's host name (from SITE_URL) and only its origin. Browsers
# allow them only over HTTPS or on localhost, so a plain-HTTP SITE_URL means localhost.
_site = urlsplit(SITE_URL)
if _site.scheme == "https":
    OTP_WEBAUTHN_RP_ID = _site.hostname or "localhost"
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [SITE_URL]
else:
    OTP_WEBAUTHN_RP_ID = "localhost"
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"http://localhost:{_site.port or 80}"]
# Passkeys are a second factor here, never a login without the password.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# --- Sessions -----------------------------------------------------------------------------
# Staff sessions end after this many idle minutes and, however active, after a working day.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 9)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_DAYS", 14) * 24 * 3600

# --- Limits on spraying and flooding (kernel/ratelimit.py, on the shared cache) --------------
# Failed logins from one address across any accounts, per hour; password-reset and other
# letters per address and per recipient. Each is "count/period" with period in s, m, h or d.
RATELIMIT_LOGIN_PER_ADDRESS = env_str("RATELIMIT_LOGIN_PER_ADDRESS", "20/h")
RATELIMIT_MAIL_PER_ADDRESS = env_str("RATELIMIT_MAIL_PER_ADDRESS", "10/h")
RATELIMIT_MAIL_PER_RECIPIENT = env_str("RATELIMIT_MAIL_PER_RECIPIENT", "3/h")
# Registrations for events from one address: colleagues often sign up from one office.
RATELIMIT_EVENT_REGISTRATIONS_PER_ADDRESS = env_str(
    "RATELIMIT_EVENT_REGISTRATIONS_PER_ADDRESS", "30/h"
)
RATELIMIT_USE_CACHE = "default"
# Without Redis the cache is per process (one machine, tests); with it the counts are shared.
SILENCED_SYSTEM_CHECKS = [] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Record of reading personal data (kernel/access_log.py) -------------------------------
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 365 * 3)
# What counts as personal data is said by the apps themselves: models through
# ``access_log.register_personal_data_model`` from ``ready()``, documents by
# ``Document.personal_data``.

# 152-ФЗ: a programme's personal data is anonymised this many days after its last step ends.
PERSONAL_DATA_RETENTION_DAYS = env_int("PERSONAL_DATA_RETENTION_DAYS", 3 * 365)

# The change history records who and what, not the person's IP address (152-ФЗ: no more
# personal data than the purpose needs).
AUDITLOG_DISABLE_REMOTE_ADDR = True

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Two trees under MEDIA_ROOT: public/ (news covers, catalogue photos) is served at MEDIA_URL;
# private/ (scans, attachments, documents) never gets a URL: views serve it to those allowed.
PUBLIC_MEDIA_ROOT = MEDIA_ROOT / "public"
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PUBLIC_MEDIA_ROOT, "base_url": MEDIA_URL},
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# With STORAGE_URL=s3://… both trees live in an S3-compatible store, shared by every web and
# worker machine (django-storages); private files are still served by the portal's views.
STORAGE_URL = env_str("STORAGE_URL")
if STORAGE_URL:
    STORAGES = {**STORAGES, **s3_storages(STORAGE_URL)}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Requests bigger than this are refused before a view sees them; fields have their own limits.
UPLOAD_REQUEST_MAX_BYTES = env_int("UPLOAD_REQUEST_MAX_MB", 60) * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail -------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    try:
        vars().update(dj_email_url.parse(EMAIL_URL))
    except Exception as exc:
        raise ConfigurationError(f"EMAIL_URL is malformed: {exc}") from exc
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ресурсная среда <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Forms and messages -------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Messages ride in a signed cookie (the session only for what does not fit): a visitor who
# registers at an event's door gets «Вы зарегистрированы» without a session being created for
# it. The cookie is HttpOnly and Secure like the session's, and read on the next page.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# --- Security defaults valid everywhere ---------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Scripts only from the portal's own static files (no inline scripts or handlers); styles may
# be inline (Bootstrap's progress bars and htmx's indicator style set them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "publickey-credentials-get": ["self"],
    "publickey-credentials-create": ["self"],
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Documents (reports/) -----------------------------------------------------------------
# Finished documents are deleted this many days after they were produced.
REPORTS_RETENTION_DAYS = env_int("REPORTS_RETENTION_DAYS", 14)
# The author written into every PDF (tagged PDF/UA: title, author, language, «show title»).
DOCUMENTS_AUTHOR = "АНО «Ресурсный центр в сфере национальных отношений»"
# A document task is interrupted (and the job failed with a message) after the soft limit; a
# worker child still busy at the hard limit is killed, and the sweep notices the job later.
REPORTS_SOFT_TIME_LIMIT = env_int("REPORTS_SOFT_TIME_LIMIT", 300)
REPORTS_HARD_TIME_LIMIT = env_int("REPORTS_HARD_TIME_LIMIT", 360)
if not 0 < REPORTS_SOFT_TIME_LIMIT < REPORTS_HARD_TIME_LIMIT:
    raise ConfigurationError("REPORTS_SOFT_TIME_LIMIT must be positive and below the hard limit")
# How many times one job is started before a dead worker makes it fail for good.
REPORTS_MAX_ATTEMPTS = env_int("REPORTS_MAX_ATTEMPTS", 3)
# A job the broker never accepted (Redis down) fails with a message after this many minutes.
REPORTS_QUEUE_GIVE_UP_MINUTES = env_int("REPORTS_QUEUE_GIVE_UP_MINUTES", 60)

# --- Workers: a lost worker's task comes back, and nothing runs twice at once -------------
# (resursnaya_sreda/kernel/workers.py explains the rules; reports/services.py applies them to
# document jobs.) Every task is stopped at the hard limit. Redis hands a message nobody
# acknowledged to another worker after the visibility timeout, a minute above that limit: a
# task still running is never handed out twice, a lost worker's task comes back within
# minutes. A task that needs longer raises CELERY_TASK_TIME_LIMIT (and so the timeout) too.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", REPORTS_HARD_TIME_LIMIT)
if CELERY_TASK_TIME_LIMIT < REPORTS_HARD_TIME_LIMIT:
    raise ConfigurationError("CELERY_TASK_TIME_LIMIT must not be below REPORTS_HARD_TIME_LIMIT")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60}
# A worker that loses the broker stops its long tasks: their messages go back to the queue and
# would otherwise be run by a second worker while the first is still busy.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# A running task's worker says it is alive this often (a heartbeat thread); one silent for
# WORKER_SILENCE_SECONDS is taken for lost, and its work goes to another worker.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_SILENCE_SECONDS = env_int("WORKER_SILENCE_SECONDS", 60)
if not 0 < 3 * WORKER_HEARTBEAT_SECONDS <= WORKER_SILENCE_SECONDS:
    raise ConfigurationError(
        "WORKER_SILENCE_SECONDS must be at least three WORKER_HEARTBEAT_SECONDS, both positive"
    )

CELERY_BEAT_SCHEDULE = {
    "kernel-sweep-orphan-files": {
        "task": "resursnaya_sreda.kernel.tasks.sweep_orphan_files_task",
        "schedule": 24 * 3600.0,
    },
    # Often enough that a job whose worker fell silent is running again within 90 seconds.
    "reports-sweep-jobs": {"task": "reports.tasks.sweep_document_jobs", "schedule": 20.0},
    "reports-cleanup-files": {"task": "reports.tasks.cleanup_document_files", "schedule": 3600.0},
    "kernel-worker-heartbeat": {
        "task": "resursnaya_sreda.kernel.tasks.worker_heartbeat_task",
        "schedule": 30.0,
    },
    "kernel-access-log-cleanup": {
        "task": "resursnaya_sreda.kernel.tasks.access_log_cleanup_task",
        "schedule": 24 * 3600.0,
    },
    "kernel-anonymise-due": {
        "task": "resursnaya_sreda.kernel.tasks.anonymise_due_task",
        "schedule": 24 * 3600.0,
    },
    "practices-review-reminders": {
        "task": "practices.tasks.send_review_reminders_task",
        "schedule": 24 * 3600.0,
    },
}
# WeasyPrint reports every step and fontTools every subset at INFO: noise in the worker's log.
LOGGING["loggers"].update(
    {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    }
)

# --- Video stories (videos/) --------------------------------------------------------------
# The largest final cut a site may upload, in MB (4 GB by default); refused before it is stored.
VIDEOS_MAX_UPLOAD_BYTES = env_int("VIDEOS_MAX_UPLOAD_MB", 4096) * 1024 * 1024
# The browser sends the cut in pieces of this size; each piece is one request the web process
# streams to storage, so its memory does not grow with the file.
VIDEOS_CHUNK_BYTES = env_int("VIDEOS_CHUNK_MB", 8) * 1024 * 1024
# An upload nobody continued for this long is removed with its pieces.
VIDEOS_UPLOAD_EXPIRY_HOURS = env_int("VIDEOS_UPLOAD_EXPIRY_HOURS", 48)
FFMPEG_BINARY = env_str("FFMPEG_BINARY", "ffmpeg")
FFPROBE_BINARY = env_str("FFPROBE_BINARY", "ffprobe")
# Seconds one ffmpeg run (probe, loudness, poster, preview) may take on the worker.
VIDEOS_FFMPEG_TIMEOUT = env_int("VIDEOS_FFMPEG_TIMEOUT", 1800)
# The schedule solver stops looking for a better plan after this many seconds.
VIDEOS_SOLVER_SECONDS = env_int("VIDEOS_SOLVER_SECONDS", 3)
# A mailing whose worker died is queued again within about a minute and a half.
CELERY_BEAT_SCHEDULE["letters-sweep-mailings"] = {
    "task": "letters.tasks.sweep_mailings_task",
    "schedule": 20.0,
}
# A frozen report whose message was lost (broker away, worker killed) is sent again.
CELERY_BEAT_SCHEDULE["dashboard-sweep-snapshots"] = {
    "task": "dashboard.tasks.sweep_snapshots_task",
    "schedule": 30.0,
}
CELERY_BEAT_SCHEDULE["videos-expire-uploads"] = {
    "task": "videos.tasks.expire_uploads_task",
    "schedule": 3600.0,
}

# --- Long PDFs rendered in sections on the worker pool (reports/parallel.py) ----------------
# A section whose claim is not renewed this long belongs to a dead worker and is rendered again.
REPORTS_SECTION_CLAIM_SECONDS = env_int("REPORTS_SECTION_CLAIM_SECONDS", 15)
# How many times one section is started before the document fails with the section's name.
REPORTS_SECTION_MAX_ATTEMPTS = env_int("REPORTS_SECTION_MAX_ATTEMPTS", 3)
