"""Exports: the layer table as Markdown and LaTeX, and the CLI's `export` and `summary --json`
(the PyTorch code and torchinfo's summary: test_codegen.py)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from resnet_explorer import analyze, preset
from resnet_explorer.cli import main
from resnet_explorer.export import EXPORT_FORMATS, export_text, to_latex, to_markdown

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


def test_export_text_writes_each_format_from_one_analysis():
    a = analyze(preset("resnet20"))
    texts = {form: export_text(a, form, "resnet20") for form in EXPORT_FORMATS}
    assert texts["markdown"] == to_markdown(a) and texts["latex"] == to_latex(a)
    assert f"{a.totals.params:,} parameters" in texts["pytorch"]
    assert f"Total params: {a.totals.params:,}" in texts["torchinfo"]


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
