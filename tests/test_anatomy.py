"""One block's conv weights against the paper's Fig. 5 figures and the same blocks of built models."""

from resnet_explorer import block_anatomy, build_model, preset
from resnet_explorer.formatting import anatomy_formula


def test_block_anatomy_numbers_match_real_blocks():
    """The paper's Fig. 5 numbers, and the same blocks inside real models."""
    assert block_anatomy("bottleneck", 256).weights == 69_632
    assert block_anatomy("basic", 256).weights == 1_179_648
    assert block_anatomy("basic", 64).weights == 73_728
    r50, r34 = build_model(preset("resnet50")), build_model(preset("resnet34"))
    conv_weights = lambda block: sum(p.numel() for n, p in block.named_parameters() if "conv" in n)  # noqa: E731
    assert conv_weights(r50.layer1[1]) == 69_632
    assert conv_weights(r34.layer1[1]) == 73_728


def test_grouped_bottleneck_counts_in_over_groups():
    """ResNeXt's 3x3: each of 32 groups sees 4 of the 128 inner channels (torchvision's
    resnext50_32x4d layer1 has that conv: 3*3*4*128 weights)."""
    b = block_anatomy("bottleneck", 256, ratio=2, groups=32)
    assert [c.weights for c in b.convs] == [256 * 128, 9 * 4 * 128, 128 * 256]
    conv2 = build_model(preset("resnext50_32x4d")).layer1[0].conv2
    assert conv2.weight.numel() == b.convs[1].weights
    assert anatomy_formula(b) == f"1×1×256×128 + 3×3×4×128 + 1×1×128×256 = {b.weights:,}"
