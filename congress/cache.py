"""Django's Redis cache, made to degrade: while Redis is down or does not answer within the
socket timeout (settings.REDIS_SOCKET_TIMEOUT), it behaves as an empty cache that keeps
nothing, and logs; after one such failure it does not try Redis again for 30 seconds, so only
one request waits for the timeout. A page computes its figures afresh (the dashboard) and a rate limit counts
from zero (the public opinion form lets the request through: it fails open, see
liaison_stations/public.py) instead of answering 500."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from congress.outage import Outage

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
MISSING = object()


outage = Outage("cache")


def _degrades(method, fallback=None):
    def skipped(args, exc=None):
        if fallback is MISSING:  # what a cache without the key answers
            raise ValueError("Key not found (cache unavailable).") from exc
        return fallback(args) if callable(fallback) else fallback

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if outage.ongoing:
            return skipped(args)
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            log.warning("cache unavailable for %ss, %s skipped: %s", outage.seconds,
                        method.__name__, exc)  # fmt: skip
            outage.began()
            return skipped(args, exc)

    return wrapper


class ResilientRedisCacheClient(RedisCacheClient):
    add = _degrades(RedisCacheClient.add, True)
    get = _degrades(RedisCacheClient.get, lambda args: args[1])  # get(key, default)
    set = _degrades(RedisCacheClient.set)
    touch = _degrades(RedisCacheClient.touch, False)
    delete = _degrades(RedisCacheClient.delete, False)
    get_many = _degrades(RedisCacheClient.get_many, lambda args: {})
    has_key = _degrades(RedisCacheClient.has_key, False)
    incr = _degrades(RedisCacheClient.incr, MISSING)
    set_many = _degrades(RedisCacheClient.set_many)
    delete_many = _degrades(RedisCacheClient.delete_many)
    clear = _degrades(RedisCacheClient.clear, False)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
