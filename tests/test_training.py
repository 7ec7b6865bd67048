"""The instrumented run against torch autograd, seeds, twins and the gradient flow at init."""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from resnet_explorer import NetConfig, Shortcut, Stem, build_model
from resnet_explorer.lab.instrument import Instrument
from resnet_explorer.lab.trace import traces_csv
from resnet_explorer.lab.training import (
    HELD_OUT,
    Diverged,
    TrainConfig,
    TrainingRun,
    copy_matching,
    twin_config,
)
from resnet_explorer.model import ResidualBlock

TINY = NetConfig(stem=Stem.CIFAR, stages=(1, 2, 1), widths=(4, 8, 16), shortcut=Shortcut.A,
                 input_size=(32, 32), num_classes=10)
QUICK = TrainConfig(batch_size=8, steps=3, warmup_steps=1, twin=False)


def _batch(n: int = 8, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 3, 32, 32, generator=g), torch.randint(0, 10, (n,), generator=g)


def test_one_finite_gradient_norm_per_step_per_layer():
    traces = TrainingRun(TINY, QUICK).run()
    (tr,) = traces
    model = build_model(TINY)
    weighted = [n for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert list(tr.layers) == weighted
    assert len(tr.grad_norm) == QUICK.steps
    for row in tr.grad_norm + tr.update_ratio:
        assert len(row) == len(weighted)
        assert all(math.isfinite(v) and v > 0 for v in row)
    for name in ("act_mean", "act_std", "branch_grad", "shortcut_grad"):
        assert all(len(row) == len(tr.blocks) and all(map(math.isfinite, row)) for row in getattr(tr, name))


@pytest.mark.parametrize("shortcut", [Shortcut.A, Shortcut.B, Shortcut.C, Shortcut.NONE])
def test_norms_match_autograd(shortcut):
    """Weight-gradient norms, update ratios and the shortcut/branch split, recomputed by hand."""
    cfg = TINY.replace(shortcut=shortcut)
    model = build_model(cfg, seed=1)
    oracle = copy.deepcopy(model)
    x, y = _batch()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    record = Instrument(model).step(x, y, opt)

    # The same forward pass written out block by block, keeping every addition's operands.
    h = x
    for name in oracle.stem_names:
        h = oracle._modules[name](h)
    saved, block_out = [], []
    for block in (m for m in oracle.modules() if isinstance(m, ResidualBlock)):
        for n in block.pre_names:
            h = block._modules[n](h)
        xin, a = h, h
        for n in block.branch_names:
            a = block._modules[n](a)
        s = block.shortcut_path(xin) if block.shortcut_path is not None else None
        out = a + s if s is not None else a
        saved.append((block, xin, a, s, out))
        for n in block.post_names:
            out = block._modules[n](out)
        h = out
        block_out.append(out.detach())
    for name in oracle.head_names[:-1]:
        h = oracle._modules[name](h)
    loss = F.cross_entropy(oracle.fc(torch.flatten(h, 1)), y)
    grad_out = torch.autograd.grad(loss, [o for *_, o in saved], retain_graph=True)
    for i, ((block, xin, a, s, _), g) in enumerate(zip(saved, grad_out)):
        (branch,) = torch.autograd.grad(a, xin, g, retain_graph=True)
        assert record["branch_grad"][i] == pytest.approx(branch.norm().item(), rel=1e-4)
        if s is None:
            assert record["shortcut_grad"][i] == 0.0
            continue
        (via_shortcut,) = torch.autograd.grad(s, xin, g, retain_graph=True)
        assert record["shortcut_grad"][i] == pytest.approx(via_shortcut.norm().item(), rel=1e-4)
        if isinstance(block.shortcut_path, nn.Identity):
            # He et al. 2016, eq. 5: the identity path hands on the addition's output gradient as is.
            assert record["shortcut_grad"][i] == pytest.approx(g.norm().item(), rel=1e-5)
    std_mean = [torch.std_mean(o) for o in block_out]
    assert record["act_mean"] == pytest.approx([m.item() for _, m in std_mean], rel=1e-3, abs=1e-5)
    assert record["act_std"] == pytest.approx([sd.item() for sd, _ in std_mean], rel=1e-3)
    loss.backward()
    weights = [m.weight for m in oracle.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert record["grad_norm"] == pytest.approx([w.grad.norm().item() for w in weights], rel=1e-4)
    assert record["loss"] == pytest.approx(loss.item(), rel=1e-5)
    torch.optim.SGD(oracle.parameters(), lr=0.1, momentum=0.9).step()
    new = [m.weight for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    old = [m.weight for m in build_model(cfg, seed=1).modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    expect = [((a - b).norm() / b.norm()).item() for a, b in zip(new, old)]
    assert record["update_ratio"] == pytest.approx(expect, rel=1e-3)


def test_block_and_stage_norms_aggregate_the_layers():
    tr = TrainingRun(TINY, TrainConfig(batch_size=8, steps=1, twin=False)).run()[0]
    layer = dict(zip(tr.layers, tr.grad_norm[0]))
    block = tr.block_grad_norms(0)
    assert set(block) == set(tr.blocks)
    for b, v in block.items():
        assert v == pytest.approx(math.sqrt(sum(g**2 for n, g in layer.items() if n.startswith(b + "."))))
    stage = tr.stage_grad_norms(0)
    assert stage["stem"] == pytest.approx(layer["conv1"]) and stage["head"] == pytest.approx(layer["fc"])
    assert sum(v**2 for v in stage.values()) == pytest.approx(sum(v**2 for v in layer.values()))


def test_same_seed_same_first_step_numbers():
    def first(seed: int) -> dict:
        run = TrainingRun(TINY, TrainConfig(batch_size=8, steps=1, seed=seed, twin=True))
        return [tr.to_dict() for tr in run.run()]

    a, b = first(3), first(3)
    for d in a + b:
        d.pop("time_s")
    assert a == b
    c = first(4)
    assert c[0]["loss"] != a[0]["loss"]


@pytest.mark.parametrize("shortcut", [Shortcut.A, Shortcut.B, Shortcut.NONE])
def test_twin_shares_initial_weights_where_shapes_agree(shortcut):
    cfg = TINY.replace(shortcut=shortcut)
    run = TrainingRun(cfg, TrainConfig(batch_size=8, steps=1, twin=True))
    net, twin = (n.model.state_dict() for n in run.nets)
    assert (run.nets[1].trace.config.shortcut is Shortcut.NONE) == (shortcut is not Shortcut.NONE)
    shared = [k for k in net if k in twin and net[k].shape == twin[k].shape]
    assert len(shared) >= len(twin) - 4  # only a projection shortcut's few tensors may differ
    for k in shared:
        assert torch.equal(net[k], twin[k]), k
    run.close()


def test_copy_matching_copies_only_agreeing_entries():
    src, dst = build_model(TINY.replace(shortcut=Shortcut.B), seed=1), build_model(twin_config(TINY), seed=2)
    copied = copy_matching(src, dst)
    assert copied and all("downsample" not in k for k in copied)


def test_exports_are_plain_numbers():
    traces = TrainingRun(TINY, TrainConfig(batch_size=8, steps=2, twin=True)).run()
    text = json.dumps([tr.to_dict() for tr in traces], allow_nan=False)
    assert json.loads(text)[1]["label"] == "twin"
    lines = traces_csv(traces).strip().splitlines()
    assert len(lines) == 1 + 2 * 2  # option A and its plain twin share every column name
    assert lines[0].startswith("net,step,time_s,lr,loss,accuracy,grad_norm:conv1")


def test_plain_twin_of_a_zero_init_net_keeps_live_batchnorms():
    """Zero-init last BN starts residual branches at 0; the plain twin must not copy those zeros
    (with no shortcut around them it would pass no signal at all)."""
    cfg = TINY.replace(zero_init_residual=True)
    run = TrainingRun(cfg, TrainConfig(batch_size=8, steps=1, twin=True))
    net, twin = (n.model for n in run.nets)
    for b in net.spec.blocks:
        last_bn = [op.name for op in b.branch if op.kind.value == "bn"][-1]
        assert torch.all(net.get_submodule(last_bn).weight.detach() == 0)
        assert torch.all(twin.get_submodule(last_bn).weight.detach() == 1)
        torch.testing.assert_close(twin.get_submodule(f"{b.name}.conv1").weight,
                                   net.get_submodule(f"{b.name}.conv1").weight)
    run.run()
    assert run.traces[1].note and not run.traces[0].note
    assert run.traces[1].grad_norm[0][1] > 0  # the plain twin's first block conv learns from step 0


def test_held_out_accuracy_is_measured_in_eval_mode_on_unseen_images():
    run = TrainingRun(TINY, TrainConfig(batch_size=8, steps=4, twin=False))
    (tr,) = run.run()
    assert [s for s, _ in tr.eval_accuracy] == [1, 3]  # halfway and at the end
    x, y = run.held_out
    model = run.nets[0].model.eval()
    with torch.no_grad():
        expect = (model(x).argmax(1) == y).float().mean().item()
    assert tr.eval_accuracy[-1][1] == pytest.approx(expect)
    train = {bytes(img) for img in run.batches.images.numpy()}
    held = (x * 127.5 + 127.5).round().to(torch.uint8).numpy()
    assert not any(bytes(img) in train for img in held)


def test_divergence_stops_the_run():
    with pytest.raises(Diverged, match="diverged at step"):
        TrainingRun(TINY, TrainConfig(dataset="synthetic", batch_size=8, steps=50, lr=10.0, warmup_steps=0,
                                      twin=False)).run()


def test_warmup_ramps_linearly():
    cfg = TrainConfig(lr=0.1, warmup_steps=4)
    assert [cfg.lr_at(i) for i in range(6)] == pytest.approx([0.02, 0.04, 0.06, 0.08, 0.1, 0.1])


@pytest.mark.parametrize("name", ["resnet50", "preact_resnet164", "plain20", "resnet20"])
def test_layer_map_from_the_spec_agrees_with_the_built_modules(name):
    """Roles, blocks and stages read from the spec, checked against the module tree itself."""
    from resnet_explorer import preset
    from resnet_explorer.lab.trace import LayerMap

    model = build_model(preset(name).replace(input_size=(64, 64)), seed=0)
    where = LayerMap.of(model.spec)
    weighted = {n: m for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))}
    assert list(where.layers) == list(weighted)
    assert where.params == tuple(m.weight.numel() for m in weighted.values())
    blocks = {n: m for n, m in model.named_modules() if isinstance(m, ResidualBlock)}
    assert list(where.blocks) == list(blocks)
    assert where.residual == tuple(b.shortcut_path is not None for b in blocks.values())
    shortcut_convs = {id(m) for b in blocks.values() if b.shortcut_path is not None
                      for m in b.shortcut_path.modules() if isinstance(m, nn.Conv2d)}
    rows = zip(where.layers, where.layer_role, where.layer_block, where.layer_stage)
    for layer, role, block, stage in rows:
        module = weighted[layer]
        assert (role == "shortcut") == (id(module) in shortcut_convs)
        if role in ("branch", "shortcut"):
            assert any(module is m for m in blocks[block].modules())
            assert any(module is m for m in model.get_submodule(stage).modules())
        else:
            in_blocks = any(module is m for b in blocks.values() for m in b.modules())
            assert role == block == stage and not in_blocks
    assert (where.layer_role[0], where.layer_role[-1]) == ("stem", "head")


def test_the_default_run_is_resnet56_and_its_plain_twin_on_gratings():
    """Issue 8's measured setting: widths 8/16/32, option B, 16x16 gratings, SGD 0.1, batch 64, 150 steps."""
    from resnet_explorer import preset
    from resnet_explorer.lab import data as datasets
    from resnet_explorer.lab.training import default_net, lab_config, load_data

    train = TrainConfig()
    assert (train.dataset, train.lr, train.batch_size, train.steps, train.optimizer) == (
        "gratings", 0.1, 64, 150, "sgd")
    cfg = lab_config(default_net(), train.dataset)
    assert cfg == preset("resnet56").replace(widths=(8, 16, 32), shortcut=Shortcut.B, input_size=(16, 16),
                                             in_channels=1)
    assert twin_config(cfg).shortcut is Shortcut.NONE
    ds, held = load_data(train), load_data(train, held_out=True)
    expect = datasets.gratings(4096, seed=0)
    assert np.array_equal(ds.images, expect.images) and ds.images.shape[1:] == (1, 16, 16)
    assert len(held) == HELD_OUT and not ({bytes(x) for x in held.images} & {bytes(x) for x in ds.images})
    run = TrainingRun(default_net(), TrainConfig(steps=2, batch_size=8))
    x, _ = run.batches.next()
    assert x.shape == (8, 1, 16, 16)
    run.close()
