"""Random configurations over every option: the table must equal the built model."""

import math

import torch
from hypothesis import HealthCheck, example, given, settings

from resnet_explorer import NetConfig, analyze, build_model
from resnet_explorer.limits import check
from resnet_explorer.spec import OpKind

from .oracle import configs, measure

# Found by this test: every BN's step counter (and the stem's) was missing from a size bound
# once estimated before the analysis.
NARROW_BIASED = NetConfig(stem="imagenet", block="basic", stages=(1, 1, 1, 1), widths=(2, 2, 2, 2),
                          shortcut="C", stride_at="v1", in_channels=1, input_size=(1, 1), num_classes=1,
                          conv_bias=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
@example(NARROW_BIASED)
def test_table_equals_built_model(cfg):
    a, m = analyze(cfg), measure(cfg)
    assert check(a) is a  # small nets pass the server's exact limits
    assert a.totals.params == m["params"] == sum(r.params for r in a.rows)
    assert a.totals.macs == m["macs"] == sum(r.macs for r in a.rows)
    assert a.totals.buffers == m["buffers"]
    modules = set(m["shapes"])
    for row in a.rows:
        if row.kind is OpKind.ADD:
            continue
        assert row.name in modules
        got = m["shapes"][row.name]
        assert (row.out_shape if row.kind is not OpKind.FC else row.out_shape[:1]) == got, row.name
    # every leaf module of the model is a row of the table
    assert modules <= {r.name for r in a.rows}


@settings(max_examples=25, deadline=None)
@given(configs())
def test_forward_backward_gives_every_parameter_a_finite_gradient(cfg):
    torch.manual_seed(0)
    model = build_model(cfg, seed=0).train()
    x = torch.randn(2, cfg.in_channels, *cfg.input_size)
    model(x).square().mean().backward()
    for name, p in model.named_parameters():
        assert p.grad is not None, name
        assert torch.isfinite(p.grad).all(), name


def test_odd_non_square_input_shapes():
    cfg = NetConfig(input_size=(33, 47))
    a = analyze(cfg)
    layer4 = [r for r in a.rows if r.name == "layer4.1.relu2"][0]
    # 33 -> conv 17 -> pool 9 -> 9, 5, 3, 2 ; 47 -> 24 -> 12 -> 12, 6, 3, 2
    assert layer4.out_shape == (512, 2, 2)
    assert measure(cfg)["shapes"]["layer4.1.relu2"] == (512, 2, 2)


def test_memory_estimate_matches_autograd_saved_tensors():
    """Activation estimate vs the distinct tensors autograd actually saves (by storage)."""
    for cfg in (NetConfig(stem="cifar", stages=(2, 2), input_size=(16, 16), num_classes=10),
                NetConfig(block="bottleneck", stages=(1, 1), input_size=(64, 48), shortcut="A")):
        model = build_model(cfg).train()
        weights = {p.untyped_storage().data_ptr() for p in model.parameters()}
        seen: dict[int, int] = {}

        def pack(t, weights=weights, seen=seen):
            ptr = t.untyped_storage().data_ptr()
            if t.dim() == 4 and ptr not in weights:  # activations, not weights or BN statistics
                seen[ptr] = t.untyped_storage().nbytes()
            return t

        x = torch.randn(4, cfg.in_channels, *cfg.input_size)
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            model(x)
        measured = sum(seen.values())
        estimated = analyze(cfg).totals.activation_elements * 4 * 4
        assert math.isclose(estimated, measured, rel_tol=0.01), (estimated, measured)


def test_receptive_field_matches_an_autograd_probe():
    """Back-propagate one output position through a net of all-positive weights: the input
    pixels it reaches span exactly the receptive field."""
    cfg = NetConfig(stem="cifar", stages=(1, 1), input_size=(64, 64), batchnorm=False)
    model = build_model(cfg).eval()
    for p in model.parameters():
        p.data.fill_(0.01)
    a = analyze(cfg)
    for name in ("conv1", "layer1.0.conv2", "layer2.0.conv1", "layer2.0.add"):
        row = next(r for r in a.rows if r.name == name)
        x = torch.ones(1, cfg.in_channels, 64, 64, requires_grad=True)
        out = {}
        module = name.removesuffix(".add")
        target = model.get_submodule(module)
        handle = target.register_forward_hook(lambda m, i, o, out=out: out.setdefault("y", o))
        model(x)
        handle.remove()
        y = out["y"]
        y[0, 0, y.shape[2] // 2, y.shape[3] // 2].backward()
        rows = x.grad[0, 0].abs().sum(dim=1).nonzero().flatten()
        assert int(rows.max() - rows.min() + 1) == row.rf, name
