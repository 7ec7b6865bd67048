"""English and 简体中文 stay in step: same keys, same placeholders, every key used exists."""

import re
import string
from pathlib import Path

import pytest

from resnet_explorer.i18n import _MODULES, STRINGS, t

PACKAGE = Path(__file__).resolve().parent.parent / "resnet_explorer"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("module", _MODULES, ids=lambda m: m.__name__)
def test_same_keys_and_placeholders(module):
    assert module.EN.keys() == module.ZH.keys()
    for key, text in module.EN.items():
        assert fields(text) == fields(module.ZH[key]), key


def test_keys_are_not_shared_between_modules():
    seen: dict[str, str] = {}
    for module in _MODULES:
        for key in module.EN:
            assert key not in seen, f"{key} in {seen.get(key)} and {module.__name__}"
            seen[key] = module.__name__


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r'\bt\(\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    missing = used - STRINGS["en"].keys()
    assert not missing


def test_lookup_fills_values_and_falls_back_to_english():
    assert t("rows_shown", "en", n=3).startswith("3 rows")
    assert t("app_title", "zh") == "ResNet 探索器"
    assert t("app_title", "xx") == "ResNet Explorer"


# --- the Chinese text of tables and diagrams -------------------------------------------------------

def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z-]*", text))


# Names and standard abbreviations that stay as they are in Chinese text.
KEPT = {"A", "B", "C", "F", "x", "ReLU", "BN", "MACs", "FLOPs", "layer", "conv"}  # F(x), option A


@pytest.mark.parametrize("name", ["resnet18", "resnet50", "resnext50_32x4d", "resnet20", "preact_resnet164"])
def test_table1_in_chinese_has_no_english_words(name):
    from resnet_explorer import analyze, preset
    from resnet_explorer.formatting import block_text

    for stage in analyze(preset(name)).stages:
        assert _words(block_text(stage, "zh")) <= {"C"}, block_text(stage, "zh")
    english = [block_text(s) for s in analyze(preset(name)).stages]
    assert english[-1] == "global average pool, fc"  # the JSON and the CLI keep the paper's words


def _labels(dot: str) -> str:
    return " ".join(re.findall(r'label="([^"]*)"', dot))


@pytest.mark.parametrize("name", ["resnet50", "resnet20", "preact_resnet164"])
def test_diagrams_in_chinese_have_no_english_words(name):
    from resnet_explorer import analyze, preset
    from resnet_explorer.diagrams import block_diagram, net_diagram

    a = analyze(preset(name))
    names = {w for r in a.rows for w in _words(r.name)} | {w for s in a.stages for w in _words(s.name)}
    for dot in (net_diagram(a, lang="zh").source, block_diagram(a, "layer2.0", lang="zh").source):
        assert _words(_labels(dot)) - names <= KEPT


def test_chinese_uses_one_standard_term_for_each_idea():
    zh = " ".join(STRINGS["zh"].values())
    for wrong in ("步长", "运行均值", "运行统计", "批准确率", "主干 (conv1)", "主干起始层"):
        assert wrong not in zh, wrong
    assert not re.search(r"少 ?\{ratio\} ?倍", zh)  # "只需其 1/16.9", not "少 16.9 倍"
    from resnet_explorer.i18n.sources import GLOSSARY

    glossary = dict(GLOSSARY)
    assert glossary["stride"] == "步幅" and "滑动平均值" in glossary["running mean / variance"]
    assert glossary["FLOPs (floating-point operations)"].startswith("浮点运算次数")
    assert all(re.search(r"[\u4e00-\u9fff]", zh_term) for _, zh_term in GLOSSARY)


def test_source_captions_in_chinese():
    from resnet_explorer import PRESETS
    from resnet_explorer.i18n.sources import source_text

    assert source_text("He et al. 2015, Table 6", "zh") == "He 等 2015，表 6"
    assert source_text("He et al. 2015, Table 6", "en") == "He et al. 2015, Table 6"
    for p in PRESETS.values():
        zh = source_text(p.source, "zh")
        assert not {"Table", "Fig", "section", "teaching", "article", "et", "al"} & _words(zh), zh
