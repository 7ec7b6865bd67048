"""Inference of the net in a weights file, against outside oracles: torchvision's own model code
(randomly initialised, saved as .pt and .safetensors) must come back as the same net, with the same
parameter count to the unit, a strict load, the same outputs, and MACs = FlopCounterMode / 2 of
torchvision's model; this project's CIFAR and pre-activation presets must come back as themselves."""

from __future__ import annotations

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from safetensors.torch import save_file
from torch.utils.flop_counter import FlopCounterMode

from resnet_explorer import PRESETS, Shortcut, analyze, build_model, preset
from resnet_explorer.checkpoint import CheckpointError, infer, inspect_path, summary, url_options
from resnet_explorer.lessons.nets import lesson_config
from resnet_explorer.options import config_from_options

from .oracle import TV_MODELS, configs, torchvision_models


def _macs(model: torch.nn.Module, size: int = 224) -> int:
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(torch.zeros(1, 3, size, size, device="meta"))
    return counter.get_total_flops() // 2


def _save_both(sd: dict, folder, name: str) -> list:
    pt, st = folder / f"{name}.pt", folder / f"{name}.safetensors"
    torch.save(sd, pt)
    save_file(sd, st)
    return [pt, st]


@pytest.mark.parametrize("name", TV_MODELS)
def test_torchvision_nets_are_inferred_exactly(name, tmp_path):
    models = torchvision_models()
    if models is None:
        pytest.skip("torchvision does not import here (pip install --no-deps torchvision==0.28.0)")
    torch.manual_seed(0)
    theirs = getattr(models, name)().eval()
    params = sum(p.numel() for p in theirs.parameters())
    with torch.device("meta"):
        macs = _macs(getattr(models, name)().eval())
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        expected = theirs(x)
    for path in _save_both(theirs.state_dict(), tmp_path, name):
        opened = inspect_path(path)
        s = summary(opened)
        assert s["params"] == params  # to the unit
        assert s["macs"] == macs
        assert s["matches_preset"] == name and opened.config == preset(name)
        assert s["strict_load"] and s["file"]["tensors"] == len(theirs.state_dict())
        with torch.no_grad():
            torch.testing.assert_close(opened.model(x), expected, rtol=1e-4, atol=1e-5)
        path.unlink()


@pytest.mark.parametrize("name", ["resnet56", "preact_resnet110", "preact_resnet164"])
def test_cifar_and_preact_presets_are_inferred_exactly(name, tmp_path):
    cfg = preset(name)
    model = build_model(cfg, seed=0).eval()
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        expected = model(x)
    for path in _save_both(model.state_dict(), tmp_path, name):
        opened = inspect_path(path)
        assert opened.config == cfg
        assert summary(opened)["params"] == analyze(cfg).totals.params == sum(
            p.numel() for p in model.parameters())
        with torch.no_grad():
            torch.testing.assert_close(opened.model(x), expected, rtol=0, atol=0)


def _shapes(cfg) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        return {k: tuple(v.shape) for k, v in build_model(cfg).state_dict().items()}


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_comes_back_from_its_shapes(name):
    cfg = preset(name)
    choices = {"shortcut": "none"} if cfg.shortcut is Shortcut.NONE else {}
    assert infer(_shapes(cfg), choices).config == cfg


def test_the_lessons_nets_come_back_from_their_shapes():
    for depth in (20, 56):
        for residual in (True, False):
            cfg = lesson_config(depth, residual)
            got = infer(_shapes(cfg), {} if residual else {"shortcut": "none"}).config
            assert got == cfg


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_random_nets_come_back_as_the_same_state_dict(cfg):
    """Any net of the option table: the inferred config builds the same keys and shapes, and so the
    same params and MACs (it may write them otherwise: widths times k, B where every block changes)."""
    choices = {"stride_at": cfg.stride_at.value, "input_size": f"{cfg.input_size[0]}x{cfg.input_size[1]}"}
    if cfg.shortcut in (Shortcut.A, Shortcut.NONE):
        choices["shortcut"] = cfg.shortcut.value
    got = infer(_shapes(cfg), choices).config
    assert _shapes(got) == _shapes(cfg)
    a, b = analyze(got).totals, analyze(cfg).totals
    assert (a.params, a.macs) == (b.params, b.macs)


def test_what_the_weights_cannot_tell_is_assumed_and_can_be_changed(tmp_path):
    save_file(build_model(preset("resnet50"), seed=0).state_dict(), tmp_path / "r50.safetensors")
    opened = inspect_path(tmp_path / "r50.safetensors")
    assert {n.field for n in opened.inference.assumed} == {"stride_at", "input_size", "zero_init_residual"}
    other = inspect_path(tmp_path / "r50.safetensors", choices={"stride_at": "v1", "input_size": "64x96"})
    assert other.config == preset("resnet50").replace(stride_at="v1", input_size=(64, 96))
    with torch.device("meta"):
        model = build_model(other.config).eval()
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(torch.zeros(1, 3, 64, 96, device="meta"))
    assert summary(other)["macs"] == counter.get_total_flops() // 2
    plain = build_model(preset("plain20"), seed=0).state_dict()
    save_file(plain, tmp_path / "p20.safetensors")
    assert inspect_path(tmp_path / "p20.safetensors").config.shortcut is Shortcut.A  # more likely
    chosen = inspect_path(tmp_path / "p20.safetensors", choices={"shortcut": "none"})
    assert chosen.config == preset("plain20")


def test_other_names_are_mapped_onto_torchvisions(tmp_path):
    """kuangliu/pytorch-cifar's ResNet18 names (shortcut.N, linear) under DataParallel's module."""
    cfg = preset("resnet18").replace(stem="cifar", widths=(64, 128, 256, 512), num_classes=10,
                                     input_size=(32, 32))
    sd = build_model(cfg, seed=0).state_dict()
    renamed = {"module." + k.replace("downsample", "shortcut").replace("fc.", "linear."): v
               for k, v in sd.items()}
    save_file(renamed, tmp_path / "kuangliu.safetensors")
    opened = inspect_path(tmp_path / "kuangliu.safetensors")
    assert opened.config == cfg
    assert [n.key for n in opened.renamed] == ["ck_note_prefix", "ck_note_rename", "ck_note_rename"]


def test_a_mismatch_names_the_keys_that_do_not_fit(tmp_path):
    sd = build_model(preset("resnet20"), seed=0).state_dict()
    sd["layer1.0.extra.weight"] = torch.zeros(3)
    del sd["layer3.2.bn2.bias"]
    save_file(sd, tmp_path / "odd.safetensors")
    with pytest.raises(CheckpointError) as refused:
        inspect_path(tmp_path / "odd.safetensors")
    text = str(refused.value)
    assert "missing in the file: layer3.2.bn2.bias" in text
    assert "not in the net: layer1.0.extra.weight" in text


@pytest.mark.parametrize("name", ["resnet18", "resnext50_32x4d", "wrn_16_8", "plain20", "article_resnet20",
                                  "preact_resnet164"])
def test_url_options_give_the_net_back(name):
    cfg = preset(name).replace(input_size=(40, 24), num_classes=7)
    assert config_from_options(url_options(cfg)) == cfg
    assert url_options(preset(name)) == {"preset": name}
