"""PNG bytes for a picture spec, drawn once per distinct picture and kept (least recently used out).

Thread-safe, so a bot can draw in a worker thread without blocking its event loop; drawing is
serialised because matplotlib's font cache and text layout are not meant for parallel use.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

from .specs import Picture

CACHE_SIZE = 128  # a chain picture is ~50-160 kB; 128 of them stay under 20 MB

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A mapping that keeps only the `capacity` most recently used entries. Per-learner pictures
    (mastery charts) are many and rarely asked again, so nothing keyed by pictures may grow forever."""

    def __init__(self, capacity: int = CACHE_SIZE) -> None:
        self.capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def pop(self, key: K) -> None:
        self._items.pop(key, None)


class Painter:
    def __init__(self, capacity: int = CACHE_SIZE) -> None:
        self._cache: Recent[Picture, bytes] = Recent(capacity)
        self._lock = threading.Lock()
        self.drawn = 0
        self.reused = 0

    def png(self, picture: Picture) -> bytes:
        with self._lock:
            cached = self._cache.get(picture)
            if cached is not None:
                self.reused += 1
                return cached
            from .drawing import draw  # matplotlib loads on the first picture, not at start-up

            png = draw(picture)
            self.drawn += 1
            self._cache.put(picture, png)
            return png
