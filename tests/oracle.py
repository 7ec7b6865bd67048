"""Outside oracles shared by the tests (a helper module, not a test file): independent measurements
of a built model, for comparing with the analysis, and torchvision's own models."""

from __future__ import annotations

import torch
from hypothesis import strategies as st
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from resnet_explorer import NetConfig, build_model


def measure(cfg, device: str = "meta", batch: int = 1) -> dict:
    """Params by numel, MACs by FlopCounterMode / 2, and each module's output shape (C, H, W)."""
    with torch.device(device):
        model = build_model(cfg).eval()
    shapes: dict[str, tuple] = {}
    hooks = [m.register_forward_hook(lambda mod, i, o, n=name: shapes.__setitem__(n, tuple(o.shape[1:])))
             for name, m in model.named_modules() if name and not list(m.children())]
    x = torch.zeros(batch, cfg.in_channels, *cfg.input_size, device=device)
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return {
        "model": model,
        "params": sum(p.numel() for p in model.parameters()),
        "buffers": sum(b.numel() for b in model.buffers()),
        "macs": counter.get_total_flops() // 2 // batch,
        "shapes": shapes,
    }


def leaf_modules(model: nn.Module) -> dict[str, nn.Module]:
    return {n: m for n, m in model.named_modules() if n and not list(m.children())}


# The torchvision nets whose module names and weights ours must match (tests/torchvision_keys.json).
TV_MODELS = ("resnet18", "resnet50", "resnext50_32x4d", "wide_resnet50_2")


def torchvision_models():
    """torchvision.models, or None. The pinned wheel is a CUDA build whose compiled ops do not load
    on the CPU torch; its model code only needs them skipped at import: registering fake kernels for
    `torchvision::` ops is made a no-op while it imports."""
    original = torch.library.register_fake

    def register_fake(op, *args, **kwargs):
        if isinstance(op, str) and op.startswith("torchvision::"):
            return lambda fn=None: fn
        return original(op, *args, **kwargs)

    torch.library.register_fake = register_fake
    try:
        import torchvision.models as models
    except Exception:  # not installed, or a wheel that fails for another reason
        return None
    finally:
        torch.library.register_fake = original
    return models


@st.composite
def configs(draw) -> NetConfig:
    n_stages = draw(st.integers(1, 4))
    block = draw(st.sampled_from(["basic", "bottleneck"]))
    groups, wpg = 1, 64
    if block == "bottleneck" and draw(st.booleans()):
        groups, wpg = draw(st.sampled_from([2, 4])), draw(st.sampled_from([2, 4, 8]))
    shortcut = draw(st.sampled_from(["A", "B", "C", "none"]))
    # sorted: option A cannot remove channels; grouped blocks need width * wpg / 64 >= 1
    smallest = 64 // wpg if groups > 1 else 2
    widths = sorted(draw(st.lists(st.integers(smallest, smallest + 10), min_size=n_stages,
                                  max_size=n_stages)))
    return NetConfig(
        stem=draw(st.sampled_from(["imagenet", "cifar"])),
        block=block,
        stages=tuple(draw(st.lists(st.integers(1, 2), min_size=n_stages, max_size=n_stages))),
        widths=tuple(widths),
        shortcut=shortcut,
        stride_at=draw(st.sampled_from(["v1", "v1.5"])),
        preact=draw(st.booleans()),
        batchnorm=draw(st.booleans()),
        groups=groups,
        width_per_group=wpg,
        width_multiplier=draw(st.integers(1, 2)),
        in_channels=draw(st.integers(1, 4)),
        input_size=(draw(st.integers(1, 41)), draw(st.integers(1, 41))),
        num_classes=draw(st.integers(1, 7)),
        zero_init_residual=draw(st.booleans()),
        conv_bias=draw(st.booleans()),
        transition=draw(st.sampled_from(["block", "conv"])),
        stem_channels=draw(st.sampled_from([0, 1, 2])),  # at most the narrowest stage (option A)
    )
