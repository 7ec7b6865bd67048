"""The sentence under each chart is true for the chart: each is checked against numbers read back
from the figure the same inputs build (its traces' lists), in English and in Chinese, with no
placeholder left over."""

from __future__ import annotations

import math
import string

import pytest

from resnet_explorer.analysis import analyze
from resnet_explorer.checkpoint import summaries as ck_summaries
from resnet_explorer.checkpoint.inside import BlockGamma, LayerWeight
from resnet_explorer.formatting import measured, num, share
from resnet_explorer.lab import plots
from resnet_explorer.lab import summaries as lab
from resnet_explorer.lab.gradflow import Flow
from resnet_explorer.lab.trace import LayerMap, Trace
from resnet_explorer.lessons import economics, figures
from resnet_explorer.lessons import summaries as lesson_summaries
from resnet_explorer.presets import preset
from resnet_explorer.spec import build_spec

LANGS = ("en", "zh")


def filled(text: str) -> bool:
    """No str.format field is left in the sentence."""
    return not any(name is not None for _, name, _, _ in string.Formatter().parse(text)) and text


def plain_trace(steps: int = 5) -> Trace:
    """A plain-20 trace: no block has a shortcut (its shortcut gradient is 0)."""
    cfg = preset("plain20")
    tr = Trace("twin", cfg, LayerMap.of(build_spec(cfg)))
    nl, nb = len(tr.layers), len(tr.blocks)
    for i in range(steps):
        tr.append(i, 0.1 * i, 0.1, {"loss": 2.0 - 0.1 * i, "accuracy": 0.25 + 0.05 * i,
                                    "grad_norm": [10.0 ** -(1 + j / 5) for j in range(nl)],
                                    "update_ratio": [0.0] * nl, "weight_norm": [1.0] * nl,
                                    "act_mean": [0.0] * nb, "act_std": [1.0] * nb,
                                    "shortcut_grad": [0.0] * nb,
                                    "branch_grad": [0.1 * (j + 1) for j in range(nb)]})
    return tr


@pytest.mark.parametrize("lang", LANGS)
def test_heatmap_sentence_reads_the_cells_drawn(make_trace, lang):
    tr = make_trace(300)  # more steps than the heatmap draws: it strides
    fig = plots.heatmap(tr, lang)
    z, steps, layers = fig.data[0].z, fig.data[0].x, fig.data[0].y
    cells = [(10 ** z[j][i], layers[j], steps[i]) for j in range(len(layers)) for i in range(len(steps))]
    lo, hi = min(cells), max(cells)
    text = lab.heatmap(tr, lang)
    assert filled(text)
    for v, layer, step in (lo, hi):
        assert f"{measured(v)}（{layer}，第 {step} 步）" in text if lang == "zh" else \
            f"{measured(v)} ({layer}, step {step})" in text
    assert str(steps[-1]) in text and measured(10 ** z[0][-1]) in text and measured(10 ** z[-1][-1]) in text
    assert layers[0] in text and layers[-1] in text


@pytest.mark.parametrize("lang", LANGS)
def test_profile_and_curves_sentences_read_their_traces(make_trace, lang):
    traces = [make_trace(40), plain_trace(7)]
    fig = plots.depth_profile(traces, 30, lang)
    text = lab.depth_profile(traces, 30, lang)
    assert filled(text)
    for trace in fig.data:
        assert trace.name in text
        assert measured(trace.y[0]) in text and measured(trace.y[-1]) in text
    assert "30" in text and ("6" in text)  # each net at its own last step: 30, and 6 for the shorter one
    fig = plots.curves(traces, lang)
    text = lab.curves(traces, lang)
    assert filled(text)
    loss = [d for d in fig.data if d.xaxis == "x"]
    batch = [d for d in fig.data if d.xaxis == "x2" and d.mode != "markers+lines"]
    held = [d for d in fig.data if d.mode == "markers+lines"]
    for d in loss:
        assert f"{d.name} " in text and measured(d.y[-1]) in text and str(d.x[-1]) in text
    for d in batch:
        assert share(d.y[-1]) in text
    assert len(held) == 1 and share(held[0].y[-1]) in text  # only the made-up trace has held-out points


