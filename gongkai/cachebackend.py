"""Django's Redis cache that fails open: with Redis down, every operation is a miss or a no-op.

Everything the site keeps in its cache can be lost without harm (issue 18, point 4: "Redis
stopped during the run: pages keep being served"): the page cache (gongkai/pagecache.py) then
renders every page, a rate-limit window starts again (ops/ratelimit.py treats a failed ``add``
and ``incr`` as a fresh window), the worker heartbeat reads as absent. So a connection error or a
timeout becomes a miss instead of a 500.

Two things keep a dead Redis from slowing every request: the socket timeouts settings.py gives
(``socket_connect_timeout``/``socket_timeout``, half a second), and a short pause after a failure
(``RETRY_AFTER`` seconds, per process and server) during which the cache is not asked at all.
When Redis answers again, redis-py reconnects on the next call after the pause.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("gongkai.cache")

RETRY_AFTER = 1.0  # seconds without asking Redis after a failure
# Every error of redis-py: besides a lost connection or a timeout, a Redis that refuses writes
# (MISCONF after a failed snapshot on a full disk, OOM under maxmemory, READONLY after a failover)
# answers reads and raises on writes — a write must then be a no-op, not a 500.
FAILURES = (RedisError, OSError)
T = TypeVar("T")

# When each server may be asked again (module-level: Django makes one backend object per thread).
_down_until: dict[str, float] = {}


class FailOpenRedisCache(RedisCache):
    """RedisCache whose failures read as misses; see the module docstring."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._location = str(server)

    def _guard(self, call: Callable[[], T], fallback: T) -> T:
        server = self._location
        if _down_until.get(server, 0.0) > time.monotonic():
            return fallback
        try:
            result = call()
        except FAILURES as exc:
            if server not in _down_until:
                log.warning("cache unavailable, failing open", extra={"error": type(exc).__name__})
            _down_until[server] = time.monotonic() + RETRY_AFTER
            return fallback
        if _down_until.pop(server, None) is not None:  # pop: threads of one worker may race here
            log.warning("cache available again")
        return result

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._guard(lambda: super(FailOpenRedisCache, self).add(key, value, timeout, version), False)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guard(lambda: super(FailOpenRedisCache, self).get(key, default, version), default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> None:
        self._guard(lambda: super(FailOpenRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._guard(lambda: super(FailOpenRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._guard(lambda: super(FailOpenRedisCache, self).delete(key, version), False)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._guard(lambda: super(FailOpenRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._guard(lambda: super(FailOpenRedisCache, self).has_key(key, version), False)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        missing = object()
        result = self._guard(lambda: super(FailOpenRedisCache, self).incr(key, delta, version), missing)
        if result is missing:
            # What incr says of a key that is not there: the caller starts a new count.
            raise ValueError(f"Key {key!r} not found (cache unavailable)")
        return result  # type: ignore[return-value]

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        return self._guard(lambda: super(FailOpenRedisCache, self).set_many(data, timeout, version), list(data))

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._guard(lambda: super(FailOpenRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._guard(lambda: super(FailOpenRedisCache, self).clear(), None)


class FailOpenFileBasedCache(FileBasedCache):
    """The file cache of production without Redis, whose writes fail open: with the disk under
    ``GONGKAI_DATA_DIR`` full, a page that cannot be kept is simply not kept (the page cache
    writes on a reader's GET), instead of every page answering 503. Reads need no space."""

    def _write_or_skip(self, call: Callable[[], T], fallback: T) -> T:
        try:
            return call()
        except OSError as exc:
            log.warning("cache not written, failing open", extra={"error": type(exc).__name__})
            return fallback

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        # FileBasedCache.add calls self.set, whose failure this class swallows: ask the parent's set.
        if self.has_key(key, version):
            return False
        try:
            FileBasedCache.set(self, key, value, timeout, version)
        except OSError as exc:
            log.warning("cache not written, failing open", extra={"error": type(exc).__name__})
            return False
        return True

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> None:
        self._write_or_skip(lambda: super(FailOpenFileBasedCache, self).set(key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._write_or_skip(lambda: super(FailOpenFileBasedCache, self).touch(key, timeout, version), False)
