"""One table row per option: its URL/CLI key, the dataclass field it sets, its kind and bounds.

The config dataclasses (`NetConfig`, the lab's `TrainConfig`) check their fields against their
table, `options` parses text through it, the CLI makes its flags from it and the sidebar its widgets,
so a bound is written once. Adding an option is one row here plus its meaning in spec.py.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum

from .i18n import STRINGS, t


class ConfigError(ValueError):
    """A configuration value that is not allowed; the message names field, value and the rule.

    The rule is an i18n key ("rule_int") with its values (lo=1, hi=1024), so the app says it in the
    reader's language (`message(lang)`); str(err), for the command line, is the English. Values whose
    name ends in `_term` are i18n keys themselves (a word of the rule). A rule that is not a key is
    shown as it is, in every language."""

    def __init__(self, field: str, value: object, rule: str, **values: object):
        self.field, self.value = _show(field), _show(value)
        self.rule, self.values = rule, values
        self.allowed = self.allowed_in("en")
        super().__init__(self.message("en"))

    def allowed_in(self, lang: str) -> str:
        """The rule in `lang`."""
        if self.rule not in STRINGS["en"]:
            return self.rule
        values = {k: t(str(v), lang) if k.endswith("_term") else v for k, v in self.values.items()}
        return t(self.rule, lang, **values)

    def message(self, lang: str) -> str:
        """'groups=0 is not allowed: must be a whole number from 1 to 1024', in `lang`."""
        return t("config_error", lang, field=self.field, value=self.value, allowed=self.allowed_in(lang))


def _show(value: object) -> str:
    """A short, printable form of any value (a hostile one may be huge or not a string at all)."""
    if isinstance(value, tuple | list):
        text = ",".join(_show(v) for v in value)
    elif isinstance(value, Enum):
        text = str(value.value)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        text = f"{'-' if value < 0 else ''}a {len(str(abs(value)))}-digit number"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:40] + "..."


class Kind(StrEnum):
    ENUM = "enum"  # one of an Enum's values
    CHOICE = "choice"  # one of a few plain strings
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    INTS = "ints"  # a comma-separated list of whole numbers
    SIZE = "size"  # one side (224) or height x width (32x48)


@dataclass(frozen=True)
class Option:
    key: str  # URL query key and CLI flag (`--key-name`); also the i18n key of its label
    field: str  # the dataclass field it sets
    kind: Kind
    help: str = ""  # English, where the i18n tables have no `key_help` (see help_text)
    lo: float = 0  # bounds of a number (of each number of a list or a size), inclusive
    hi: float = 0
    choices: tuple[str, ...] = ()  # CHOICE values (ENUM options take them from `enum`)
    enum: type[Enum] | None = None
    count: tuple[int, int] = (1, 1)  # INTS: how many numbers
    suggested: tuple[float, ...] = ()  # values a slider offers; all within the bounds
    widget: str = ""  # a UI hint where the kind allows several widgets (checkbox, slider, ...)
    aliases: tuple[str, ...] = ()  # former keys, still accepted from a link or a flag

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(e.value for e in self.enum) if self.enum is not None else self.choices

    def rule_key(self) -> tuple[str, dict[str, object]]:
        """The rule every message about this option states: its i18n key and values."""
        bounds = {"lo": _num(self.lo), "hi": _num(self.hi)}
        match self.kind:
            case Kind.ENUM | Kind.CHOICE:
                return "rule_choice", {"choices": " | ".join(self.values)}
            case Kind.BOOL:
                return "rule_bool", {}
            case Kind.INT:
                return "rule_int", bounds
            case Kind.FLOAT:
                return "rule_float", bounds
            case Kind.INTS:
                return "rule_ints", {"count_lo": self.count[0], "count_hi": self.count[1], **bounds}
            case Kind.SIZE:
                return "rule_size", bounds
        raise AssertionError(self.kind)

    def rule(self) -> str:
        """The rule in English words."""
        key, values = self.rule_key()
        return t(key, "en", **values)

    def error(self, value: object) -> ConfigError:
        """The ConfigError for a value that breaks this option's rule."""
        key, values = self.rule_key()
        return ConfigError(self.key, value, key, **values)


