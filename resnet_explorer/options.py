"""Text options -> NetConfig: one parser for the CLI and the URL, so both accept the same values
and reject bad ones with the same message (a ConfigError naming the option). Every option and
its bounds come from `config.NET_OPTIONS`."""

from __future__ import annotations

from collections.abc import Mapping

from . import config
from .fields import MAX_TEXT, ConfigError, Option, by_key, parse_text
from .presets import preset

__all__ = ["MAX_TEXT", "config_from_options", "option", "parse_value"]


def option(key: str, text: str = "") -> Option:
    """The table row of an option key (URL key or CLI flag name), e.g. "classes"."""
    try:
        return by_key(config.NET_OPTIONS)[key]
    except KeyError:
        raise ConfigError(key, text, "rule_unknown_option") from None


def parse_value(key: str, text: str) -> object:
    """One option's value from text, e.g. parse_value("stages", "3,4,6,3") == (3, 4, 6, 3)."""
    return parse_text(option(key, text), text)


def config_from_options(options: Mapping[str, str], base: config.NetConfig | None = None) -> config.NetConfig:
    """A validated NetConfig from text options, e.g. {"preset": "resnet50", "input_size": "32x48"}.

    A `preset` option starts from that preset; other options override it. Changing `stages`
    or the stem without `widths` re-derives the widths (NetConfig.replace).
    """
    cfg = base if base is not None else config.NetConfig()
    changes: dict[str, object] = {}
    for key, text in options.items():
        if key == "preset":
            cfg = preset(text.strip()[:MAX_TEXT])
            continue
        changes[option(key, text).field] = parse_value(key, text)
    return cfg.replace(**changes)
