"""The shared caches stay bounded whatever networks students open: large nets (more than
cached.LARGE_BLOCKS blocks) keep only cached.LARGE_ENTRIES results per cache, and opening 150
distinct large nets through every net-keyed cache of the views keeps the server's memory growth
under cached.CEILING_MIB (the figure is printed for the notes)."""

from __future__ import annotations

import gc
from collections import Counter

import psutil
import pytest
import streamlit as st
from streamlit.runtime.caching import cache_data_api, cache_resource_api

from resnet_explorer.presets import PRESETS
from resnet_explorer.ui import cached, diagrams, layers

BASE = PRESETS["resnet110"].config  # CIFAR, basic blocks; (n, n, n) stages give 9n + 10 rows or so


def large(n: int):
    cfg = BASE.replace(stages=(n, n, n))
    assert cached.is_large(cfg) and not cached.is_large(PRESETS["resnet152"].config)
    return cfg


def entries() -> Counter:
    """Entries held per cache, by function name."""
    counts = Counter()
    for caches in (cache_data_api._data_caches, cache_resource_api._resource_caches):
        for group in caches._function_caches.values():
            for cache in group.values():
                held = cache.storage._mem_cache if hasattr(cache, "storage") else cache._mem_cache
                counts[cache.display_name] += len(held)
    return counts


@pytest.fixture(autouse=True)
def clean():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_large_nets_keep_few_entries_and_small_ones_stay():
    small = [PRESETS[name].config for name in ("resnet18", "resnet50", "resnet152")]
    for cfg in small:
        cached.analysis(cfg)
        layers.layer_frame(cfg)
    for n in range(40, 50):  # ten distinct large nets, 1,090 to 1,180 rows
        cached.analysis(large(n))
        layers.layer_frame(large(n))
    counts = entries()
    large_caches = {name: k for name, k in counts.items() if name.endswith("_large")}
    small_caches = {name: k for name, k in counts.items() if name.endswith("_small")}
    assert large_caches and all(k == cached.LARGE_ENTRIES for k in large_caches.values()), counts
    assert small_caches and all(k == len(small) for k in small_caches.values()), counts
    # the small nets are still cached: the same object comes back, not a new analysis
    assert cached.analysis(small[0]) is cached.analysis(small[0])


def _open(cfg) -> None:
    """What the layer and diagram tabs cache for one net."""
    a = cached.analysis(cfg)
    layers.layer_frame(cfg)
    layers.stage_frame(cfg, "en")
    layers.stage_view(cfg, "en")
    layers.layer_view(cfg, "en", "")
    layers.layer_view(cfg, "zh", "conv")
    layers.tools_table(cfg, "en")
    layers.json_text(cfg, 32)
    diagrams._block_dot(cfg, a.spec.blocks[0].name, "en")
    diagrams._net_dot(cfg, (), "params", (), "", "en")


@pytest.mark.slow
def test_150_distinct_large_nets_keep_memory_under_the_ceiling():
    process = psutil.Process()
    for name in ("resnet18", "resnet152"):  # warm-up: imports and first allocations
        _open(PRESETS[name].config)
    gc.collect()
    before = process.memory_info().rss
    peak = before
    for n in range(40, 190):  # 150 distinct nets, 1,090 to 5,050 layer rows
        _open(large(n))
        peak = max(peak, process.memory_info().rss)
    gc.collect()
    grown_mib = (peak - before) / 2**20
    print(f"cache bounds: 150 large nets, RSS growth at peak {grown_mib:.0f} MiB "
          f"(ceiling {cached.CEILING_MIB} MiB), entries {dict(entries())}")
    assert all(k <= cached.LARGE_ENTRIES for name, k in entries().items() if name.endswith("_large"))
    assert grown_mib < cached.CEILING_MIB