def help_text(opt: Option, lang: str = "en") -> str:
    """What `--help` and the app's tooltip say: the i18n `<key>_help` (else `opt.help`) with the
    option's bounds filled in, then, for a choice, each value as the enum (or the choices) has it,
    with its i18n note `<key>_<value>`: a value added to the enum is explained wherever its option is.
    A choice without notes is its intro, or its values."""
    bounds = {"lo": _num(opt.lo), "hi": _num(opt.hi), "count_lo": opt.count[0], "count_hi": opt.count[1]}
    intro = t(f"{opt.key}_help", lang, **bounds) if f"{opt.key}_help" in STRINGS["en"] else opt.help
    noted = [v for v in opt.values if f"{opt.key}_{v}" in STRINGS["en"]]
    if not noted:
        return intro or " | ".join(opt.values)
    notes = [t("choice_note", lang, value=v, note=t(f"{opt.key}_{v}", lang)) if v in noted else f" {v}"
             for v in opt.values]
    return (intro + "".join(notes)).strip()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def by_key(table: Iterable[Option]) -> dict[str, Option]:
    """Each option under its key and under its former keys (aliases)."""
    return {k: o for o in table for k in (o.key, *o.aliases)}


def by_field(table: Iterable[Option]) -> dict[str, Option]:
    return {o.field: o for o in table}


# -- typed values (from Python: a notebook, JSON, the CLI's parsed text) ----------------------------

def _whole(value: object) -> int | None:
    """An exact whole number, or None: floats (also inf and nan), bools and strings are not."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)  # int, numpy integers
    except TypeError:
        return None


def _in(opt: Option, n: int | float) -> bool:
    return opt.lo <= n <= opt.hi


def coerce(opt: Option, value: object) -> object:
    """The field's value in its proper type, or ConfigError stating the option's rule."""
    bad = opt.error(value)
    match opt.kind:
        case Kind.ENUM:
            try:
                return opt.enum(value)
            except (ValueError, TypeError):
                raise bad from None
        case Kind.CHOICE:
            if value not in opt.choices:
                raise bad
            return value
        case Kind.BOOL:
            if not isinstance(value, bool):
                raise bad
            return value
        case Kind.INT:
            n = _whole(value)
            if n is None or not _in(opt, n):
                raise bad
            return n
        case Kind.FLOAT:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise bad
            if not (-1e308 < float(value) < 1e308) or not _in(opt, float(value)):  # nan fails too
                raise bad
            return float(value)
        case Kind.INTS | Kind.SIZE:
            if isinstance(value, str) or not isinstance(value, Sequence):
                raise bad
            items = tuple(_whole(v) for v in value)
            lo, hi = opt.count if opt.kind is Kind.INTS else (2, 2)
            if not lo <= len(items) <= hi or any(n is None or not _in(opt, n) for n in items):
                raise bad
            return items
    raise AssertionError(opt.kind)


def check_fields(obj: object, table: Iterable[Option]) -> None:
    """Coerce and check every field of a frozen dataclass that has a row in `table`."""
    for opt in table:
        object.__setattr__(obj, opt.field, coerce(opt, getattr(obj, opt.field)))


# -- text values (a URL, the command line) --------------------------------------------------------

TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MAX_TEXT = 2000  # a URL value longer than this is not a config
# At most 18 digits: every accepted number fits in an int64, and int() never sees a huge string.
_INT = re.compile(r"[+-]?[0-9]{1,18}")


def _int_text(opt: Option, text: str) -> int:
    if not _INT.fullmatch(text):
        raise opt.error(text)
    return int(text)


def parse_text(opt: Option, text: str) -> object:
    """One option's value from text; bounds and combinations are checked by the config itself."""
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ConfigError(opt.key, text[:20] + "...", "rule_too_long")
    match opt.kind:
        case Kind.ENUM | Kind.CHOICE:
            return text
        case Kind.BOOL:
            if text.lower() in TRUE:
                return True
            if text.lower() in FALSE:
                return False
            raise opt.error(text)
        case Kind.INT:
            return _int_text(opt, text)
        case Kind.FLOAT:
            try:
                return float(text) if len(text) <= 40 else float("nan")
            except ValueError:
                raise opt.error(text) from None
        case Kind.INTS:
            return tuple(_int_text(opt, part) for part in text.replace(" ", "").split(","))
        case Kind.SIZE:
            parts = text.lower().replace("×", "x").replace(" ", "").split("x")
            values = tuple(_int_text(opt, p) for p in parts)
            if len(values) not in (1, 2):
                raise opt.error(text)
            return values * 2 if len(values) == 1 else values
    raise AssertionError(opt.kind)


def to_text(opt: Option, value: object) -> str:
    """The text a widget or URL shows for a value (parse_text's inverse)."""
    if isinstance(value, Enum):
        return str(value.value)
    if opt.kind is Kind.SIZE:
        h, w = value  # type: ignore[misc]
        return str(h) if h == w else f"{h}x{w}"
    if opt.kind is Kind.INTS:
        return ",".join(str(v) for v in value)  # type: ignore[union-attr]
    return str(value).lower() if isinstance(value, bool) else str(value)
