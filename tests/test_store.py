"""The store interface, the same tests against both stores: the memory store (the default) and the
Redis store on a real redis-server (skipped with a message without one). Runs are joined when
identical, read by every watcher from its own cursor, stopped, ended once; shared records expire."""

from __future__ import annotations

import time

import pytest

from resnet_explorer.runs import End, Progress, Reason, Request, Start, State, Step
from resnet_explorer.runs.base import end_now, from_wire, to_wire
from resnet_explorer.runs.memory import MemoryStore


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        return MemoryStore(idle_s=7.0)
    from resnet_explorer.runs.redis_store import RedisStore

    return RedisStore(request.getfixturevalue("redis_url"), idle_s=7.0)


def _req(n: int = 0) -> Request:
    return Request.of("lab", {"n": n, "nested": {"a": [1, 2]}}, units=5, seconds=1.5, max_seconds=9.0)


def test_requests_round_trip_and_name_their_run():
    r = _req()
    assert Request.from_wire(r.to_wire()) == r and r.settings == {"n": 0, "nested": {"a": [1, 2]}}
    assert len(r.key) == 32 and r.key != _req(1).key
    assert Request.of("lab", {"nested": {"a": [1, 2]}, "n": 0}).key == r.key  # order does not matter
    for ev in (Start(1.0, {"x": [1]}), Step(3, [{"loss": [0.5]}]), Progress(2, "plain-20"),
               end_now(State.FAILED, 4, "boom", Reason.OVER_TIME, {"r": 1})):
        assert from_wire(to_wire(ev)) == ev
    with pytest.raises(ValueError):
        from_wire({"ev": "import os"})


def test_identical_requests_join_one_run_until_it_fails(store):
    r = _req()
    assert store.create(r, "a") is True
    assert store.create(r, "b") is False  # queued: joined
    assert store.request(r.key) == r and store.active() == 1
    store.append(r.key, Start(time.time()))
    assert store.create(r, "c") is False  # running: joined
    store.append(r.key, end_now(State.DONE, 5, result={"ok": 1}))
    assert store.create(r, "d") is False  # done: the result is reused
    assert store.active() == 0
    other = _req(1)
    store.create(other, "a")
    first = store.read(other.key, None, "").run_id
    store.append(other.key, end_now(State.FAILED, 0, "boom"))
    assert store.create(other, "e") is True  # failed: started afresh, as another incarnation
    again = store.read(other.key, None, "")
    assert again.run_id != first and again.events == ()


def test_every_reader_replays_from_its_own_cursor(store):
    r = _req()
    store.create(r, "a")
    events = [Start(time.time(), {"nets": 1})] + [Step(i, {"i": i}) for i in range(1, 4)]
    for ev in events[:2]:
        store.append(r.key, ev)
    first = store.read(r.key, "a", "")
    assert first.known and [ev for _, ev in first.events] == events[:2]
    for ev in events[2:]:
        store.append(r.key, ev)
    rest = store.read(r.key, "a", first.events[-1][0])
    assert [ev for _, ev in rest.events] == events[2:]  # a reconnect from its cursor loses nothing
    late = store.read(r.key, "z", "")
    assert [ev for _, ev in late.events] == events  # a late joiner replays the run
    store.append(r.key, end_now(State.DONE, 3))
    store.append(r.key, Step(9, {}))  # nothing after the end
    tail = store.read(r.key, None, rest.events[-1][0])
    assert [type(ev) for _, ev in tail.events] == [End]
    assert not store.read("0" * 32, None, "").known


def test_watchers_stop_and_the_last_poll(store):
    r = _req()
    before = time.time()
    store.create(r, "a")
    store.create(r, "b")
    assert store.last_watch(r.key) >= before
    store.read(r.key, "a", "")
    assert store.unwatch(r.key, "a") == 1 and store.unwatch(r.key, "b") == 0
    assert not store.stop_requested(r.key)
    store.stop(r.key)
    assert store.stop_requested(r.key)
    assert store.idle_s == 7.0


