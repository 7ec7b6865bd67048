"""What this package says about a file, as message keys with values, so the CLI prints English and
the app shows the reader's language (the texts are in i18n/checkpoint.py).

A refused file raises CheckpointError; what was found, assumed or renamed is a Note. Values are kept
short and printable: a hostile file chooses its key names, and they are echoed back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from ..i18n import t

MAX_NAME = 80  # characters of a key name echoed back
MAX_LISTED = 4  # names listed in one message, then "(+N more)"


def short(value: object, limit: int = MAX_NAME) -> str:
    """One printable line: control characters become spaces, long text is cut."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return text if len(text) <= limit else text[:limit] + "…"


def listing(names: Iterable[object], limit: int = MAX_LISTED) -> str:
    """"a, b, c (+5 more)": a short list of names for a one-line message."""
    items = [short(n) for n in names]
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit} more)" if len(items) > limit else "")

DEFAULT_LIMIT_MB = 1024  # --max-size: files on one's own disk are memory-mapped, not read whole


class CheckpointError(ValueError):
    """A file that is refused; `str(err)` is its one-line English message."""

    def __init__(self, key: str, **values: object):
        self.key, self.values = key, values
        super().__init__(t(key, "en", **values))

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Note:
    """One finding about the file: `key` is its message, `field` the NetConfig field it decides."""

    key: str
    field: str = ""
    values: dict[str, object] = dataclasses.field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.values)
