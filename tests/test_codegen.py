"""The net as standalone PyTorch code, run in a fresh interpreter that imports only torch and loads
our model's weights strictly, and torchinfo's own summary of the built model."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import torch

from resnet_explorer import NetConfig, analyze, build_model, preset
from resnet_explorer.codegen import pytorch_source, torchinfo_text

RESNET18_PARAMS = 11_689_512  # torchvision's model card

# Option A, pre-activation with a bare projection, bottleneck, ResNeXt, a plain net.
PRESETS = ("resnet20", "preact_resnet110", "resnet50", "resnext50_32x4d", "plain20")
# The teaching article's ResNet20 (conv biases, conv-BN-ReLU stage openings), where it exists.
ARTICLE = {"resnet20_article": dict(conv_bias=True, transition="conv")} \
    if {"conv_bias", "transition"} <= NetConfig.__dataclass_fields__.keys() else {}


def _config(name: str) -> NetConfig:
    return preset("resnet20").replace(**ARTICLE[name]) if name in ARTICLE else preset(name)


_CHECK = textwrap.dedent("""
    import importlib.util, json, sys, torch
    torch.set_num_threads(1)  # as the test process computed y (tests/conftest.py): the same sums' order
    out = {}
    for name in sys.argv[1:]:
        spec = importlib.util.spec_from_file_location(name, f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        model = mod.build_model()
        saved = torch.load(f"{name}.pt")
        model.load_state_dict(saved["state"], strict=True)
        model.eval()
        with torch.no_grad():
            same = torch.allclose(model(saved["x"]), saved["y"], atol=1e-5)
        out[name] = [sum(p.numel() for p in model.parameters()), same]
    print(json.dumps(out))
""")


def test_pytorch_export_runs_as_a_script(tmp_path):
    source = pytorch_source(analyze(preset("resnet20")), "resnet20")
    (tmp_path / "resnet20.py").write_text(source, encoding="utf-8")
    script = subprocess.run([sys.executable, "-I", "resnet20.py"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert script.stdout.strip() == "269722"  # He et al. 2015, Table 6: 0.27M


@pytest.mark.slow  # a fresh interpreter builds five nets and runs each
def test_pytorch_export_runs_alone_and_builds_the_tables_model(tmp_path):
    names = (*PRESETS, *ARTICLE)
    for name in names:
        cfg = _config(name)
        (tmp_path / f"{name}.py").write_text(pytorch_source(analyze(cfg), name), encoding="utf-8")
        ours = build_model(cfg, seed=0).eval()
        x = torch.randn(2, cfg.in_channels, *(min(s, 64) for s in cfg.input_size))  # small: quick
        with torch.no_grad():
            torch.save({"state": ours.state_dict(), "x": x, "y": ours(x)}, tmp_path / f"{name}.pt")
    (tmp_path / "check.py").write_text(_CHECK, encoding="utf-8")
    # A fresh interpreter that imports only torch and the generated files.
    run = subprocess.run([sys.executable, "-I", "check.py", *names], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout)
    for name in names:
        params, same = result[name]
        assert params == analyze(_config(name)).totals.params, name
        assert same, name
    assert "resnet_explorer" not in (tmp_path / "resnet50.py").read_text().split('"""', 2)[2]


def test_torchinfo_text_is_torchinfos_own_summary():
    text = torchinfo_text(analyze(preset("resnet18")))
    assert f"Total params: {RESNET18_PARAMS:,}" in text
    assert "(layer4)" in text and "Mult-Adds" in text
