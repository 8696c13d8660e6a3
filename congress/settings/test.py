"""The test suite: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise."""

from .base import *  # noqa: F401,F403

# argon2 is what production uses (asserted in tests); tests hash with MD5 only for speed.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process unless a test starts a real worker (tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
# Each test starts with an empty cache of its own process (rate limits, dashboards).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "congress.sms.MemoryBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The audit guard (tests/audit_guard.py): every request the suite makes is checked for writes to
# audited tables without an audit row for that model (on PostgreSQL; AUDIT_GUARD=0 turns it off).
MIDDLEWARE = ["tests.audit_guard.AuditGuardMiddleware", *MIDDLEWARE]  # noqa: F405
