"""The sign-in code of an event: a signed token naming the event, the key of the current
opening and the end of the sign-in window. A photo of yesterday's code fails three ways: the
window has closed, the token has expired, and reopening rotated the key."""

import datetime as dt

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import ApplicationError
from meetings.models import Event

SALT = "meetings.sign-in"
MAX_AGE = dt.timedelta(days=2)  # no opening lasts longer; past it the token is void anyway


def sign_in_token(event: Event) -> str:
    _opens, closes = event.window
    payload = {"e": event.pk, "k": event.sign_in_key, "x": int(closes.timestamp())}
    return signing.TimestampSigner(salt=SALT).sign_object(payload, compress=False)


def _refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, status=400, fields={"token": [message]})


def token_event_id(token: str) -> tuple[int, str]:
    """(event id, key) of a well-formed, unexpired token; a 400 on the token otherwise."""
    if not isinstance(token, str) or not token or len(token) > 300:
        raise _refuse(_("签到码无效，请扫描会场的二维码。"), "sign_in_code_invalid")
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired as exc:
        raise _refuse(_("签到码已过期，请扫描会场当前的二维码。"), "sign_in_code_expired") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise _refuse(_("签到码无效，请扫描会场的二维码。"), "sign_in_code_invalid") from exc
    if not isinstance(payload, dict) or not {"e", "k", "x"} <= set(payload):
        raise _refuse(_("签到码无效，请扫描会场的二维码。"), "sign_in_code_invalid")
    if timezone.now().timestamp() > payload["x"]:
        raise _refuse(_("签到码已过期，请扫描会场当前的二维码。"), "sign_in_code_expired")
    return int(payload["e"]), str(payload["k"])


def check_key(event: Event, key: str) -> None:
    """The token belongs to the event's current opening (not an earlier one)."""
    if key != event.sign_in_key:
        raise _refuse(_("签到码已失效，请扫描会场当前的二维码。"), "sign_in_code_expired")
