"""The class logic, against both stores (the Redis half on a real redis-server): codes and tokens,
joins, one vote per student and question, the teacher's actions and only the teacher's, floods and
random codes refused, expiry and the bounds on memory."""

from __future__ import annotations

import json
import math
import random
import time

import pytest

from resnet_explorer.classroom import POLLS, Classroom, Client, Limits, Reason, Refused, codes
from resnet_explorer.classroom.polls import clean
from resnet_explorer.classroom.state import ClassState, class_key, votes_key
from resnet_explorer.runs.memory import MemoryStore

TEACHER = Client("teacher-page")


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        return MemoryStore()
    from resnet_explorer.runs.redis_store import RedisStore

    return RedisStore(request.getfixturevalue("redis_url"))


def _refused(reason: Reason, call, *args):
    with pytest.raises(Refused) as e:
        call(*args)
    assert e.value.reason is reason, e.value.reason


def _class(store, lesson="lesion", **limits):
    room = Classroom(store, Limits(**limits))
    code, token = room.start(lesson, TEACHER)
    return room, code, token


def test_codes_are_random_short_and_read_back_loosely():
    many = {codes.new_code() for _ in range(2000)}
    assert len(many) == 2000 and all(len(c) == 8 and set(c) <= set(codes.ALPHABET) for c in many)
    assert len(codes.ALPHABET) == 32 and not set("01IO") & set(codes.ALPHABET)  # 40 bits a code
    c = next(iter(many))
    for typed in (c, c.lower(), codes.shown(c), f"  {c[:4]} {c[4:]} "):
        assert codes.parse(typed) == c
    for bad in ("", "ABC", c + "2", c[:7] + "0", "A" * 500, None, 12345678, ["x"]):
        assert codes.parse(bad) is None
    token = codes.new_token()
    assert len(token) >= 43 and codes.token_matches(token, codes.token_hash(token))
    assert not codes.token_matches("x" + token, codes.token_hash(token)) and not codes.token_matches(None, "")


def test_a_class_from_start_to_reveal(store):
    room, code, token = _class(store)
    state, me = room.join(codes.shown(code).lower(), Client("p1"))
    _, other = room.join(code, Client("p2"))
    assert (state.lesson, state.round, state.revealed) == ("lesion", 1, False)
    room.vote(code, me, 1, 2)
    room.vote(code, me, 1, 0)  # changed: still one vote
    room.vote(code, other, 1, 0)
    s = room.state(code)
    assert room.tally(s).counts == (2, 0, 0, 0) and room.tally(s).voted == 2 and room.tally(s).present == 2
    assert room.my_vote(s, me) == 0 and room.my_vote(s, "nobody") is None
    room.publish(code, token, {"res_drop": 0.2, "plain_drop": 67.5, "junk": 1, "nan": math.nan})
    assert room.state(code).facts == {"res_drop": 0.2, "plain_drop": 67.5}
    s = room.reveal(code, token)
    assert s.revealed and s.right == 0  # under 1 point: the shipped ResNet-20's 0.2
    _refused(Reason.CLOSED, room.vote, code, me, 1, 3)
    assert room.tally(room.state(code)).counts == (2, 0, 0, 0)
    s = room.again(code, token)
    assert (s.round, s.revealed, s.right, room.tally(s).voted) == (2, False, None, 0)
    _refused(Reason.MOVED_ON, room.vote, code, me, 1, 1)  # a page still showing the old question
    s = room.move(code, token, "gradflow")
    assert (s.lesson, s.round) == ("gradflow", 3) and room.move(code, token, "gradflow").round == 3
    _refused(Reason.BAD_CHOICE, room.vote, code, me, 3, 3)  # gradflow has three choices
    for bad in (-1, "1", True, 1.0, None):
        _refused(Reason.BAD_CHOICE, room.vote, code, me, 3, bad)
    _refused(Reason.NOT_JOINED, room.vote, code, "forged-id", 3, 1)
    assert room.reveal(code, token).right == 2  # fixed by the physics: it grows towards the input
    room.end(code, token)
    assert room.state(code) is None
    _refused(Reason.NO_CLASS, room.join, code, Client("p3"))


def test_only_the_teachers_token_acts_and_it_is_stored_nowhere(store):
    room, code, token = _class(store)
    _, me = room.join(code, Client("p1"))
    before = room.state(code)
    for forged in ("", "guess", me, code, codes.token_hash(token), None, token + "x"):
        for act, args in ((room.reveal, ()), (room.again, ()), (room.move, ("block",)),
                          (room.publish, ({"res_drop": 50},)), (room.end, ())):
            _refused(Reason.NOT_TEACHER, act, code, forged, *args)
    assert room.state(code) == before
    if isinstance(store, MemoryStore):
        everything = json.dumps([[k, v[0]] for k, v in store._records.items()])
    else:
        r = store.r
        everything = json.dumps([[k, r.get(k) if r.type(k) == "string" else r.hgetall(k)]
                                 for k in r.keys("*") if r.type(k) in ("string", "hash")])
    assert token not in everything and codes.token_hash(token) in everything


def test_a_flood_of_votes_from_one_student_counts_once(store):
    room, code, token = _class(store)
    _, me = room.join(code, Client("p1"))
    refused = 0
    for i in range(1000):
        try:
            room.vote(code, me, 1, i % 4)
        except Refused as e:
            assert e.reason is Reason.TOO_FAST
            refused += 1
    assert refused == 1000 - Limits().votes
    t = room.tally(room.state(code))
    assert t.voted == 1 and sum(t.counts) == 1 and t.present == 1


