"""Two nets side by side (an article's net against the paper's), and each preset's printed figure
beside our exact count of the net the figure describes, typed from the papers."""

import pytest

from resnet_explorer import analyze, preset
from resnet_explorer.i18n import t
from resnet_explorer.versus import article_vs_paper, published_checks, versus


def test_versus_takes_two_analyses():
    a, b = analyze(preset("resnet18")), analyze(preset("resnet34"))
    v = versus(a, b, ("resnet18", "resnet34"))
    assert (v.left.params, v.right.params) == (11_689_512, 21_797_672)  # torchvision's model cards
    assert (v.left.depth, v.right.depth) == (18, 34)
    assert v.options == (("stages", (2, 2, 2, 2), (3, 4, 6, 3)),)
    assert {d.name for d in v.layers} >= {"layer1.2.conv1", "layer3.5.conv2"}


def test_article_vs_paper_side_by_side():
    v = article_vs_paper("article_resnet20")
    assert (v.left.params, v.left.macs, v.left.depth) == (316_778, 45_269_632, 22)
    assert (v.right.params, v.right.macs, v.right.depth) == (269_722, 40_551_040, 20)
    assert {f for f, _, _ in v.options} == {"conv_bias", "transition"}
    transition = next(d for d in v.layers if d.name == "layer2.0.conv1")
    assert transition.left.params == 9 * 16 * 32 + 32 and transition.right.params == 9 * 16 * 32
    assert any(d.right is None for d in v.layers)  # layer2.3: a block the paper's net does not have
    s = article_vs_paper("simplified_resnet")
    assert s.left.params - s.right.params == 6_720 and s.left.macs == s.right.macs


# He et al. 2015: Table 1's FLOPs (multiply-adds, x 10^9) and Table 6's params (millions), typed
# from the paper; ours are the exact counts of the paper's nets (stride on the first 1x1: v1).
TABLE_1 = {"resnet18": 1.8, "resnet34": 3.6, "resnet50": 3.8, "resnet101": 7.6, "resnet152": 11.3}
TABLE_6 = {"resnet20": 0.27, "resnet32": 0.46, "resnet44": 0.66, "resnet56": 0.85, "resnet110": 1.7,
           "resnet1202": 19.4}


@pytest.mark.parametrize("name", [*TABLE_1, *TABLE_6])
def test_published_figures_beside_ours_with_a_cause(name):
    (check,) = published_checks(name, analyze(preset(name)))
    printed = TABLE_1.get(name) or TABLE_6[name]
    assert check.printed == printed and check.what == ("gmacs" if name in TABLE_1 else "params")
    assert check.delta == pytest.approx(check.ours - printed)
    digits = 1 if printed >= 1 else 2
    # every printed figure is our exact count of the net it describes, rounded or (the bottleneck nets:
    # 3.858 printed 3.8) cut to the printed decimals
    assert printed in (round(check.ours, digits), int(check.ours * 10**digits) / 10**digits)
    for lang in ("en", "zh"):
        assert "{" not in t(check.cause, lang, **check.values)


def test_table_1_causes_name_the_stride_placement():
    (r50,) = published_checks("resnet50", analyze(preset("resnet50")))
    assert r50.cause == "cause_v1_5" and r50.values["ours"] == "4.089" and r50.values["paper_net"] == "3.858"
    (r34,) = published_checks("resnet34", analyze(preset("resnet34")))
    # The paper's 3.6 is the 34-layer net without projections (3.644 G, its plain net's count), not
    # torchvision's with them (3.664 G, which would round to 3.7).
    plain34 = analyze(preset("plain34")).totals.macs / 1e9
    assert r34.cause == "cause_projections" and r34.values["ours"] == "3.664"
    assert r34.values["paper_net"] == "3.644" == f"{plain34:.3f}" and r34.values["rounded"] == 3.6
