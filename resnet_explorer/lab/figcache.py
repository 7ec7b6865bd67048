"""Built figures shared by every session of a server, held to a number of bytes.

A figure set of a run at one step is built once (~80 ms live, ~150 ms the full set of the default
twin run) and handed read-only to every session watching that run. A set's memory is counted when it
is stored: a Plotly figure holds about 40-60 kB of Python objects whatever its data, plus about 1.5-3
bytes for each byte of its JSON (measured with tracemalloc on the lab's sets, 1 to 150 steps: the
default run's live set holds 160 kB for 29 kB of JSON, its full set 730 kB for 229 kB), so each figure
is counted as PER_FIGURE_BYTES plus PER_JSON_BYTE times its JSON, on the safe side.
The least recently used sets go first once the total passes `max_bytes`; a set larger than the
whole budget is handed out but not kept.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

import plotly.graph_objects as go

PER_FIGURE_BYTES = 64 * 1024
PER_JSON_BYTE = 3

Figures = dict[str, go.Figure]


def figures_bytes(figs: Figures) -> int:
    """Memory a figure set holds, counted from its figures and their JSON (an upper bound, see above)."""
    return sum(PER_FIGURE_BYTES + PER_JSON_BYTE * len(fig.to_json()) for fig in figs.values())


class FigureCache:
    """A thread-safe LRU of figure sets bounded in bytes and in age (`ttl` seconds)."""

    def __init__(self, max_bytes: int, ttl: float = 900.0):
        self.max_bytes, self.ttl = max_bytes, ttl
        self._sets: OrderedDict[Hashable, tuple[Figures, int, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._sets)

    def get(self, key: Hashable, build: Callable[[], Figures]) -> Figures:
        """The set stored under `key`, built (outside the lock) if absent or expired."""
        now = time.monotonic()
        with self._lock:
            hit = self._sets.get(key)
            if hit is not None and now - hit[2] < self.ttl:
                self._sets.move_to_end(key)
                return hit[0]
        figs = build()
        size = figures_bytes(figs)
        with self._lock:
            self._drop(key)
            if size <= self.max_bytes:
                self._sets[key] = (figs, size, now)
                self._bytes += size
                while self._bytes > self.max_bytes:
                    self._drop(next(iter(self._sets)))
        return figs

    def clear(self) -> None:
        with self._lock:
            self._sets.clear()
            self._bytes = 0

    def _drop(self, key: Hashable) -> None:
        old = self._sets.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
