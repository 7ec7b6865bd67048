"""A class, on the run layer's store: started by a teacher, joined by students, one vote per
student and question, the teacher's reveal and lesson changes; rate limits and expiry.

Every request checks itself against the store, so pages on different replicas are one class. Who
may do what:
- the teacher's actions (move, publish, reveal, again, end) need the token `start` returned; the
  store holds only its hash (codes.py);
- a vote comes from a student id `join` returned, kept by the server in that student's page: a vote
  is identified by (class, question round, that id), never by anything the browser sends;
- the reveal writes a guard record first; the vote's write is refused, atomically, once it exists.

Memory: at most `max_classes` classes; in each at most `max_students` student ids, one vote per id
and only the current question's votes; every record expires `idle_s` after its class was last used
(a teacher's action, a join or a vote) and the rate counters after their window.
"""

from __future__ import annotations

import time

from ..runs.store import Store
from . import codes, polls
from .state import INDEX, ClassState, Client, Limits, Reason, Refused, Tally
from .state import class_key as _class
from .state import closed_key as _closed
from .state import members_key as _members
from .state import rate_key as _rate
from .state import votes_key as _votes


class Classroom:
    def __init__(self, store: Store, limits: Limits | None = None):
        self.store, self.limits = store, limits or Limits()

    # -- reading --------------------------------------------------------------------------------
    def state(self, code: str | None) -> ClassState | None:
        return ClassState.from_record(code, self.store.get(_class(code))) if code else None

    def tally(self, state: ClassState) -> Tally:
        votes = self.store.hgetall(_votes(state.code, state.round))
        seen = self.store.hgetall(_members(state.code))
        now, n = time.time(), state.poll.choices
        counts = [0] * n
        voters = set()
        for member, choice in votes.items():
            if choice.isdigit() and int(choice) < n:
                counts[int(choice)] += 1
                voters.add(member)
        present = {m for m, at in seen.items() if _age(at, now) <= self.limits.present_s}
        return Tally(tuple(counts), len(voters), len(present | voters))

    def my_vote(self, state: ClassState, member: str) -> int | None:
        choice = self.store.hget(_votes(state.code, state.round), member)
        return int(choice) if choice is not None and choice.isdigit() else None

    # -- a teacher -------------------------------------------------------------------------------
    def start(self, lesson: str, client: Client) -> tuple[str, str]:
        """A new class on `lesson`: its code (for the join link) and the teacher's token."""
        if lesson not in polls.POLLS:
            raise Refused(Reason.BAD_LESSON)
        self._limit("start", client.page, self.limits.starts_page, 3600, Reason.TOO_MANY_STARTS)
        if client.address:
            self._limit("start_addr", codes.hashed(client.address), self.limits.starts_address, 3600,
                        Reason.TOO_MANY_STARTS)
        if self._alive() >= self.limits.max_classes:
            raise Refused(Reason.SERVER_FULL)
        code = codes.new_code()
        while self.store.get(_class(code)) is not None:  # 200 of 1.1e12: practically never
            code = codes.new_code()
        token = codes.new_token()
        self._write(ClassState(code, lesson, 1), token_digest=codes.token_hash(token))
        self.store.hset(INDEX, code, str(time.time() + self.limits.idle_s), self.limits.idle_s)
        return code, token

    def move(self, code: str, token: str, lesson: str) -> ClassState:
        """Every student's page to `lesson`: a new question (the old one's votes are dropped)."""
        state = self._teacher(code, token)
        if lesson not in polls.POLLS:
            raise Refused(Reason.BAD_LESSON)
        return state if lesson == state.lesson else self._next(state, lesson, token)

    def again(self, code: str, token: str) -> ClassState:
        """The same lesson's question asked afresh (after the class has discussed it)."""
        state = self._teacher(code, token)
        return self._next(state, state.lesson, token)

    def publish(self, code: str, token: str, facts: object) -> ClassState:
        """The lesson's measured numbers as the teacher's page has them (kept until the reveal)."""
        state = self._teacher(code, token)
        facts = polls.clean(state.lesson, facts)
        if state.revealed or facts == dict(state.facts):
            return state
        new = ClassState(code, state.lesson, state.round, facts=facts)
        self._write(new, token_digest=codes.token_hash(token))
        return new

    def reveal(self, code: str, token: str, facts: object = None) -> ClassState:
        """Close the vote and give every page the answer: the right choice from the facts."""
        state = self._teacher(code, token)
        if state.revealed:
            return state
        facts = polls.clean(state.lesson, facts) if facts is not None else dict(state.facts)
        # the guard first: a vote still on its way is refused from this instant on
        self.store.put(_closed(code, state.round), {"at": time.time()}, self.limits.idle_s)
        new = ClassState(code, state.lesson, state.round, True, state.poll.right(facts), facts)
        self._write(new, token_digest=codes.token_hash(token))
        return new

    def end(self, code: str, token: str) -> None:
        state = self._teacher(code, token)
        self.store.delete(_class(code), _members(code), _votes(code, state.round),
                          _closed(code, state.round))
        self.store.hdel(INDEX, code)

    # -- a student -------------------------------------------------------------------------------
    def join(self, text: object, client: Client) -> tuple[ClassState, str]:
        """Join the class whose code is in `text`: its state and this page's new student id."""
        bad = _rate("bad", codes.hashed(client.address) if client.address else client.page)
        if self.store.count(bad) >= self.limits.bad_joins:
            raise Refused(Reason.TOO_MANY_TRIES)
        self._limit("join", client.page, self.limits.join_tries, self.limits.window_s, Reason.TOO_MANY_TRIES)
        code = codes.parse(text)
        state = self.state(code)
        if state is None:
            self.store.incr(bad, self.limits.window_s)
            raise Refused(Reason.BAD_CODE if code is None else Reason.NO_CLASS)
        members = _members(code)
        if self.store.hlen(members) >= self.limits.max_students:
            self._forget_silent(members)
            if self.store.hlen(members) >= self.limits.max_students:
                raise Refused(Reason.CLASS_FULL)
        member = codes.new_id()
        self.store.hset(members, member, f"{time.time():.3f}", self.limits.idle_s)
        self.store.touch(self.limits.idle_s, _class(code), _votes(code, state.round))
        return state, member

    def seen(self, code: str, member: str) -> None:
        """A student's page is open (it polled); counted among the present for `present_s`."""
        if self.store.hget(_members(code), member) is not None:
            self.store.hset(_members(code), member, f"{time.time():.3f}", self.limits.idle_s)

    def vote(self, code: str, member: str, round_: int, choice: object) -> ClassState:
        """This student's prediction for question `round_` (a new vote replaces their last)."""
        state = self.state(code)
        if state is None:
            raise Refused(Reason.NO_CLASS)
        if state.round != round_:
            raise Refused(Reason.MOVED_ON)
        if state.revealed:
            raise Refused(Reason.CLOSED)
        if not isinstance(choice, int) or isinstance(choice, bool) or not 0 <= choice < state.poll.choices:
            raise Refused(Reason.BAD_CHOICE)
        if self.store.hget(_members(code), member) is None:
            raise Refused(Reason.NOT_JOINED)
        self._limit("vote", f"{code}:{member}", self.limits.votes, self.limits.window_s, Reason.TOO_FAST)
        stored = self.store.hset_unless(_votes(code, round_), member, str(choice), self.limits.idle_s,
                                        guard=_closed(code, round_))
        if stored is None:
            raise Refused(Reason.CLOSED)
        self.store.touch(self.limits.idle_s, _class(code), _members(code))
        return state

    # -- the rules' one place each -----------------------------------------------------------------
    def _limit(self, kind: str, who: str, most: int, window_s: float, reason: Reason) -> None:
        if self.store.incr(_rate(kind, who), window_s) > most:
            raise Refused(reason)

    def _teacher(self, code: str, token: str) -> ClassState:
        rec = self.store.get(_class(code)) if codes.parse(code) == code else None
        state = ClassState.from_record(code, rec)
        if state is None:
            raise Refused(Reason.NO_CLASS)
        if not codes.token_matches(token, rec.get("teacher")):
            raise Refused(Reason.NOT_TEACHER)
        return state

    def _next(self, state: ClassState, lesson: str, token: str) -> ClassState:
        code = state.code
        self.store.delete(_votes(code, state.round), _closed(code, state.round))
        new = ClassState(code, lesson, state.round + 1)
        self._write(new, token_digest=codes.token_hash(token))
        return new

    def _write(self, state: ClassState, token_digest: str) -> None:
        rec = {"lesson": state.lesson, "round": state.round, "revealed": state.revealed, "right": state.right,
               "facts": dict(state.facts), "teacher": token_digest}
        self.store.put(_class(state.code), rec, self.limits.idle_s)
        self.store.touch(self.limits.idle_s, _members(state.code), _votes(state.code, state.round),
                         INDEX)

    def _alive(self) -> int:
        """Classes alive; the index forgets those whose record has expired or ended."""
        now, gone = time.time(), []
        for code, until in self.store.hgetall(INDEX).items():
            if _age(until, now) > 0 and self.store.get(_class(code)) is None:
                gone.append(code)
        self.store.hdel(INDEX, *gone)
        return self.store.hlen(INDEX)

    def _forget_silent(self, members: str) -> None:
        now = time.time()
        silent = [m for m, at in self.store.hgetall(members).items() if _age(at, now) > self.limits.stale_s]
        self.store.hdel(members, *silent)


def _age(stamp: str, now: float) -> float:
    """`now` minus a stored time (a malformed one counts as long ago)."""
    try:
        return now - float(stamp)
    except ValueError:
        return float("inf")
