from celery import shared_task


@shared_task
def expire_invitations() -> int:
    from representatives.accounts import invitations_expire  # noqa: PLC0415 - models at run time

    return invitations_expire()
