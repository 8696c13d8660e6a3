# Hourly: one-time invitation codes past their 30 days stop working even if nobody tries them, and
# sent invitation texts lose their code in the outbox (representatives.accounts).
SCHEDULE = {
    "deputy-invitations-expire": {
        "task": "representatives.tasks.expire_invitations",
        "schedule": 3600.0,
    },
}
