"""The gradient lab tab driven by AppTest: a short live run to the end, refusals, languages."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from unittest.mock import patch

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from torch import nn

from resnet_explorer import build_model, preset
from resnet_explorer.lab.settings import default_net, lab_config
from resnet_explorer.lab.task import net_of
from resnet_explorer.ui import labrun

SCRIPT = """
from resnet_explorer.presets import preset
from resnet_explorer.ui import lab
lab.show(preset({net!r}), {lang!r})
"""


@pytest.fixture(autouse=True)
def _clear_caches():
    st.cache_data.clear()
    yield


def _app(net: str = "resnet20", lang: str = "en") -> AppTest:
    at = AppTest.from_string(SCRIPT.format(net=net, lang=lang), default_timeout=30)
    at.run()
    assert not at.exception
    return at


def _run_to_end(at: AppTest, limit_s: float = 60) -> None:
    """`run_every` never fires under AppTest: rerun by hand until the job is over."""
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        time.sleep(0.3)
        at.run()
        assert not at.exception
        w = at.session_state["watch_lab"]
        if not w.active and w.final_rerun:
            at.run()
            return
    raise AssertionError("run did not finish")


def test_a_short_twin_run_completes_and_stays_on_screen():
    at = _app()
    at.number_input(key="lab_steps").set_value(4)
    at.select_slider(key="lab_batch").set_value(8)
    at.run()
    assert any("Estimate before starting" in c.value for c in at.caption)
    at.button(key="lab_start").click().run()
    assert not at.exception
    _run_to_end(at)
    w = at.session_state["watch_lab"]
    snap, traces = w.snapshots[0], labrun.traces(w)
    assert snap.state.value == "done" and snap.done == 4 and len(traces) == 2
    assert any("Finished" in s.value for s in at.success)
    charts = at.get("plotly_chart")
    assert len(charts) >= 6  # two heatmaps, the depth profile, the curves, two splits
    heat = json.loads(charts[0].proto.spec)
    # By default the lab trains ResNet-56 at widths 8/16/32 (option B) with its plain twin, and says so.
    model = build_model(preset("resnet56").replace(widths=(8, 16, 32), shortcut="B"))
    layers = [n for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert heat["data"][0]["type"] == "heatmap" and heat["data"][0]["y"] == layers
    assert any("This run trains ResNet-56 (widths 8/16/32) and its twin plain-56" in m.value
               for m in at.markdown)
    assert traces[1].config.shortcut.value == "none" and traces[0].config.input_size == (16, 16)
    assert any("What the numbers say" in m.value for m in at.markdown)
    assert {b.proto.label for b in at.get("download_button")} == {"Download CSV", "Download JSON"}
    # The configured net was trained: the diagrams can colour its blocks.
    assert net_of(w.requests[0]) == lab_config(default_net(), "gratings")
    at.slider(key="lab_step").set_value(1).run()
    assert not at.exception and at.session_state["watch_lab"].snapshots[0].state.value == "done"
    # The link names the run: a reconnect or a shared link watches the same run again.
    key = w.handles[0].key
    assert at.query_params["run"] in (key, [key])
    other = AppTest.from_string(SCRIPT.format(net="resnet20", lang="en"), default_timeout=30)
    other.query_params["run"] = key
    other.run()
    assert not other.exception and other.session_state["watch_lab"].handles[0] is w.handles[0]
    assert any("Finished" in s.value for s in other.success) and len(other.get("plotly_chart")) >= 6


def test_stop_button_stops_the_run():
    at = _app()
    at.number_input(key="lab_steps").set_value(300)
    at.select_slider(key="lab_batch").set_value(8)
    at.toggle(key="lab_twin").set_value(False)
    at.run()
    at.button(key="lab_start").click().run()
    for _ in range(100):
        time.sleep(0.2)
        at.run()
        if at.session_state["watch_lab"].snapshots[0].done > 0:
            break
    # While live only the light figures: the curves and the latest depth profile.
    assert len(at.get("plotly_chart")) == 2
    assert any("only the curves and the depth profile are drawn" in c.value for c in at.caption)
    at.button(key="lab_stop").click().run()
    assert not at.exception
    job = at.session_state["watch_lab"].handles[0]
    assert job.wait(10) and job.poll().state.value == "stopped"
    _run_to_end(at)
    assert any("Stopped after" in w.value for w in at.warning)


def test_too_big_net_is_flagged_and_refused():
    at = _app("resnet152")
    at.radio(key="lab_net").set_value("sidebar").run()
    assert any("too big to train here" in w.value for w in at.warning)
    at.button(key="lab_start").click().run()
    assert not at.exception
    assert any("refused" in e.value for e in at.error)
    assert at.session_state["lab_refused"] is not None


def test_chinese_and_depth_sweep():
    at = _app(lang="zh")
    assert any("梯度实验室" in h.value for h in at.subheader)
    at.toggle(key="lab_sweep").set_value(True).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 24  # 4 depths x (plain, residual, zero-init residual) x (BN, no BN)
    assert at.get("plotly_chart")


def test_every_composed_key_exists():
    """Keys built from a choice (t(f"lab_opt_{o}")) are invisible to the key scan of test_i18n."""
    from resnet_explorer.i18n import STRINGS
    from resnet_explorer.lab import diagnostics, training
    from resnet_explorer.lab.gradflow import INITS
    from resnet_explorer.lab.settings import DATASETS, OPTIMIZERS
    from resnet_explorer.runs import State

    keys = {f"lab_use_{c}" for c in ("default", "sidebar")} | {f"lab_data_{d}" for d in DATASETS}
    keys |= {f"lab_opt_{o}" for o in OPTIMIZERS} | {f"lab_init_{i}" for i in INITS}
    keys |= {f"lab_over_{r}" for r in ("memory", "time")} | {f"lab_net_{n}" for n in ("net", "twin")}
    from resnet_explorer.lab.gradflow import VALUES
    from resnet_explorer.lab.plots import KIND_KEYS

    keys |= {f"lab_sweep_{v}" for v in VALUES} | {"lab_stopped", "lab_cancelled"}
    keys |= {f"lab_sweep_init_{i}" for i in INITS} | set(KIND_KEYS.values())
    keys |= {f"lab_sweep_title_{v}" for v in VALUES}
    # Keys that findings carry as values ("typical_key", "cause_key") and trace notes.
    source = Path(diagnostics.__file__).read_text() + Path(training.__file__).read_text()
    keys |= set(re.findall(r'"(lab_(?:dx|note)_[a-z_]+)"', source))
    assert {State.STOPPED.value, State.CANCELLED.value} == {"stopped", "cancelled"}
    for lang in ("en", "zh"):
        assert keys <= STRINGS[lang].keys()


def test_diagrams_get_norms_only_for_the_net_that_was_trained():
    """measured_grad_norms: the block norms of the latest step, for exactly the trained config."""
    at = _app()
    at.number_input(key="lab_steps").set_value(2)
    at.select_slider(key="lab_batch").set_value(8)
    at.toggle(key="lab_twin").set_value(False)
    at.run()
    at.button(key="lab_start").click().run()
    _run_to_end(at)
    w = at.session_state["watch_lab"]
    tr = labrun.traces(w)[0]
    by_block: dict[str, float] = {}
    for layer, g in zip(tr.layers, tr.grad_norm[-1]):  # group by module path, independently of the map
        parts = layer.split(".")
        if parts[0].startswith("layer"):
            key = ".".join(parts[:2])
            by_block[key] = by_block.get(key, 0.0) + g * g
    with patch.object(st, "session_state", {"watch_lab": w}):
        norms = labrun.measured_grad_norms(default_net())
        assert norms == pytest.approx({k: v ** 0.5 for k, v in by_block.items()})
        assert labrun.measured_grad_norms(preset("resnet56")) == {}