def test_curves_says_the_example_of_the_issue():
    """'plain-56 ends at 16% training accuracy, ResNet-56 at 98%', as this app words it."""
    tr = plain_trace(3)
    tr.accuracy[-1] = 0.16
    said = lab.curves([tr], "en")
    assert "with a training loss of 1.8 and 16.0% accuracy on its last training batch" in said
    assert "准确率为 16.0%" in lab.curves([tr], "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_split_sentence_counts_the_bars(make_trace, lang):
    tr = make_trace(6)
    tr.shortcut_grad[3] = [0.5 if j % 3 else 0.01 for j in range(len(tr.blocks))]
    fig = plots.split(tr, 3, lang)
    shortcut, branch = fig.data[0].y, fig.data[1].y
    more = sum(s > b for s, b in zip(shortcut, branch))
    text = lab.split(tr, 3, lang)
    assert filled(text)
    phrase = {"en": f"in {more} of its {len(shortcut)} blocks with a shortcut",
              "zh": f"在 {len(shortcut)} 个有捷径的块中，有 {more} 个块"}[lang]
    assert phrase in text
    for v in (min(shortcut), max(shortcut), min(branch), max(branch)):
        assert measured(v) in text
    text = lab.split(plain_trace(), 2, lang)
    assert filled(text) and ("no shortcuts" in text or "没有捷径" in text)
    fig = plots.split(plain_trace(), 2, lang)
    assert measured(max(fig.data[1].y)) in text and plain_trace().blocks[-1] in text


def test_values_without_a_gradient_are_said_so(make_trace):
    tr = make_trace(3)
    tr.grad_norm = [[0.0] * len(tr.layers) for _ in range(3)]
    assert "no layer has a finite, non-zero weight gradient" in lab.heatmap(tr, "en")
    tr.grad_norm[-1][0] = math.inf
    assert "∞ in conv1" in lab.depth_profile([tr], 2, "en")
    assert lab.depth_profile([], 0, "en") == "" and lab.curves([], "en") == ""


def _flow(kind: str, depth: int, first: float, last: float, bn: bool = True) -> Flow:
    values = (first, 1.0, last)
    return Flow(depth, kind, bn, "pytorch", ("conv1", "a", "fc"), ("stem", "branch", "branch"), values,
                values, values)


@pytest.mark.parametrize("lang", LANGS)
def test_sweep_sentence_gives_each_kinds_ratio_at_its_depths(lang):
    flows = [_flow("plain", 8, 2.0, 1.0), _flow("plain", 110, 3.2e7, 1.0), _flow("residual", 8, 1.5, 1.0),
             _flow("residual", 110, 25.0, 1.0), _flow("zero_init", 56, 0.18, 1.0),
             _flow("plain", 110, 1.0, 1.0, bn=False)]
    fig = plots.sweep(flows, True, "signal", lang)
    text = lab.sweep(flows, True, "signal", lang)
    assert filled(text)
    for trace in fig.data:  # each drawn line: its first point over its last
        assert measured(trace.y[0] / trace.y[-1]) in text
    assert "3.2e+07" in text and "0.18" in text and text.count("110") == 2
    zero = [_flow("plain", 8, 0.0, 1.0)]
    assert "no ratio" in lab.sweep(zero, True, "signal", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_scaling_sentence_names_every_point_of_the_chart(lang):
    families, current = economics.scaling_points(preset("resnet50"))
    fig = figures.scaling(families, current, lang)
    text = lesson_summaries.scaling(families, current, lang)
    assert filled(text)
    for trace in fig.data:
        for x, y in zip(trace.x, trace.y):
            assert f"{x}" in text and num(int(y)) in text
    # the paper's and torchvision's counts, read from the chart
    assert "11,689,512" in text and "25,557,032" in text and "60,192,808" in text


@pytest.mark.parametrize("lang", LANGS)
def test_response_and_weight_sentences(lang):
    nets = [("plain-20", False, [("layer1.0", 0.9), ("layer2.0", 1.4), ("layer3.0", 0.5)]),
            ("ResNet-20", True, [("layer1.0", 0.3), ("layer2.0", 0.2), ("layer3.0", 0.25)])]
    text = lesson_summaries.responses(nets, lang)
    assert filled(text)
    fig = figures.responses(nets, lang)
    for trace in fig.data:
        ys = list(trace.y)
        assert trace.name in text and measured(min(ys)) in text and measured(max(ys)) in text
        assert measured(sum(ys) / len(ys)) in text
    rows = [LayerWeight("conv1", "conv", 432, 2.0, 0.096),
            LayerWeight("layer1.0.conv1", "conv", 2304, 4.0, 0.083), LayerWeight("fc", "fc", 640, 3.0, 0.118)]
    text = ck_summaries.norms(rows, lang)
    assert filled(text) and "0.083" in text and "layer1.0.conv1" in text and "0.118" in text
    gammas = [BlockGamma("stem", 1, 16, 0, "", None), BlockGamma("layer1.0", 2, 32, 1, "layer1.0.bn2", 0.05),
              BlockGamma("layer1.1", 2, 32, 0, "layer1.1.bn2", 0.7)]
    text = ck_summaries.gammas(gammas, 0.1, lang)
    assert filled(text) and "0.05" in text and "0.7" in text
    if lang == "en":
        assert "over 2 blocks" in text and "1 of them below 0.1" in text
    else:
        assert "共 2 个块" in text and "其中 1 个低于 0.1" in text
    assert ck_summaries.gammas(gammas[:1], 0.1, lang) == "" and ck_summaries.norms([], lang) == ""


def test_every_live_and_final_figure_has_its_sentence(make_trace):
    traces = [make_trace(9), make_trace(9, "twin")]
    assert plots.live_figures(traces, "en").keys() == lab.live_summaries(traces, "en").keys()
    said = lab.all_summaries(traces, 4, "zh")
    assert plots.all_figures(traces, 4, "zh").keys() == said.keys() and all(map(filled, said.values()))
    assert analyze(preset("resnet20")).spec.depth == 20  # the made-up traces are of ResNet-20
