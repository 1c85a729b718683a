"""Search backends. Each one stores the search records and answers the primitive questions the
shared engine (gongkai.search.engine) asks; callers never know which one runs.

Chosen by ``settings.SEARCH_BACKEND`` (a dotted path), like django-modelsearch does.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.module_loading import import_string

from gongkai.search.backends.base import SearchBackend


@functools.cache
def _backend(path: str) -> SearchBackend:
    backend_class = import_string(path)
    return backend_class(**getattr(settings, "SEARCH_OPTIONS", {}))


def get_backend() -> SearchBackend:
    return _backend(settings.SEARCH_BACKEND)


def reset() -> None:
    """Forget the backend instance (tests change settings)."""
    _backend.cache_clear()
