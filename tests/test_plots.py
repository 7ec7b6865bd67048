"""The lab's figures: full log tick labels, projector fonts, light live set, bounded points."""

from __future__ import annotations

import math

import numpy as np

from resnet_explorer.lab import plots


def test_tick_labels_are_written_in_full():
    assert [plots.tick_text(p) for p in (-3, -2, 0, 4)] == ["1e-3", "1e-2", "1", "1e4"]
    assert plots.decades([2e-3, 0.05]) == [-3, -2, -1]


def test_log_axes_label_whole_decades_covering_the_data(make_trace):
    tr = make_trace(5)
    fig = plots.depth_profile([tr], 4, "en")
    axis = fig.layout.yaxis
    data = np.log10(tr.grad_norm[4])
    assert axis.type == "log" and all(text == plots.tick_text(round(math.log10(v)))
                                      for v, text in zip(axis.tickvals, axis.ticktext))
    assert math.log10(min(axis.tickvals)) <= data.min() and math.log10(max(axis.tickvals)) >= data.max()
    assert not any("." in text for text in axis.ticktext)  # no abbreviated 2, 5, 0.002 labels


def test_projector_mode_uses_bigger_fonts(make_trace):
    tr = make_trace(3)
    normal, big = plots.curves([tr], "en"), plots.curves([tr], "en", projector=True)
    assert big.layout.font.size >= normal.layout.font.size + 8
    assert big.layout.height > normal.layout.height
    assert plots.heatmap(tr, "zh", projector=True).layout.font.size == plots.FONT[True]


def test_live_set_is_light_and_long_runs_are_strided(make_trace):
    tr = make_trace(2000)
    live = plots.live_figures([tr], "en")
    assert set(live) == {"curves", "profile"}
    for trace in live["curves"].data:
        assert len(trace.x) <= plots.MAX_POINTS + 1
    assert live["curves"].data[0].x[-1] == 1999  # the latest step is always shown
    full = plots.all_figures([tr], 1999, "en")
    assert {"heat_net", "split_net", "profile", "curves"} == set(full)
    assert all(f.layout.uirevision == "lab" for f in [*live.values(), *full.values()])


def test_accuracy_traces_say_which_accuracy_they_show(make_trace):
    names = [d.name for d in plots.curves([make_trace(20)], "en").data]
    assert any("training batch (train mode" in n for n in names)
    assert any("held-out images (eval mode)" in n for n in names)
