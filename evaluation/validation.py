"""full_clean() turned into the one 400 shape (until the services validate through congress)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from congress.errors import ApplicationError


def _validate(instance) -> None:
    """full_clean(), turned into the one 400 shape."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError(
            _("提交的内容有误。"), fields=exc.message_dict if hasattr(exc, "error_dict") else {}
        ) from exc


def _invalid(summary: str, errors: dict) -> ApplicationError:
    """One 400 naming every bad field; the message leads with the first problem."""
    first = next(iter(errors.values()), [""])[0]
    return ApplicationError(f"{summary}{first}", fields=errors)
