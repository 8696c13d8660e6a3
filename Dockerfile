# syntax=docker/dockerfile:1
# Application image for 人大工作管理平台: web (gunicorn), celery worker/beat, migrate.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin app \
 && mkdir -p /data/media \
 && chown app:app /data/media

# The code is also pip-installed, but settings derive BASE_DIR (static/,
# templates, STATIC_ROOT=/app/staticfiles) from the package location, so
# PYTHONPATH=/app makes manage.py, gunicorn and celery all import from /app.
WORKDIR /app

# Dependencies first (pinned lock file) so this layer is cached across code changes.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
RUN pip install --no-deps .

# Collect static files (vendored Vue / Element Plus / ECharts included) into the
# image; whitenoise serves them. Dummy values only: nothing connects at build time.
RUN DJANGO_SETTINGS_MODULE=congress.settings.production \
    DJANGO_SECRET_KEY=build-only-not-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

USER app

EXPOSE 8000

CMD ["gunicorn", "congress.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
