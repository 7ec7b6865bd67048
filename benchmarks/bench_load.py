"""A class on the app: N simulated students over Streamlit's own websocket protocol, on loopback.

    python benchmarks/bench_load.py --sessions 10 --seconds 60 [--runs 4] [--replicas 2] [--no-turns] [--url ws://...]

Each student opens a link (`/_stcore/stream`, a `rerun_script` BackMsg carrying the query string;
by default the layer table), then every 2-6 s changes one of: preset, input size, language,
stages, shortcut, layer filter, batch, by sending the widget's new value in the next
`rerun_script`; a rerun's latency is the time from sending it to the `script_finished` ForwardMsg.
K of the students open the gradient lab instead, start a training run (each with its own seed, so
K different runs) and poll it the way the browser does: each fragment that asked for it
(`auto_rerun`) is re-run at its own interval, until a `stop_auto_rerun` or the next full run of the
page (which starts with `new_session` and registers again the fragments it still has).

By default it starts the server itself on a free loopback port: one Streamlit process, or with
`--replicas N` the multi-process set-up (`deploy/start.sh`: nginx, Redis, N replicas, workers).
`--no-turns` starts it with its reruns side by side instead of one at a time (ui/turns.py), to compare.
It stops by itself after `--seconds` (plus at most a minute for the last answers). Peak RSS is the
sum over every process it started (server, replicas, workers, Redis, nginx), sampled each second.
Last line: `load: sessions=N reruns=R errors=E p50_ms=X p95_ms=Y max_ms=Z peak_rss_mib=M`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks.load_server import Server, tree_rss_mib  # noqa: E402

LINK = "preset=resnet18&tab=layers"  # the layer table: where the filter and the batch size are
LAB_LINK = "preset=resnet18&tab=lab"  # the students who start a run open the gradient lab
TEXT_VALUES = {  # text fields get values a student would type
    "input_size": ["224", "160", "128", "96", "32"],
    "stages": ["2,2,2,2", "3,4,6,3", "1,1,1,1", "2,2", "3,3,3"],
    "layer_filter": ["", "layer3", "conv", "add", "downsample"],
}
NUMBER_VALUES = {"batch": [1, 8, 32, 64, 256]}
CHOICE_KEYS = ("preset", "language", "shortcut")
RERUN_TIMEOUT_S = 60.0
NO_TURNS_ENV = "RESNET_EXPLORER_NO_TURNS"  # ui/turns.OFF_ENV (not imported: it loads the whole app)
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


def widget_key(widget_id: str) -> str:
    """Streamlit's ids of keyed widgets are `$$ID-<hash>-<key>`."""
    parts = widget_id.split("-", 2)
    return parts[2] if widget_id.startswith("$$ID") and len(parts) == 3 else ""


