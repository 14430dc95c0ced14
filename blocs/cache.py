"""A Redis cache that fails open: when Redis is unreachable, a read is a miss and a write is dropped, so the
app keeps answering from the database (the answer cache is only a shortcut, and the rate counting degrades
to counting nothing) instead of turning every API read into a 500. One warning is logged per outage.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("blocs.cache")
_outage = threading.Event()


def _fail_open(name: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    method = getattr(RedisCache, name)

    def call(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            value = method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            if not _outage.is_set():
                _outage.set()
                logger.warning("Redis cache unreachable (%s): answering without it.", error)
            return fallback(*args, **kwargs)
        if _outage.is_set():
            _outage.clear()
            logger.warning("Redis cache reachable again.")
        return value

    call.__name__ = name
    call.__doc__ = method.__doc__
    return call


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


class FailOpenRedisCache(RedisCache):
    get = _fail_open("get", _default)
    get_many = _fail_open("get_many", lambda *args, **kwargs: {})
    has_key = _fail_open("has_key", lambda *args, **kwargs: False)
    set = _fail_open("set", lambda *args, **kwargs: None)
    add = _fail_open("add", lambda *args, **kwargs: False)
    touch = _fail_open("touch", lambda *args, **kwargs: False)
    set_many = _fail_open("set_many", lambda *args, **kwargs: [])
    delete = _fail_open("delete", lambda *args, **kwargs: False)
    delete_many = _fail_open("delete_many", lambda *args, **kwargs: None)
    incr = _fail_open("incr", lambda key, delta=1, *args, **kwargs: delta)
    clear = _fail_open("clear", lambda *args, **kwargs: False)
