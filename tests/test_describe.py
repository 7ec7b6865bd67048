"""The diagrams' text alternatives say what the diagram draws: checked against the spec (every op of
the block in order, its shortcut, where the paths meet), against the diagram itself (the folded
boxes) and the layer rows (the colour range), in English and in Chinese."""

from __future__ import annotations

import re
import string

import pytest

from resnet_explorer.analysis import analyze
from resnet_explorer.diagrams import compare_blocks, net_diagram
from resnet_explorer.diagrams.describe import anatomy_alt, block_alt, net_alt, op_text
from resnet_explorer.formatting import num
from resnet_explorer.formatting import shape as shape_text
from resnet_explorer.presets import preset
from resnet_explorer.spec import ShortcutKind

NETS = ["resnet18", "resnet50", "resnext50_32x4d", "resnet20", "plain20", "preact_resnet110",
        "preact_resnet164", "wrn_16_8", "article_resnet20"]


def filled(text: str) -> bool:
    return bool(text) and not any(name is not None for _, name, _, _ in string.Formatter().parse(text))


def test_the_bottleneck_of_resnet50_in_full():
    a = analyze(preset("resnet50"))
    assert block_alt(a, "layer1.0") == (
        "layer1.0 of resnet50 (input 64×56×56, output 256×56×56): conv 1×1 64→64, BN, ReLU, "
        "conv 3×3 64→64, BN, ReLU, conv 1×1 64→256, BN; shortcut: a 1×1 projection 64→256 with BN, "
        "added to the branch before the last ReLU.")
    assert block_alt(a, "layer3.0", "zh") == (
        "resnet50 的 layer3.0（输入 512×28×28，输出 1024×14×14）：卷积 1×1 512→256、批归一化、ReLU、"
        "卷积 3×3 256→256，步幅 2、批归一化、ReLU、卷积 1×1 256→1024、批归一化；捷径：1×1 投影 512→1024，"
        "步幅 2，后接 BN，在最后一个 ReLU 之前与分支相加。")


@pytest.mark.parametrize("name", NETS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_block_is_told_op_by_op_with_its_shortcut(name, lang):
    a = analyze(preset(name))
    rows = {r.name: r for r in a.rows}
    for b in a.spec.blocks:
        text = block_alt(a, b.name, lang)
        assert filled(text) and text.count(b.name) == 1
        ordered = [r for r in a.rows if r.block == b.name]
        assert shape_text(ordered[0].in_shape) in text and shape_text(ordered[-1].out_shape) in text
        at = 0
        for op in (*b.pre, *b.branch):  # in the order the block runs them
            found = text.find(op_text(rows[op.name], lang), at)
            assert found >= at, (b.name, op.name, text)
            at = found + 1
        words = {ShortcutKind.IDENTITY: ("identity", "恒等"), ShortcutKind.ZERO_PAD: ("option A", "选项 A"),
                 ShortcutKind.PROJECTION: ("1×1 projection", "1×1 投影"),
                 ShortcutKind.NONE: ("no shortcut", "没有捷径")}
        assert words[b.shortcut_kind][lang == "zh"] in text
        if b.is_residual:  # where the two paths meet: before the block's last ReLU, or at its output
            meets = (("before the last ReLU", "最后一个 ReLU 之前") if b.post
                     else ("no ReLU after it", "之后没有 ReLU"))
            assert meets[lang == "zh"] in text


@pytest.mark.parametrize("name", ["resnet50", "resnet152", "resnet20", "resnet1202", "plain34",
                                  "preact_resnet164"])
def test_the_network_text_has_the_diagrams_boxes(name):
    a = analyze(preset(name))
    dot = net_diagram(a).source
    folds = sorted(int(n) for n in re.findall(r"(?:Basic|Bottleneck) × (\d+)", dot))
    text = net_alt(a)
    assert filled(text)
    assert sorted(int(n) for n in re.findall(r"(\d+) (?:plain )?(?:Basic|Bottleneck) blocks", text)) == folds
    for s in a.spec.stages:
        assert f"{s.name} ({s.paper_name}, {len(s.blocks)} blocks" in text
    assert f"giving {a.rows[-1].out_shape[0]} class scores" in text
    every = net_alt(a, expanded=[s.name for s in a.spec.stages])
    assert "every block drawn" in every and " in one box" not in every


def test_the_colour_range_is_the_rows_sums():
    a = analyze(preset("resnet50"))
    sums: dict[str, int] = {}
    for r in a.rows:
        key = r.block or ("stem" if r.stage == "stem" else r.name)
        sums[key] = sums.get(key, 0) + r.macs
    drawn = {k: v for k, v in sums.items() if k not in ("avgpool",)}
    lo, hi = min(drawn.values()), max(drawn.values())
    ties = [k for k, v in drawn.items() if v == hi]
    assert ties == ["layer2.0", "layer3.0", "layer4.0"]  # the three downsampling blocks cost the same
    text = net_alt(a, metric="macs")
    assert f"from {num(lo)} (fc) to {num(hi)} (layer2.0, layer3.0, layer4.0)." in text
    params = net_alt(analyze(preset("resnet1202")), metric="params")  # layer3.1 - layer3.199 tie
    assert re.search(r"from 464 \(the stem\) to [\d,]+ \(layer3.1, layer3.2, layer3.3 and 196 more\)", params)
    values = {"layer1.0": 0.5, "layer4.2": 0.002}
    text = net_alt(a, metric="values", values=values, values_title="g")
    assert "from 0.002 (layer4.2) to 0.5 (layer1.0)" in text
    with pytest.raises(ValueError):
        net_alt(a, metric="colour")


def test_the_compare_blocks_give_the_papers_numbers():
    cmp = compare_blocks()
    assert "69,632 conv weights (1×1×256×64 + 3×3×64×64 + 1×1×64×256)" in anatomy_alt(cmp.bottleneck)
    assert "1,179,648 conv weights" in anatomy_alt(cmp.basic_same_width)
    assert "73,728" in anatomy_alt(cmp.basic, "zh") and filled(anatomy_alt(cmp.basic, "zh"))
    text = anatomy_alt(cmp.bottleneck)
    assert text.count("ReLU") == 3 and f"{num(cmp.bottleneck.macs)} MACs" in text


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z-]*", text))


@pytest.mark.parametrize("name", ["resnet50", "resnet20", "preact_resnet164", "plain34"])
def test_chinese_texts_have_no_english_words(name):
    a = analyze(preset(name))
    kept = {"A", "F", "x", "ReLU", "BN", "MACs"} | _words(name)
    names = {w for r in a.rows for w in _words(r.name)}
    names |= {w for s in a.spec.stages for w in _words(s.paper_name)}
    texts = [net_alt(a, metric="params", lang="zh")] + [block_alt(a, b.name, "zh") for b in a.spec.blocks[:6]]
    for text in texts + [anatomy_alt(compare_blocks().bottleneck, "zh")]:
        assert _words(text) - names <= kept, text
