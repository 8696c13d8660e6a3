from celery.schedules import crontab

SCHEDULE = {
    # Deadline reminders (7 days, 1 day before, once overdue): daily in the morning, Beijing time
    # being the settings' zone; the ledger makes a second run send nothing.
    "worktasks-remind": {
        "task": "worktasks.tasks.remind_tasks",
        "schedule": crontab(hour=8, minute=20),
    },
}
