"""PNG bytes for a picture spec, drawn once per distinct picture and kept (least recently used out).

Thread-safe, so a bot can draw in a worker thread without blocking its event loop; drawing is
serialised because matplotlib's font cache and text layout are not meant for parallel use.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from .specs import Picture

CACHE_SIZE = 128  # a chain picture is ~50-160 kB; 128 of them stay under 20 MB


class Painter:
    def __init__(self, capacity: int = CACHE_SIZE) -> None:
        self.capacity = capacity
        self._cache: OrderedDict[Picture, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.drawn = 0
        self.reused = 0

    def png(self, picture: Picture) -> bytes:
        with self._lock:
            cached = self._cache.get(picture)
            if cached is not None:
                self._cache.move_to_end(picture)
                self.reused += 1
                return cached
            from .drawing import draw  # matplotlib loads on the first picture, not at start-up

            png = draw(picture)
            self.drawn += 1
            self._cache[picture] = png
            if len(self._cache) > self.capacity:
                self._cache.popitem(last=False)
            return png
