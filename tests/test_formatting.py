"""Numbers written out for people: the paper's notation and SI prefixes."""

from resnet_explorer import analyze, preset
from resnet_explorer import formatting as fmt


def test_short_prefixes():
    assert fmt.short(11_689_512) == "11.69M"
    assert fmt.short(4_089_184_256) == "4.089G"
    assert fmt.short(269_722) == "269.7k"
    assert fmt.short(1.6e21) == "1600.000E"
    assert fmt.short(7.98e17) == "798.000P"
    assert fmt.short(12) == "12"


def test_formulas_and_table1_text():
    a = analyze(preset("resnext50_32x4d"))
    conv = next(r for r in a.rows if r.name == "layer1.0.conv2")
    assert fmt.params_formula(conv) == "3×3×4×128 = 4,608"  # grouped: in/groups = 128/32
    fc = a.rows[-1]
    assert fmt.params_formula(fc) == "2048×1000 + 1000 = 2,049,000"
    assert fmt.macs_formula(fc) == "2048×1000 = 2,048,000"
    assert fmt.block_text(a.stages[2]) == "[1×1, 256; 3×3, 256, C=32; 1×1, 512] × 4"
    assert fmt.block_text(a.stages[0]) == "7×7, 64, stride 2"
    assert fmt.size(1536) == "1.5 KiB"


def test_one_notation_for_weights_and_shapes():
    from resnet_explorer import block_anatomy

    assert fmt.conv_weights(3, 128, 128, groups=32) == "3×3×4×128"  # ResNeXt: in/groups
    assert fmt.window(7) == "7×7"
    # He et al. 2015, Fig. 5: the 256-d bottleneck has 69,632 conv weights
    assert fmt.anatomy_formula(block_anatomy("bottleneck", 256)) == \
        "1×1×256×64 + 3×3×64×64 + 1×1×64×256 = 69,632"
    assert fmt.anatomy_formula(block_anatomy("basic", 64)) == "3×3×64×64 + 3×3×64×64 = 73,728"


def test_count_text_keeps_counts_exact_below_a_million():
    assert fmt.count_text(69_632) == "69,632"
    assert fmt.count_text(4_460_000) == "4.46M"
    assert fmt.count_text(1.2e9) == "1.2G"
    assert fmt.count_text(863_400.5) == "863k"
    assert fmt.count_text(0.012345) == "0.0123"


def test_percent():
    assert fmt.percent(36_864, 11_689_512) == "0.32%"
    assert fmt.percent(1, 0) == ""


def test_value_in_a_sentence():
    assert fmt.value(2.302585) == "2.3"
    assert fmt.value(0.1) == "0.1"
    assert fmt.value(3e-5) == "3e-05"
    assert fmt.value(float("inf")) == "∞"
    assert fmt.value(float("nan")) == "—"
    assert fmt.value(64) == "64"
