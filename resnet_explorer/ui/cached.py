"""Memoized analysis and per-config results, shared by every session of the server, in bounded memory.

Each cache keyed by a network is split in two by the size of the network, its number of blocks
(known before anything is built): small nets (every ImageNet preset: ResNet-152 has 50 blocks) keep
up to `max_entries` results for an hour; large ones (up to limits.MAX_ROWS rows, the ones a student
can make from a link) keep only LARGE_ENTRIES for ten minutes, so a few students opening huge nets
cannot push out what the whole class shares. Bytes: see CEILING_MIB.

`st.cache_resource` hands out the object itself, not a copy: right for an Analysis, which is
immutable (frozen dataclasses and tuples), and it spares copying thousands of rows on every rerun.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from ..analysis import Analysis
from ..config import NetConfig
from ..limits import checked_analysis

# Blocks above which a net is "large". A block has at most 12 layer rows, the stem and head 8 and a
# transition layer 3, so a small net has under 1,000 rows: the size the figures below assume.
LARGE_BLOCKS = 80
LARGE_ENTRIES = 4  # large nets kept per cache (a class opens one teacher's link; a student, a few)
SMALL_TTL, LARGE_TTL = 3600, 600  # seconds
# The ceiling of all caches together, CEILING_MIB:
# - st.cache_data (texts: JSON, exports, diagram sources, rendered diagrams): DATA_BUDGET_MIB of
#   serialized bytes, held by `server.maxCacheDataSize` (.streamlit/config.toml);
# - st.cache_resource keyed by a net (no byte limit in Streamlit, so bounded here by entries x rows),
#   measured at 1,000 rows: an analysis 0.45 MiB, a layer frame 0.25 MiB, an Arrow layer view
#   0.19 MiB; small nets: 64 x 0.45 + 64 x 0.25 + 128 x 0.19 <= 70 MiB; large ones (<= 6,000 rows):
#   LARGE_ENTRIES x 6 x (0.45 + 0.25 + 0.19) <= 22 MiB; stage and tool tables a few kB: <= 100 MiB;
# - the lab's shared run figures: 48 MiB (ui/lab_live.FIGURE_BUDGET_MIB, counted by lab/figcache.py).
# 120 + 100 + 48 <= 300. tests/test_cache_bounds.py measures the server's memory growth after 150
# distinct large nets against it.
DATA_BUDGET_MIB = 120
CEILING_MIB = 300

F = TypeVar("F", bound=Callable[..., Any])


def is_large(cfg: NetConfig) -> bool:
    return sum(cfg.stages) > LARGE_BLOCKS


def _copy(fn: Callable[..., Any], tier: str) -> Callable[..., Any]:
    """The same function under another name: Streamlit keys a cache by module, name and source."""
    def tiered(*args: Any) -> Any:
        return fn(*args)
    tiered.__module__, tiered.__name__ = fn.__module__, f"{fn.__name__}_{tier}"
    tiered.__qualname__ = f"{fn.__qualname__}_{tier}"
    return tiered


# Streamlit's hasher walks a NetConfig field by field (slow: benchmarks/profile_rerun.py); its repr
# names every field just as well, in one string.
HASH_FUNCS = {NetConfig: repr}


def per_config(max_entries: int = 64, resource: bool = False) -> Callable[[F], F]:
    """`st.cache_data` (or `st.cache_resource`) for a function whose first argument is a NetConfig,
    with the small/large split above. Use instead of the bare decorator for anything keyed by a net.
    Arguments are passed positionally (the split copies take *args). `resource=True` hands out the
    object itself (no copy on every rerun): only for results nobody mutates."""
    cache = st.cache_resource if resource else st.cache_data

    def decorate(fn: F) -> F:
        small = cache(max_entries=max_entries, ttl=SMALL_TTL, show_spinner=False,
                      hash_funcs=HASH_FUNCS)(_copy(fn, "small"))
        large = cache(max_entries=LARGE_ENTRIES, ttl=LARGE_TTL, show_spinner=False,
                      hash_funcs=HASH_FUNCS)(_copy(fn, "large"))

        @functools.wraps(fn)
        def call(cfg: NetConfig, *args: Any) -> Any:
            return (large if is_large(cfg) else small)(cfg, *args)

        call.clear = lambda: (small.clear(), large.clear())  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]
    return decorate


@per_config(max_entries=64, resource=True)
def analysis(cfg: NetConfig) -> Analysis:
    """The net's analysis; ConfigError where the server does not show it (limits.check), which the
    sidebar reports before any view asks."""
    return checked_analysis(cfg)
