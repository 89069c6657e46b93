"""Tests: fast hashing, mail kept in memory. DATABASE_URL and REDIS_URL still apply (CI)."""

from resursnaya_sreda.settings.base import *  # noqa: F403
from resursnaya_sreda.settings.base import VAR_DIR

DEBUG = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: an in-memory test database makes the live server used by browser
    # tests share the test's own connection, and a background request in the page (autosave,
    # polling) then collides with the test's queries. pytest-xdist suffixes the name per process.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The cache is per process: several test processes share one Redis, and a test that clears
# the cache must not clear another process's keys (or Celery's queue on the same server).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Tasks run eagerly unless a test starts a real worker (tests/conftest.py does that with Redis).
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = VAR_DIR / "test-media"
PUBLIC_MEDIA_ROOT = MEDIA_ROOT / "public"
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PUBLIC_MEDIA_ROOT, "base_url": "/media/"},
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
AXES_ENABLED = True
# Static files come from the finders in tests; nothing is collected.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
