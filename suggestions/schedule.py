from celery.schedules import crontab

# Hourly: the sweep is idempotent, so running it often only shortens the delay after a crash.
SCHEDULE = {
    "suggestion-reminders": {
        "task": "suggestions.tasks.sweep_suggestion_reminders",
        "schedule": crontab(minute=7),
    },
    # Daily, before office hours: replies nobody rated within the region's limits.
    "suggestion-unrated": {
        "task": "suggestions.tasks.sweep_unrated_replies",
        "schedule": crontab(minute=37, hour=6),
    },
}
