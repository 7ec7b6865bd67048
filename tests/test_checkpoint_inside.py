"""What the trained weights say, against the file's own tensors read independently: norms, switched-off
BatchNorm channels, near-zero residual branches; and the two lessons on a file's net."""

from __future__ import annotations

import pytest
import torch
from safetensors.torch import load, save

from resnet_explorer import build_model, preset
from resnet_explorer.checkpoint import inside, inspect_bytes
from resnet_explorer.checkpoint.inside import OFF, SMALL, block_gammas, lessons, weight_norms
from resnet_explorer.lessons.bn import layer_responses
from resnet_explorer.lessons.nets import lesson_config


def _opened(cfg, edit=None):
    sd = build_model(cfg, seed=0).state_dict()
    if edit:
        edit(sd)
    data = save(sd)
    return inspect_bytes("net.safetensors", data, 16), data


def test_weight_norms_are_the_files_tensors_norms():
    opened, data = _opened(preset("resnet20"))
    tensors = load(data)  # the file read again, by the safetensors package
    rows = weight_norms(opened.model)
    expected = [k.removesuffix(".weight") for k, v in tensors.items()
                if k.endswith(".weight") and v.dim() in (2, 4)]
    assert sorted(r.name for r in rows) == sorted(expected)
    for r in rows:
        w = tensors[r.name + ".weight"].double()
        assert r.norm == pytest.approx(float(w.norm()), rel=1e-6)
        assert r.rms == pytest.approx(float(w.pow(2).mean().sqrt()), rel=1e-6)


def test_switched_off_channels_and_near_zero_branches():
    def edit(sd):
        sd["layer1.0.bn1.weight"][:3] = 0.0  # three channels off inside a branch
        sd["layer2.1.bn2.weight"][:] = 0.001  # the branch's last BN: the whole F(x) near zero
        sd["layer3.2.bn2.weight"][:] = -0.05  # negative gammas count by their size
        sd["bn1.weight"][0] = 0.009

    opened, data = _opened(preset("resnet20"), edit)
    tensors = load(data)
    rows = {r.block: r for r in block_gammas(opened.model)}
    for block, r in rows.items():  # the oracle: the file's BN weights grouped by their key's prefix
        prefix = "" if block == "stem" else block + "."
        gammas = [v for k, v in tensors.items() if k.endswith(".weight") and "bn" in k.split(".")[-2]
                  and (k.startswith(prefix) if prefix else k.count(".") == 1)]
        assert r.off == sum(int((g.abs() < OFF).sum()) for g in gammas), block
        assert r.channels == sum(g.numel() for g in gammas)
    assert (rows["stem"].off, rows["layer1.0"].off, rows["layer2.1"].off) == (1, 3, 32)
    assert rows["layer3.2"].off == 0 and rows["layer3.2"].near_zero
    assert rows["layer3.2"].last_mean == pytest.approx(0.05)
    assert rows["layer2.1"].near_zero and rows["layer2.1"].last_bn == "layer2.1.bn2"
    assert [b for b, r in rows.items() if r.near_zero] == ["layer2.1", "layer3.2"]
    assert all(r.last_mean is None or r.last_mean >= SMALL or r.near_zero for r in rows.values())


def test_preact_branches_end_in_a_conv_so_no_gamma_is_read_for_them():
    opened, _ = _opened(preset("preact_resnet110").replace(stages=(2, 2, 2)))
    rows = block_gammas(opened.model)
    assert all(r.last_bn == "" and r.last_mean is None for r in rows)
    assert rows[-1].block == "head"  # final_bn


def test_branch_responses_are_the_lessons_layer_responses_on_post_activation_nets():
    opened, _ = _opened(preset("resnet20"))
    x = torch.randn(8, 3, 32, 32)
    assert inside.branch_responses(opened.model, x) == layer_responses(opened.model, x)


def test_lessons_run_on_the_files_net_and_leave_its_weights_alone():
    opened, _ = _opened(lesson_config(20, True))
    before = {k: v.clone() for k, v in opened.model.state_dict().items()}
    d = lessons(opened.model, 16)
    assert d["data"] == "gratings" and d["images"] == 16 and d["labels_fit"]
    assert len(d["responses"]) == 9 and d["bn"]["batch"] == 16
    assert d["bn"]["shift_train"] > d["bn"]["shift_eval"]  # training mode depends on the batch
    after = opened.model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)


def test_lessons_say_why_when_the_input_or_the_stem_does_not_fit():
    two, _ = _opened(preset("resnet20").replace(in_channels=2))
    assert lessons(two.model, 8) == {"why": "ck_lesson_channels", "channels": 2}
    pre, _ = _opened(preset("preact_resnet110").replace(stages=(1, 1, 1)))
    d = lessons(pre.model, 8)
    assert d["bn_why"] == "ck_lesson_no_stem_bn" and len(d["responses"]) == 3
    imagenet, _ = _opened(preset("resnet18").replace(widths=(8, 16, 32, 64), num_classes=10))
    d = lessons(imagenet.model, 8)
    assert d["data"] == "synthetic" and "bn" in d  # 64x64 images: the last stage is 2x2