def test_random_codes_are_refused_and_find_nothing(store):
    room, code, token = _class(store)
    rng = random.Random(0)
    seen = []
    for _ in range(1000):
        guess = "".join(rng.choice(codes.ALPHABET) for _ in range(8))
        try:
            room.join(guess, Client("attacker"))
        except Refused as e:
            seen.append(e.reason)
    assert len(seen) == 1000 and set(seen) == {Reason.NO_CLASS, Reason.TOO_MANY_TRIES}
    assert seen.count(Reason.NO_CLASS) == Limits().join_tries
    # one address, a new page for every guess: its wrong codes are counted together
    seen = []
    for i in range(100):
        try:
            room.join(codes.new_code(), Client(f"page{i}", "203.0.113.9"))
        except Refused as e:
            seen.append(e.reason)
    assert seen.count(Reason.NO_CLASS) == Limits().bad_joins and len(seen) == 100
    _refused(Reason.TOO_MANY_TRIES, room.join, code, Client("page-new", "203.0.113.9"))
    assert room.join(code, Client("elsewhere", "198.51.100.7"))[0].code == code  # others still join
    assert room.tally(room.state(code)).present == 1


def test_a_class_and_its_votes_expire_when_idle_and_live_while_used(store):
    room, code, token = _class(store, idle_s=1.0)
    _, me = room.join(code, Client("p1"))
    for _ in range(3):  # used every 0.4 s: alive after 1.2 s
        time.sleep(0.4)
        room.vote(code, me, 1, 1)
    assert room.state(code) is not None
    time.sleep(1.3)
    assert room.state(code) is None and store.hgetall(votes_key(code, 1)) == {}
    _refused(Reason.NO_CLASS, room.vote, code, me, 1, 1)
    _refused(Reason.NO_CLASS, room.reveal, code, token)


def test_memory_is_bounded_per_class_and_in_all(store):
    room, code, token = _class(store, max_students=3, max_classes=2, stale_s=0.3, present_s=0.2)
    members = [room.join(code, Client(f"p{i}"))[1] for i in range(3)]
    _refused(Reason.CLASS_FULL, room.join, code, Client("p4"))
    time.sleep(0.4)  # all three silent: a full class makes room
    room.seen(code, members[0])
    assert room.join(code, Client("p5"))[0].code == code
    assert room.tally(room.state(code)).present == 2  # p0 polled, p5 joined; the silent are gone
    room.start("block", Client("t2"))
    _refused(Reason.SERVER_FULL, room.start, "block", Client("t3"))
    room.end(code, token)
    assert room.start("block", Client("t3"))  # an ended class frees its place
    _refused(Reason.BAD_LESSON, room.start, "nonsense", Client("t4"))


def test_a_page_may_start_few_classes(store):
    room = Classroom(store, Limits(starts_page=2))
    room.start("block", TEACHER)
    room.start("block", TEACHER)
    _refused(Reason.TOO_MANY_STARTS, room.start, "block", TEACHER)


def test_the_reveal_closes_the_vote_atomically(store):
    room, code, token = _class(store)
    _, me = room.join(code, Client("p1"))
    # the reveal's guard written between a vote's checks and its write: the write is refused
    store.put(f"cl:{code}:x:1", {"at": 0}, 60)
    _refused(Reason.CLOSED, room.vote, code, me, 1, 1)
    assert store.hgetall(votes_key(code, 1)) == {}


def test_malformed_records_read_as_no_class(store):
    for rec in ({"lesson": "nope", "round": 1}, {"lesson": "block", "round": "1"}, {"lesson": "block"},
                {"lesson": "block", "round": 0}, {"lesson": "block", "round": True}):
        store.put(class_key("ABCDEFGH"), rec, 60)
        assert Classroom(store).state("ABCDEFGH") is None
    store.put(class_key("ABCDEFGH"), {"lesson": "block", "round": 2, "right": 9, "facts": {"x": "y"}}, 60)
    assert Classroom(store).state("ABCDEFGH") == ClassState("ABCDEFGH", "block", 2)


@pytest.mark.parametrize("lesson, facts, right", [
    ("lesion", {"res_drop": -0.3}, 0), ("lesion", {"res_drop": 1.0}, 1), ("lesion", {"res_drop": 7.3}, 2),
    ("lesion", {"res_drop": 67.0}, 3), ("lesion", {"res_drop": math.nan}, None), ("lesion", {}, None),
    ("bottleneck", {"w": 256, "bottleneck": 69_632, "basic": 1_179_648, "small": 73_728}, 3),
    ("bottleneck", {"bottleneck": 100, "basic": 100}, 1),
    ("bottleneck", {"bottleneck": 100, "basic": 300}, 2),
    ("batchnorm", {"acc_eval": 1.0, "acc_train_single": 0.1015625}, 3),
    ("batchnorm", {"acc_eval": 0.9, "acc_train_single": 0.895}, 0),
    ("responses", {"res_std": 0.97, "plain_std": 1.167}, 0),
    ("responses", {"res_std": 1.0, "plain_std": 1.05}, 2),
    ("responses", {"res_std": 2.0, "plain_std": 1.0}, 1),
    ("responses", {"res_std": 1.0, "plain_std": 0.0}, None),
    ("block", {}, 1), ("degradation", {}, 1), ("gradflow", {}, 2),
])
def test_the_right_choice_from_the_lessons_numbers(lesson, facts, right):
    poll = POLLS[lesson]
    assert poll.right(clean(lesson, facts)) == right
    assert right is None or 0 <= right < poll.choices
