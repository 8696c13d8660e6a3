"""Production (docker-compose): secrets and hosts from the environment, HTTPS everywhere."""

from .base import *  # noqa: F401,F403
from .base import envbool, envint, envstr

SECRET_KEY = envstr("DJANGO_SECRET_KEY")  # no default: refuse to start without one
DEBUG = False
STATIC_ROOT = BASE_DIR / "staticfiles"  # noqa: F405
WHITENOISE_USE_FINDERS = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx (deploy/nginx.conf) puts the client's address in X-Real-IP; empty turns this off.
TRUSTED_PROXY_IP_HEADER = envstr("DJANGO_TRUSTED_PROXY_IP_HEADER", "X-Real-IP")
if TRUSTED_PROXY_IP_HEADER:
    MIDDLEWARE = ["congress.middleware.RealIPMiddleware", *MIDDLEWARE]  # noqa: F405
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Secure cookies need HTTPS in front of nginx; an HTTP-only trial sets DJANGO_SECURE_COOKIES=0.
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Optional read replica for dashboards (see congress.routers and the README).
if envstr("DATABASE_REPLICA_URL", ""):
    import dj_database_url

    DATABASES["replica"] = dj_database_url.parse(envstr("DATABASE_REPLICA_URL"), conn_max_age=60)  # noqa: F405
    DATABASE_ROUTERS = ["congress.routers.ReplicaRouter"]
