"""The built model: deleting blocks ("shortcut only", Veit et al. 2016) checked against hand
computations with torch.nn.functional, and module names checked against torchvision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from resnet_explorer import build_model, preset

from .oracle import TV_MODELS, torchvision_models


def _block_io(model, name: str, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The input and output of one block during a forward pass."""
    seen = {}
    block = model.get_submodule(name)
    h = block.register_forward_hook(lambda m, i, o: seen.update(x=i[0], y=o))
    with torch.no_grad():
        model(x)
    h.remove()
    return seen["x"], seen["y"]


def _bn_eval(x: torch.Tensor, bn) -> torch.Tensor:
    """BatchNorm with running statistics, written out."""
    shape = (1, -1, 1, 1)
    return ((x - bn.running_mean.view(shape)) / torch.sqrt(bn.running_var.view(shape) + bn.eps)
            * bn.weight.view(shape) + bn.bias.view(shape))


def _perturbed(model):
    """Non-trivial BN statistics, so a check cannot pass by accident of gamma=1, beta=0."""
    g = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            with torch.no_grad():
                m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.1)
    return model.eval()


def test_deleted_identity_block_passes_its_input_through_the_relu():
    model = _perturbed(build_model(preset("resnet20"), seed=0))
    x = torch.randn(2, 3, 32, 32)
    model.set_deleted({"layer1.1"})
    xin, y = _block_io(model, "layer1.1", x)
    torch.testing.assert_close(y, torch.relu(xin), rtol=0, atol=0)


def test_deleted_zero_pad_block_subsamples_and_pads():
    model = _perturbed(build_model(preset("resnet20"), seed=0))
    model.set_deleted(["layer2.0"])
    xin, y = _block_io(model, "layer2.0", torch.randn(2, 3, 32, 32))
    sub = xin[:, :, ::2, ::2]
    expected = torch.relu(torch.cat([sub, torch.zeros_like(sub)], dim=1))  # 16 -> 32 channels
    torch.testing.assert_close(y, expected, rtol=0, atol=0)


def test_deleted_projection_block_is_conv_bn_relu_of_the_input():
    model = _perturbed(build_model(preset("resnet18").replace(input_size=(64, 64)), seed=0))
    model.set_deleted(["layer3.0"])
    xin, y = _block_io(model, "layer3.0", torch.randn(1, 3, 64, 64))
    proj = model.get_submodule("layer3.0.downsample")
    expected = torch.relu(_bn_eval(F.conv2d(xin, proj[0].weight, stride=2), proj[1]))
    torch.testing.assert_close(y, expected, rtol=1e-5, atol=1e-5)


def test_deleted_preact_block_keeps_its_shared_pre_activation():
    cfg = preset("preact_resnet110").replace(stages=(2, 2, 2), shortcut="B")  # a projection to delete to
    model = _perturbed(build_model(cfg, seed=0))
    model.set_deleted(["layer2.0"])  # pre = BN-ReLU, shortcut = a bare 1x1 stride-2 conv
    xin, y = _block_io(model, "layer2.0", torch.randn(2, 3, 32, 32))
    b = model.get_submodule("layer2.0")
    pre = torch.relu(_bn_eval(xin, b.bn1))
    expected = F.conv2d(pre, b.downsample[0].weight, stride=2)
    torch.testing.assert_close(y, expected, rtol=1e-5, atol=1e-5)


def test_deleted_plain_block_outputs_its_input():
    model = _perturbed(build_model(preset("plain20"), seed=0))
    model.set_deleted(["layer3.2"])
    xin, y = _block_io(model, "layer3.2", torch.randn(2, 3, 32, 32))
    assert y is xin or torch.equal(y, xin)


def test_a_plain_block_that_changes_shape_cannot_be_deleted():
    model = build_model(preset("plain20"), seed=0)
    with pytest.raises(ValueError, match="layer2.0 has no shortcut and changes the shape"):
        model.set_deleted(["layer2.0"])
    with pytest.raises(ValueError, match="no block named layer9.0"):
        model.set_deleted(["layer9.0"])


def test_restoring_gives_the_same_outputs_and_state():
    model = _perturbed(build_model(preset("resnet20"), seed=0))
    x = torch.randn(2, 3, 32, 32)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    with torch.no_grad():
        before = model(x)
        model.set_deleted(["layer1.0", "layer2.0", "layer3.2"])
        lesioned = model(x)
        model.set_deleted(())
        after = model(x)
    assert not torch.allclose(before, lesioned)
    torch.testing.assert_close(after, before, rtol=0, atol=0)
    assert list(model.state_dict()) == list(state)
    assert all(torch.equal(model.state_dict()[k], v) for k, v in state.items())


def test_deleting_every_block_leaves_stem_and_head():
    """All blocks of resnet20 deleted: the net is stem -> shortcuts -> pool -> fc, by hand."""
    model = _perturbed(build_model(preset("resnet20"), seed=0))
    model.set_deleted([b.name for b in model.spec.blocks])
    x = torch.randn(2, 3, 32, 32)
    h = torch.relu(_bn_eval(F.conv2d(x, model.conv1.weight, padding=1), model.bn1))
    for _ in range(2):  # two zero-pad shortcuts; ReLU of a non-negative tensor changes nothing
        h = h[:, :, ::2, ::2]
        h = torch.cat([h, torch.zeros_like(h)], dim=1)
    expected = F.linear(h.mean(dim=(2, 3)), model.fc.weight, model.fc.bias)
    with torch.no_grad():
        torch.testing.assert_close(model(x), expected, rtol=1e-5, atol=1e-5)


# --- module names: strictly torchvision's -------------------------------------------------------

KEYS_FILE = Path(__file__).with_name("torchvision_keys.json")


def test_state_dict_has_no_duplicate_modules():
    model = build_model(preset("resnet50"))
    params = list(model.named_parameters(remove_duplicate=False))
    assert len(params) == len(dict(model.named_parameters()))
    assert not any("shortcut_path" in k for k in model.state_dict())


@pytest.mark.parametrize("name", TV_MODELS)
def test_loads_torchvision_state_dict_strictly_and_computes_the_same(name):
    models = torchvision_models()
    if models is None:
        pytest.skip("torchvision does not import here (pip install --no-deps torchvision==0.28.0); "
                    "test_state_dict_keys_match_the_recorded_torchvision_keys still checks the names")
    torch.manual_seed(0)
    theirs = getattr(models, name)().eval()
    ours = build_model(preset(name)).eval()
    ours.load_state_dict(theirs.state_dict(), strict=True)
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(ours(x), theirs(x), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", TV_MODELS)
def test_state_dict_keys_match_the_recorded_torchvision_keys(name):
    recorded = json.loads(KEYS_FILE.read_text())["models"][name]
    ours = {k: list(v.shape) for k, v in build_model(preset(name), seed=0).state_dict().items()}
    assert ours == recorded
