"""The BatchNorm and layer-response lessons against torch computed by hand."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from resnet_explorer.lessons import lesion
from resnet_explorer.lessons.bn import bn_modes, layer_responses
from resnet_explorer.lessons.nets import held_out_images


@pytest.fixture(scope="module")
def shipped():
    return {residual: model for _, residual, model in lesion.lesion_nets(0)}


def test_batchnorm_modes_match_torch(shipped):
    model = shipped[True]
    x, y = held_out_images(0, 64)
    d = bn_modes(model, x, y)
    bn = model.bn1
    with torch.no_grad():
        z = model.conv1(x)
        train_out = F.batch_norm(z, None, None, bn.weight, bn.bias, training=True, eps=bn.eps)
        eval_out = F.batch_norm(z, bn.running_mean, bn.running_var, bn.weight, bn.bias, training=False,
                                eps=bn.eps)
    h, w = z.shape[2] // 2, z.shape[3] // 2
    assert d["out_train"] == pytest.approx(float(train_out[0, 0, h, w]), abs=1e-5)
    assert d["out_eval"] == pytest.approx(float(eval_out[0, 0, h, w]), abs=1e-5)
    assert d["running_mean"] == pytest.approx(bn.running_mean[:4].tolist())  # the caller's net untouched
    assert d["shift_eval"] == pytest.approx(0, abs=1e-5) and d["shift_train"] > 1e-3
    assert d["acc_eval"] > 0.9 and d["acc_train_single"] < 0.5  # one image alone cannot use batch stats


def test_layer_responses_are_the_std_of_each_blocks_last_bn(shipped):
    """Recomputed layer by layer through a plain net (conv-BN-ReLU-conv-BN, then ReLU, a block)."""
    model = shipped[False]
    x, _ = held_out_images(0, 64)
    got = dict(layer_responses(model, x))
    with torch.no_grad():
        h = model.relu(model.bn1(model.conv1(x)))
        for b in model.spec.blocks:
            m = model.get_submodule(b.name)
            last = m.bn2(m.conv2(m.relu1(m.bn1(m.conv1(h)))))
            assert got[b.name] == pytest.approx(float(last.std()), rel=1e-5)
            h = m.relu2(last)