class Student:
    """One browser tab: a websocket, the widgets it has seen, the values it has set."""

    def __init__(self, url: str, link: str, stats: dict, rng: random.Random):
        self.url, self.link, self.stats, self.rng = url, link, stats, rng
        self.widgets: dict[str, tuple[str, object]] = {}  # key -> (element type, proto)
        self.values: dict[str, object] = {}  # widget id -> WidgetState filled in by _set
        self.fragments: dict[str, float] = {}  # fragment id -> interval: the browser's timers
        self.finished = asyncio.Event()
        self.lock = asyncio.Lock()
        self.status = 0

    async def _read(self, ws) -> None:
        async for raw in ws:
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element_in(msg.delta)
            elif kind == "new_session" and not msg.metadata.run.fragment_ids:
                # a full run: its fragments register again (a fragment's own run keeps the others' timers)
                self.fragments.clear()
            elif kind == "auto_rerun":
                self.fragments[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                for fragment_id in msg.stop_auto_rerun.fragment_ids:
                    self.fragments.pop(fragment_id, None)
            elif kind == "script_finished":
                self.status = msg.script_finished
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.finished.set()

    def _element_in(self, delta) -> None:
        self._element(delta.new_element)

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.stats["exceptions"].append(element.exception.message[:200])
            return
        proto = getattr(element, kind, None)
        key = widget_key(getattr(proto, "id", "") or "")
        if key:
            self.widgets[key] = (kind, proto)

    async def rerun(self, ws, fragment_id: str = "") -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.link
        state.fragment_id = fragment_id
        state.is_auto_rerun = bool(fragment_id)
        for ws_state in self.values.values():
            state.widget_states.widgets.append(ws_state)
        async with self.lock:
            self.finished.clear()
            start = time.perf_counter()
            await ws.send(msg.SerializeToString())
            try:
                await asyncio.wait_for(self.finished.wait(), RERUN_TIMEOUT_S)
            except TimeoutError:
                self.stats["timeouts"] += 1
                return
            self.stats["fragment" if fragment_id else "full"].append(time.perf_counter() - start)
            if self.status not in FINISHED:
                self.stats["failed_runs"] += 1
            # A trigger (a button press) is sent once, like the browser does.
            self.values = {k: v for k, v in self.values.items() if not v.HasField("trigger_value")}

    def _set(self, key: str, **value: object) -> bool:
        if key not in self.widgets:
            return False
        msg = BackMsg()
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = self.widgets[key][1].id
        for field, v in value.items():
            if field == "string_array_value":
                state.string_array_value.data.extend(v)
            else:
                setattr(state, field, v)
        self.values[state.id] = state
        return True

    def _set_number(self, key: str, value: float) -> bool:
        """A number input's new value, as the browser sends it: an int for an integer input."""
        if key not in self.widgets:
            return False
        proto = self.widgets[key][1]
        if getattr(proto, "data_type", None) == proto.INT:
            return self._set(key, int_value=int(value))
        return self._set(key, double_value=float(value))

    def change_something(self) -> None:
        key = self.rng.choice(CHOICE_KEYS + tuple(TEXT_VALUES) + tuple(NUMBER_VALUES))
        if key in TEXT_VALUES:
            self._set(key, string_value=self.rng.choice(TEXT_VALUES[key]))
        elif key in NUMBER_VALUES:
            self._set_number(key, self.rng.choice(NUMBER_VALUES[key]))
        elif key in self.widgets:
            kind, proto = self.widgets[key]
            options = [o.content if hasattr(o, "content") else o for o in proto.options]
            if options:
                choice = self.rng.choice(options)
                if kind == "button_group":
                    self._set(key, string_array_value=[choice])
                else:
                    self._set(key, string_value=choice)

    async def start_training(self, ws, seed: int) -> bool:
        """Lab settings with this seed, then, as in the browser, a press of the Start button drawn
        with them (its callback takes the settings it was drawn with). False if there is no Start."""
        self._set_number("lab_seed", seed)
        self._set_number("lab_steps", 100)
        await self.rerun(ws)
        if not self._set("lab_start", trigger_value=True):
            return False
        await self.rerun(ws)
        return True

    async def _poll(self, ws, until: float) -> None:
        due: dict[str, float] = {}  # fragment id -> when its timer fires next
        while time.monotonic() < until:
            await asyncio.sleep(0.1)
            for fragment_id in set(due) - set(self.fragments):
                del due[fragment_id]
            for fragment_id, interval in list(self.fragments.items()):
                now = time.monotonic()
                if now >= due.setdefault(fragment_id, now + interval) and now < until:
                    due[fragment_id] = now + interval
                    if fragment_id in self.fragments:  # still there after the last answer
                        await self.rerun(ws, fragment_id)

    async def run(self, until: float, train_seed: int | None) -> None:
        async with websockets.connect(self.url, subprotocols=["streamlit"], max_size=2**27,
                                      open_timeout=30) as ws:
            reader = asyncio.create_task(self._read(ws))
            poller = asyncio.create_task(self._poll(ws, until))
            try:
                await self.rerun(ws)  # the link
                if train_seed is not None:
                    if not await self.start_training(ws, train_seed):
                        self.stats["no_start_button"] += 1
                while time.monotonic() < until:
                    await asyncio.sleep(self.rng.uniform(2.0, 6.0))
                    if time.monotonic() >= until:
                        break
                    self.change_something()
                    await self.rerun(ws)
            finally:
                poller.cancel()
                reader.cancel()


async def _student(url: str, link: str, stats: dict, seed: int, until: float, train: int | None) -> None:
    await asyncio.sleep(random.Random(seed).uniform(0, 2))  # a class does not click in the same ms
    try:
        await Student(url, link, stats, random.Random(seed)).run(until, train)
    except (TimeoutError, OSError, websockets.WebSocketException) as e:
        stats["disconnects"].append(f"{type(e).__name__}: {e}"[:200])


async def _sample_rss(pids, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], tree_rss_mib(pids()))
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except TimeoutError:
            pass


async def warm_up(url: str, link: str, n: int) -> None:
    """Untimed: a few first page loads, so every replica has imported and cached what a first
    visitor pays for (as a server does before a lesson)."""
    stats = {"full": [], "fragment": [], "exceptions": [], "disconnects": [], "timeouts": 0, "failed_runs": 0}
    for i in range(n):
        await _student(url, link, stats, 10_000 + i, time.monotonic() + 0.1, None)


