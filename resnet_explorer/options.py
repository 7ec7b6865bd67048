"""Text options -> NetConfig: one parser for the CLI and the URL, so both accept the same values
and reject bad ones with the same message (a ConfigError naming the field)."""

from __future__ import annotations

from collections.abc import Mapping

from .config import BOOL_FIELDS, ENUM_FIELDS, INT_FIELDS, ConfigError, NetConfig
from .presets import preset

# option name (CLI flag without dashes, URL key) -> NetConfig field
ALIASES = {"classes": "num_classes", "bn": "batchnorm", "zero_init": "zero_init_residual"}
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MAX_TEXT = 2000  # a URL value longer than this is not a config


def parse_ints(field: str, text: str) -> tuple[int, ...]:
    """'3,4,6,3' -> (3, 4, 6, 3)."""
    try:
        values = tuple(int(part) for part in text.replace(" ", "").split(","))
    except ValueError:
        raise ConfigError(field, text, "give whole numbers separated by commas, e.g. 3,4,6,3") from None
    return values


def parse_size(text: str) -> tuple[int, int]:
    """'224' -> (224, 224); '32x48' -> (32, 48) (height x width)."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:
        raise ConfigError("input_size", text, "give one size (224) or height x width (32x48)") from None
    if len(values) == 1:
        return values[0], values[0]
    if len(values) != 2:
        raise ConfigError("input_size", text, "give one size (224) or height x width (32x48)")
    return values  # type: ignore[return-value]


def parse_value(field: str, text: str) -> object:
    """One field's value from text; the NetConfig itself checks ranges and combinations."""
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ConfigError(field, text[:20] + "...", "value too long")
    if field in ENUM_FIELDS:
        return text
    if field in BOOL_FIELDS:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise ConfigError(field, text, "must be true or false")
    if field in INT_FIELDS:
        try:
            return int(text)
        except ValueError:
            raise ConfigError(field, text, "must be a whole number") from None
    if field in ("stages", "widths"):
        return parse_ints(field, text)
    if field == "input_size":
        return parse_size(text)
    raise ConfigError(field, text, "unknown option")


def config_from_options(options: Mapping[str, str], base: NetConfig | None = None) -> NetConfig:
    """A validated NetConfig from text options, e.g. {"preset": "resnet50", "input_size": "32x48"}.

    A `preset` option starts from that preset; other options override it. Changing `stages`
    without `widths` (or the stem) recomputes the default widths.
    """
    cfg = base if base is not None else NetConfig()
    changes: dict[str, object] = {}
    for key, text in options.items():
        if key == "preset":
            cfg = preset(text.strip())
            continue
        field = ALIASES.get(key, key)
        changes[field] = parse_value(field, text)
    if ("stages" in changes or "stem" in changes) and "widths" not in changes:
        changes["widths"] = ()
    return cfg.replace(**changes)
