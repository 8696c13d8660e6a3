"""Settings for the benchmarks only (never deployed): the demo/dev settings with DEBUG off, plus

- /bench/ping/, a minimal authenticated JSON view (bench/urls.py): the ceiling of the stack
  itself (gunicorn, every middleware, the session and the user), beside which the locust mix
  is measured (bench/locustfile.py);
- BENCH_QUERY_LOG=<file>: every request that carries an X-Bench-Id header appends one JSON line
  to that file with the SQL it issued (bench/_walk_sql.py), so bench/api_walk.py can run the
  same statements directly and say how much the stack adds over its own SQL.

    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/gunicorn congress.wsgi ..."""

from congress.settings.dev import *  # noqa: F401,F403
from congress.settings.dev import MIDDLEWARE, envstr

DEBUG = False
ROOT_URLCONF = "bench.urls"
BENCH_QUERY_LOG = envstr("BENCH_QUERY_LOG", "")
if BENCH_QUERY_LOG:
    # First, so that the session and user lookups are logged with the view's own queries.
    MIDDLEWARE = ["bench._walk_sql.QueryLogMiddleware", *MIDDLEWARE]
# An experiment, not a deployment choice: BENCH_SESSION_ENGINE=django.contrib.sessions.backends.cached_db
# reads the session from Redis instead of PostgreSQL (figures in the README's throughput section).
SESSION_ENGINE = envstr("BENCH_SESSION_ENGINE", SESSION_ENGINE)  # noqa: F405