async def load(url: str, sessions: int, seconds: float, runs: int, link: str, lab_link: str, pids) -> dict:
    stats = {"full": [], "fragment": [], "exceptions": [], "disconnects": [], "timeouts": 0,
             "failed_runs": 0, "no_start_button": 0}
    peak, stop = [0.0], asyncio.Event()
    sampler = asyncio.create_task(_sample_rss(pids, peak, stop))
    until = time.monotonic() + seconds
    tasks = [_student(url, lab_link if i < runs else link, stats, i, until, i if i < runs else None)
             for i in range(sessions)]
    await asyncio.wait_for(asyncio.gather(*tasks), seconds + RERUN_TIMEOUT_S + 30)
    stop.set()
    await sampler
    stats["peak_rss_mib"] = peak[0]
    return stats


def report(stats: dict, sessions: int) -> str:
    times = sorted(stats["full"] + stats["fragment"])
    errors = len(stats["exceptions"]) + len(stats["disconnects"]) + stats["timeouts"] + stats["failed_runs"]
    for what in ("exceptions", "disconnects"):
        for text in sorted(set(stats[what]))[:5]:
            print(f"  {what[:-1]}: {text}")
    if errors:
        print(f"  errors: {len(stats['exceptions'])} exceptions in the page, {len(stats['disconnects'])} "
              f"disconnects, {stats['timeouts']} reruns unanswered after {RERUN_TIMEOUT_S:.0f} s, "
              f"{stats['failed_runs']} runs that did not finish")
    if stats["no_start_button"]:
        print(f"  note: {stats['no_start_button']} session(s) found no Start button (no run started)")
    for name in ("full", "fragment"):
        t = sorted(stats[name])
        if t:
            print(f"{name} reruns: {len(t)}, p50 {statistics.median(t) * 1e3:.0f} ms, "
                  f"p95 {t[int(0.95 * (len(t) - 1))] * 1e3:.0f} ms, max {t[-1] * 1e3:.0f} ms")
    p50 = statistics.median(times) * 1e3 if times else 0.0
    p95 = times[int(0.95 * (len(times) - 1))] * 1e3 if times else 0.0
    top = times[-1] * 1e3 if times else 0.0
    return (f"load: sessions={sessions} reruns={len(times)} errors={errors} p50_ms={p50:.0f} "
            f"p95_ms={p95:.0f} max_ms={top:.0f} peak_rss_mib={stats['peak_rss_mib']:.0f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=10)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--runs", type=int, default=4, help="training runs started meanwhile")
    p.add_argument("--replicas", type=int, default=0,
                   help="start the multi-process set-up with this many replicas (0: one process)")
    p.add_argument("--no-turns", action="store_true",
                   help="the server runs reruns side by side (ui/turns.py off), to compare")
    p.add_argument("--url", help="an app already running on loopback, e.g. ws://127.0.0.1:8501")
    p.add_argument("--link", default=LINK, help="the query string every student opens")
    p.add_argument("--lab-link", default=LAB_LINK, help="the query string of the students who train")
    args = p.parse_args()
    if not (1 <= args.sessions <= 500 and 1 <= args.seconds <= 1800 and 0 <= args.runs <= args.sessions):
        sys.exit("bench_load: sessions 1-500, seconds 1-1800, runs 0-sessions")
    server = None
    if args.url:
        host = urlparse(args.url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            sys.exit("bench_load: loopback addresses only (127.0.0.1, localhost, ::1)")
        base, pids = args.url.rstrip("/"), list
    else:
        server = Server(ROOT, args.replicas, {NO_TURNS_ENV: "1"} if args.no_turns else None)
        base, pids = server.start(), server.pids
    print(f"{args.sessions} sessions for {args.seconds:.0f} s, {args.runs} training runs, against {base}"
          + (f" ({args.replicas} replicas behind nginx)" if args.replicas else "")
          + (", reruns side by side (no turns)" if args.no_turns else ""))
    try:
        ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
        asyncio.run(warm_up(ws_url, args.link, 2 * max(1, args.replicas)))
        stats = asyncio.run(load(ws_url, args.sessions, args.seconds, args.runs, args.link, args.lab_link,
                                 pids))
    finally:
        if server:
            server.stop()
    print(report(stats, args.sessions))


if __name__ == "__main__":
    main()
