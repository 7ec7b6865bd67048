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
