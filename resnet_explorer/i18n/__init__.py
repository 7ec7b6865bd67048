"""Every user-facing string, in English and 简体中文, looked up by key.

Strings live in one module per part of the app (core, diagrams, lab, lessons, sources, checkpoint,
checkpoint_tab, classroom, summaries, alt, pages); each defines EN and ZH with the same keys (a test
checks). Placeholders use str.format names: t("rows_shown", lang, n=3).
"""

from __future__ import annotations

from . import (
    alt,
    checkpoint,
    checkpoint_tab,
    classroom,
    core,
    diagrams,
    lab,
    lessons,
    pages,
    sources,
    summaries,
)

LANGUAGES = {"en": "English", "zh": "简体中文"}
_MODULES = (core, diagrams, lab, lessons, sources, checkpoint, checkpoint_tab, classroom, summaries, alt,
            pages)
STRINGS: dict[str, dict[str, str]] = {
    lang: {k: v for m in _MODULES for k, v in getattr(m, lang.upper()).items()} for lang in LANGUAGES
}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The string `key` in `lang` (English where a language lacks it), with values filled in."""
    text = STRINGS.get(lang, {}).get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text
