"""Beat entries: how old a dashboard figure may be. Every write marks the cells it changes and
the fold recomputes them every 30 s, so a figure is at most a minute old (30 s between folds,
plus the fold itself). The nightly rebuild is the safety net, and turns the "now" figures
(overdue today, this year's trainees) over to the new day."""

from celery.schedules import crontab

FOLD_SECONDS = 30.0

SCHEDULE = {
    "dashboards-fold": {
        "task": "congress.dashboards.tasks.fold_facts",
        "schedule": FOLD_SECONDS,
        # A fold that missed its turn is replaced by the next one, not queued behind it.
        "options": {"expires": FOLD_SECONDS},
    },
    "dashboards-rebuild-nightly": {
        "task": "congress.dashboards.tasks.refresh_facts",
        "schedule": crontab(hour=0, minute=5),
    },
}
