"""The vocabulary of a class: its state as every page reads it, the tally the projector draws, the
limits, who a request comes from (for the rate limits), why a request is refused, and the names of
its records in the store.

Everything a class keeps lives in the run layer's store (runs/store.py), under `cl:`:

    cl:<code>             the class: lesson, round, revealed, the right choice, the lesson's facts,
                          the SHA-256 of the teacher's token (never the token)
    cl:<code>:m           map: student id -> when their page last polled (who is present)
    cl:<code>:v:<round>   map: student id -> their choice, for the current question only
    cl:<code>:x:<round>   the reveal's guard: once it exists no vote of that round is stored
    cl:index              map: code -> when the class expires unless used (the server's bound)
    cl:rate:<kind>:<who>  counters with a one-minute (or one-hour) window: the rate limits
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import polls

INDEX = "cl:index"


def class_key(code: str) -> str:
    return f"cl:{code}"


def members_key(code: str) -> str:
    return f"cl:{code}:m"


def votes_key(code: str, round_: int) -> str:
    return f"cl:{code}:v:{round_}"


def closed_key(code: str, round_: int) -> str:
    return f"cl:{code}:x:{round_}"


def rate_key(kind: str, who: str) -> str:
    return f"cl:rate:{kind}:{who}"


@dataclass(frozen=True)
class Limits:
    idle_s: float = 4 * 3600  # a class and its votes expire this long after anyone last acted
    max_classes: int = 200  # classes alive on the server, in all
    max_students: int = 300  # pages joined to one class
    present_s: float = 30.0  # a student whose page polled this recently is counted in "of M"
    stale_s: float = 600.0  # a full class forgets pages silent this long, to make room
    window_s: float = 60.0  # the window of the per-minute limits
    join_tries: int = 10  # joins a page may try a minute, any code
    bad_joins: int = 20  # unknown codes a client (its address, else its page) may try a minute
    votes: int = 20  # votes (and changes) a student may send a minute
    starts_page: int = 5  # classes one page may start an hour
    starts_address: int = 30  # and one address (a department behind one router)


class Reason(enum.Enum):
    """Why a request was refused; each has its sentence in i18n (`cl_no_<value>`)."""

    BAD_CODE = "bad_code"  # not of the form of a code
    NO_CLASS = "no_class"  # no class has this code (never, ended or expired)
    TOO_MANY_TRIES = "too_many_tries"
    CLASS_FULL = "class_full"
    SERVER_FULL = "server_full"
    TOO_MANY_STARTS = "too_many_starts"
    NOT_TEACHER = "not_teacher"  # a teacher's action without the teacher's token
    NOT_JOINED = "not_joined"
    CLOSED = "closed"  # voting after the reveal
    MOVED_ON = "moved_on"  # a vote for a question the class has left
    BAD_CHOICE = "bad_choice"
    BAD_LESSON = "bad_lesson"
    TOO_FAST = "too_fast"


class Refused(Exception):
    def __init__(self, reason: Reason):
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Client:
    """Who sends a request: the page (a random id the server keeps in that page's session) and,
    where known, the network address the connection comes from."""

    page: str
    address: str | None = None


@dataclass(frozen=True)
class ClassState:
    code: str
    lesson: str
    round: int
    revealed: bool = False
    right: int | None = None  # set at the reveal, from the facts (None: nothing measured)
    facts: Mapping[str, float] = field(default_factory=dict)

    @property
    def poll(self) -> polls.Poll:
        return polls.POLLS[self.lesson]

    @classmethod
    def from_record(cls, code: str, rec: Mapping[str, object] | None) -> ClassState | None:
        """The state in a stored record; None for a missing or malformed one."""
        if not rec or rec.get("lesson") not in polls.POLLS:
            return None
        lesson, round_, right = rec["lesson"], rec.get("round"), rec.get("right")
        if not isinstance(round_, int) or isinstance(round_, bool) or round_ < 1:
            return None
        n = polls.POLLS[lesson].choices
        if not (isinstance(right, int) and not isinstance(right, bool) and 0 <= right < n):
            right = None
        facts = polls.clean(lesson, rec.get("facts"))
        return cls(code, lesson, round_, rec.get("revealed") is True, right, facts)


@dataclass(frozen=True)
class Tally:
    counts: tuple[int, ...]  # votes per choice
    voted: int  # N: students who voted on this question
    present: int  # M: students whose page is open now, and those who voted