def test_a_queued_run_knows_its_place_in_line(store):
    a, b = _req(1), _req(2)
    store.create(a, "t")
    store.create(b, "t")
    assert store.read(a.key, None, "").position == 1 and store.read(b.key, None, "").position == 2


def test_shared_records_expire_and_count(store):
    store.put("class:ABC", {"lesson": "degradation", "revealed": False}, 60)
    assert store.get("class:ABC") == {"lesson": "degradation", "revealed": False}
    assert store.hset("votes:1", "s1", "b", 60) is True
    assert store.hset("votes:1", "s1", "c", 60) is False  # a changed vote is not a new one
    assert store.hset("votes:1", "s2", "b", 60) is True
    assert store.hgetall("votes:1") == {"s1": "c", "s2": "b"}
    assert [store.incr("joins", 60) for _ in range(3)] == [1, 2, 3]
    store.put("short", {"x": 1}, 0.2)
    time.sleep(0.4)
    assert store.get("short") is None and store.get("never") is None and store.hgetall("none") == {}
    store.delete("class:ABC", "votes:1", "joins")
    assert store.get("class:ABC") is None and store.hgetall("votes:1") == {} and store.incr("joins", 60) == 1


def test_maps_delete_count_and_a_guard_closes_them(store):
    assert store.hset("m", "a", "1", 60) and store.hset("m", "b", "2", 60)
    assert store.hget("m", "a") == "1" and store.hget("m", "zz") is None and store.hget("none", "a") is None
    assert store.hlen("m") == 2 and store.hlen("none") == 0
    store.hdel("m", "a", "missing")
    store.hdel("none", "a")
    assert store.hgetall("m") == {"b": "2"} and store.hlen("m") == 1
    assert store.hset_unless("v", "s1", "0", 60, guard="closed") is True
    assert store.hset_unless("v", "s1", "2", 60, guard="closed") is False  # changed, not new
    store.put("closed", {"at": 1}, 60)
    assert store.hset_unless("v", "s1", "3", 60, guard="closed") is None  # closed: nothing set
    assert store.hset_unless("v", "s2", "3", 60, guard="closed") is None
    assert store.hgetall("v") == {"s1": "2"}


def test_counters_read_and_records_are_kept_alive(store):
    assert store.count("c") == 0
    store.incr("c", 60)
    store.incr("c", 60)
    assert store.count("c") == 2 and store.count("c") == 2  # reading leaves it as it is
    store.put("r", {"x": 1}, 0.3)
    store.hset("h", "k", "v", 0.3)
    store.incr("n", 0.3)
    store.touch(60, "r", "h", "n", "absent")
    time.sleep(0.5)
    assert store.get("r") == {"x": 1} and store.hgetall("h") == {"k": "v"} and store.count("n") == 1
    assert store.get("absent") is None and store.hgetall("absent") == {}  # touch makes nothing


def test_the_memory_store_forgets_old_runs_and_records():
    store = MemoryStore(keep_done=2, max_records=3)
    for n in range(5):
        r = _req(n)
        store.create(r, "t")
        store.append(r.key, end_now(State.DONE, 1))
    assert sum(store.request(_req(n).key) is not None for n in range(5)) == 3  # 2 kept + the newest
    for n in range(5):
        store.put(f"r{n}", {"n": n}, 60)
    assert [store.get(f"r{n}") for n in range(5)].count(None) == 2


def test_the_memory_store_drops_expired_records_before_live_ones():
    store = MemoryStore(max_records=3)
    store.put("live", {"n": 0}, 60)
    store.put("a", {"n": 1}, 0.05)
    store.put("b", {"n": 2}, 0.05)
    time.sleep(0.1)
    store.put("c", {"n": 3}, 60)  # over the bound: the two expired go, the oldest live one stays
    assert store.get("live") == {"n": 0} and store.get("c") == {"n": 3}
