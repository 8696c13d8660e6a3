# Every minute: the outbox sweep sends what no task carried (the broker was down, a worker was
# killed mid-delivery) and retries whose backoff is over. Idempotent and cheap when idle.
SCHEDULE = {
    "outbox-sweep": {
        "task": "congress.tasks.sweep_outbox",
        "schedule": 60.0,
    },
}
