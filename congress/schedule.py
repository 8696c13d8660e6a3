# Every minute: the outbox sweep sends what no task carried (the broker was down, a worker was
# killed mid-delivery) and retries whose backoff is over. Idempotent and cheap when idle.
SCHEDULE = {
    "outbox-sweep": {
        "task": "congress.tasks.sweep_outbox",
        "schedule": 60.0,
    },
    # Long work (congress/jobs): a job whose worker died or whose task never arrived is run
    # again, and jobs with their files expire after a day.
    "jobs-sweep": {
        "task": "congress.tasks.sweep_jobs",
        "schedule": 60.0,
    },
}
