"""What protects the public opinion form: a rate limit per address (Django's cache) and a small
arithmetic challenge signed with the secret key, so the server keeps no state for it."""

import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from congress.personal import mask_name, mask_phone  # noqa: F401 - masking is the core's; used by this app's callers

CHALLENGE_SALT = "liaison_stations.challenge"
CHALLENGE_MAX_AGE = 60 * 60


def client_address(request) -> str:
    # Behind nginx REMOTE_ADDR is set from X-Real-IP by the proxy; never trust a client header.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(request, scope: str) -> bool:
    """Count this request against the address; True once it is over the limit for the window.

    While the cache (Redis) is unreachable the limit fails open: congress.cache answers as an
    empty cache and logs, so citizens can still leave an opinion during an outage (the signed
    challenge still has to be answered; only its single use is not enforced meanwhile)."""
    limit, window = getattr(settings, "LIAISON_RATE_LIMITS", {}).get(
        scope, {"opinion": (10, 3600), "track": (60, 600)}.get(scope, (30, 600))
    )
    key = f"liaison-rate:{scope}:{client_address(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def challenge_new() -> dict:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b, "n": secrets.token_hex(6)}, salt=CHALLENGE_SALT)
    return {"question": f"{a} + {b} = ?", "token": token}


def challenge_passed(token: str, answer) -> bool:
    """Right answer to an unexpired challenge not used before."""
    try:
        data = signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        right = int(str(answer).strip()) == data["a"] + data["b"]
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return False
    return right and cache.add(f"liaison-challenge-used:{data['n']}", 1, CHALLENGE_MAX_AGE)
