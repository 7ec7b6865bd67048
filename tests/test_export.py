"""Exports: the layer table as Markdown and LaTeX, the net as standalone PyTorch code (run in a
fresh interpreter), torchinfo's own summary, and the CLI's `export` and `summary --json`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest
import torch

from resnet_explorer import NetConfig, analyze, build_model, preset
from resnet_explorer.cli import main
from resnet_explorer.codegen import pytorch_source, torchinfo_text
from resnet_explorer.export import to_latex, to_markdown

RESNET18_PARAMS = 11_689_512  # torchvision's model card


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def test_markdown_is_a_table_with_one_row_per_layer():
    a = analyze(preset("resnet18"))
    lines = to_markdown(a).splitlines()
    header, rule, body = _cells(lines[0]), _cells(lines[1]), lines[2:]
    assert header[:5] == ["layer", "kind", "output", "params", "MACs"]
    assert len(rule) == len(header) and all(re.fullmatch(r":?-{3,}:?", c) for c in rule)
    rows = [_cells(line) for line in body]
    assert all(len(r) == len(header) for r in rows)
    layers = rows[:-1]
    assert [r[0] for r in layers] == [r.name for r in a.rows]
    assert sum(int(r[3].replace(",", "")) for r in layers) == RESNET18_PARAMS
    assert rows[-1][3] == "11,689,512"


def test_latex_is_a_booktabs_table_with_one_row_per_layer():
    a = analyze(preset("preact_resnet164"))  # names with underscores: final_bn, final_relu
    text = to_latex(a)
    for command in (r"\begin{longtable}", r"\toprule", r"\endhead", r"\bottomrule", r"\end{longtable}"):
        assert text.count(command) == 1, command
    assert text.index(r"\toprule") < text.index(r"\endhead") < text.index(r"\bottomrule")
    body = text.split(r"\endhead")[1].split(r"\midrule")[0].strip().splitlines()
    assert len(body) == len(a.rows)
    for line in body:
        assert line.endswith(r"\\")
        assert len(re.split(r"(?<!\\)&", line)) == 7
        assert not re.search(r"(?<!\\)[_%#]", line), line


def shutil_which_tex():
    import shutil

    return shutil.which("pdflatex")


@pytest.mark.skipif(shutil_which_tex() is None, reason="no pdflatex here: the structural test runs")
def test_latex_compiles(tmp_path):
    doc = ("\\documentclass{article}\\usepackage{booktabs,longtable}\\begin{document}\n"
           + to_latex(analyze(preset("resnet20"))) + "\\end{document}\n")
    (tmp_path / "t.tex").write_text(doc, encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "t.tex"], cwd=tmp_path,
                         capture_output=True, timeout=120)
    assert run.returncode == 0


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
    (tmp_path / "resnet20.py").write_text(pytorch_source(preset("resnet20"), "resnet20"), encoding="utf-8")
    script = subprocess.run([sys.executable, "-I", "resnet20.py"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert script.stdout.strip() == "269722"  # He et al. 2015, Table 6: 0.27M


@pytest.mark.slow  # a fresh interpreter builds five nets and runs each
def test_pytorch_export_runs_alone_and_builds_the_tables_model(tmp_path):
    names = (*PRESETS, *ARTICLE)
    for name in names:
        cfg = _config(name)
        (tmp_path / f"{name}.py").write_text(pytorch_source(cfg, name), encoding="utf-8")
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
    text = torchinfo_text(preset("resnet18"))
    assert f"Total params: {RESNET18_PARAMS:,}" in text
    assert "(layer4)" in text and "Mult-Adds" in text


def test_cli_export_prints_each_format(capsys):
    assert main(["export", "--preset", "resnet18", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.count("\n") == len(analyze(preset("resnet18")).rows) + 3
    assert main(["export", "--preset", "resnet20", "--format", "pytorch"]) == 0
    assert "def build_model()" in capsys.readouterr().out
    assert main(["export", "--preset", "resnet18", "--format", "xml"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["export", "--preset", "resnet18", "--stages", "0", "--format", "latex"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_summary_json_has_tool_totals(capsys):
    """resnet50 at 224: the totals the tools printed on torchvision's resnet50."""
    assert main(["summary", "--preset", "resnet50", "--json"]) == 0
    tools = json.loads(capsys.readouterr().out)["tool_totals"]
    assert tools["fvcore"] == 4_111_512_576
    assert tools["ptflops"] == 4_132_436_968
    assert tools["ptflops_aten"] == 4_089_185_256
    assert tools["thop"] == 4_133_742_592
    assert tools["calflops_flops"] == 8_211_108_352
    assert tools["torchinfo"] == 4_089_238_376
