from celery.schedules import crontab

# Hourly: the sweep is idempotent, so running it often only shortens the delay after a crash.
SCHEDULE = {
    "suggestion-reminders": {
        "task": "suggestions.tasks.sweep_suggestion_reminders",
        "schedule": crontab(minute=7),
    },
}
