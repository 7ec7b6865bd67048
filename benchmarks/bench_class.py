"""A class voting, over Streamlit's own websocket protocol on loopback: a teacher's page starts a
class, N students join by its link and each votes once within a window while a live lab run trains.

    python benchmarks/bench_class.py [--students 60] [--window 10] [--replicas N] [--url ws://...]

Every page behaves as the browser does (bench_load.Student): the students' pages poll the class
every 2 s and the projector's tally every 1 s (their `run_every` fragments), the lab page polls its
run. A vote is a press of the choice's button inside the student's fragment.

Latency (p50_ms, p95_ms): from the press (the browser sending it) to the end of that fragment run
(`script_finished`), whose output shows the student's vote as stored: the vote is in the class's
store, counted. The projector's latency (from the press to the teacher's page showing a count that
includes it) is printed apart: it adds the projector's 1 s poll. votes_counted is the count the
teacher's page shows at the end. Last line:
`class: students=N votes_sent=V votes_counted=C p50_ms=X p95_ms=Y errors=E`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402

from benchmarks.bench_load import Student, warm_up, widget_key  # noqa: E402
from benchmarks.load_server import Server  # noqa: E402

LESSON = "lesion"
LAB_LINK = "preset=resnet20&tab=lab"
LAB_STEPS = 400
JOIN = re.compile(r"join=(\w{4}-\w{4})")
VOTED = re.compile(r"(\d+) of (\d+) voted")
STEP = re.compile(r"[Ss]tep (\d+)")
REFUSED = ("Too many", "Refused", "closed", "not in the class", "No class", "moved on")


class Page(Student):
    """A browser tab that also keeps the text it was sent, the fragment of each keyed widget, and
    (the projector) every count it drew, with the time."""

    def __init__(self, url: str, link: str, stats: dict, rng: random.Random):
        super().__init__(url, link, stats, rng)
        self.texts: list[str] = []
        self.fragment_of: dict[str, str] = {}
        self.counts: list[tuple[float, int, int]] = []
        self.steps: list[tuple[float, int]] = []

    def _element_in(self, delta) -> None:
        super()._element_in(delta)
        self._keep(delta.new_element, delta.fragment_id)

    def _keep(self, element, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        proto = getattr(element, kind, None)
        key = widget_key(getattr(proto, "id", "") or "")
        if key:
            self.fragment_of[key] = fragment_id
        text = element.markdown.body if kind == "markdown" else element.progress.text if kind == "progress" \
            else element.alert.body if kind == "alert" else ""
        if not text:
            return
        self.texts.append(text)
        if m := VOTED.search(text):
            self.counts.append((time.perf_counter(), int(m[1]), int(m[2])))
        if m := STEP.search(text):
            self.steps.append((time.perf_counter(), int(m[1])))

    async def vote(self, ws, choice: int, sent: list, stats: dict) -> None:
        key = next((k for k in self.widgets if k.startswith("cl_vote_") and k.endswith(f"_{choice}")), None)
        if key is None or not self._set(key, trigger_value=True):
            stats["no_vote_button"] += 1
            return
        start = time.perf_counter()
        before = len(self.texts)
        await self.rerun(ws, self.fragment_of.get(key, ""))
        done = time.perf_counter()
        shown = self.texts[before:]
        refused = any(word in text for text in shown for word in REFUSED)
        if refused or not any("Your prediction" in text for text in shown):
            stats["votes_refused"] += 1
            return
        sent.append((start, done))

    async def session(self, until: float, action=None) -> None:
        """Open the link, do `action(page, ws)` (if any), keep polling as the browser until `until`."""
        async with websockets.connect(self.url, subprotocols=["streamlit"], max_size=2**27,
                                      open_timeout=30) as ws:
            reader = asyncio.create_task(self._read(ws))
            poller = asyncio.create_task(self._poll(ws, until))
            try:
                await self.rerun(ws)
                if action is not None:
                    await action(self, ws)
                await asyncio.sleep(max(0.0, until - time.monotonic()))
            finally:
                poller.cancel()
                reader.cancel()


def _stats() -> dict:
    return {"full": [], "fragment": [], "exceptions": [], "disconnects": [], "timeouts": 0, "failed_runs": 0,
            "no_vote_button": 0, "votes_refused": 0, "no_start_button": 0}


async def _guard(coro, stats: dict) -> None:
    try:
        await coro
    except (TimeoutError, OSError, websockets.WebSocketException) as e:
        stats["disconnects"].append(f"{type(e).__name__}: {e}"[:200])


async def one_class(ws_url: str, students: int, window: float, seed: int) -> tuple[dict, list, Page, Page]:
    stats, rng = _stats(), random.Random(seed)
    settle = 8.0 + students * 0.05  # every page open before the window opens
    until = time.monotonic() + settle + window + 12.0
    lab = Page(ws_url, LAB_LINK, stats, rng)

    async def train(page, ws):
        page._set_number("lab_steps", LAB_STEPS)
        await page.rerun(ws)
        if not page._set("lab_start", trigger_value=True):
            stats["no_start_button"] += 1
            return
        await page.rerun(ws)

    tasks = [asyncio.create_task(_guard(lab.session(until, train), stats))]
    teacher = Page(ws_url, f"class=new&lesson={LESSON}", stats, rng)
    tasks.append(asyncio.create_task(_guard(teacher.session(until), stats)))
    for _ in range(600):
        code = next((m[1] for text in teacher.texts if (m := JOIN.search(text.replace("\\", "")))), None)
        if code:
            break
        await asyncio.sleep(0.05)
    else:
        raise RuntimeError("the teacher's page showed no join link")
    sent: list[tuple[float, float]] = []
    opens_at = time.monotonic() + settle
    pages = [Page(ws_url, f"join={code}", stats, random.Random(seed * 1000 + i)) for i in range(students)]

    def voter(i: int):
        async def act(page, ws):
            await asyncio.sleep(max(0.0, opens_at - time.monotonic()) + rng.uniform(0, window))
            await page.vote(ws, rng.randrange(4), sent, stats)
        return act

    for i, page in enumerate(pages):
        await asyncio.sleep(settle * 0.6 / students)  # a class does not open the link in the same ms
        tasks.append(asyncio.create_task(_guard(page.session(until, voter(i)), stats)))
    await asyncio.wait_for(asyncio.gather(*tasks), until - time.monotonic() + 90)
    return stats, sent, teacher, lab


def report(stats: dict, sent: list, teacher: Page, lab: Page, students: int) -> str:
    counted = teacher.counts[-1][1] if teacher.counts else 0
    latency = sorted(done - start for start, done in sent)
    ends = sorted(done for _, done in sent)
    projector = []
    for k, (start, _) in enumerate(sorted(sent, key=lambda s: s[1]), 1):
        seen = next((at for at, n, _ in teacher.counts if n >= k and at >= start), None)
        if seen is not None:
            projector.append(seen - start)
    for what in ("exceptions", "disconnects"):
        for text in sorted(set(stats[what]))[:5]:
            print(f"  {what[:-1]}: {text}")
    errors = (len(stats["exceptions"]) + len(stats["disconnects"]) + stats["timeouts"] + stats["failed_runs"]
              + stats["no_vote_button"] + stats["votes_refused"] + stats["no_start_button"])
    polls = sorted(stats["fragment"])
    print(f"  pages' fragment reruns (polls and votes): {len(polls)}, p50 {_ms(polls, 0.5)} ms, "
          f"p95 {_ms(polls, 0.95)} ms; full reruns {len(stats['full'])}")
    if projector:
        projector.sort()
        print(f"  projector: vote -> the teacher's count including it, p50 {_ms(projector, 0.5)} ms, "
              f"p95 {_ms(projector, 0.95)} ms, max {projector[-1] * 1e3:.0f} ms (it polls every 1 s)")
    if ends and teacher.counts:
        print(f"  votes done over {ends[-1] - ends[0]:.1f} s; the teacher's page ends on "
              f"{teacher.counts[-1][1]} of {teacher.counts[-1][2]} voted")
    if sent:  # the lab run's progress as its page saw it while the votes went in
        during = [n for at, n in lab.steps if min(a for a, _ in sent) <= at <= ends[-1]]
        print(f"  lab run: steps {min(during, default=0)} -> {max(during, default=0)} of {LAB_STEPS} while "
              f"the class voted" + (" (no run started)" if stats["no_start_button"] else ""))
    if errors:
        print(f"  errors: {stats}"[:2000])
    return (f"class: students={students} votes_sent={len(sent)} votes_counted={counted} "
            f"p50_ms={_ms(latency, 0.5)} p95_ms={_ms(latency, 0.95)} errors={errors}")


def _ms(times: list[float], q: float) -> str:
    if not times:
        return "0"
    return f"{(statistics.median(times) if q == 0.5 else times[int(q * (len(times) - 1))]) * 1e3:.0f}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, default=60)
    p.add_argument("--window", type=float, default=10.0, help="seconds within which every student votes")
    p.add_argument("--replicas", type=int, default=0, help="the multi-process set-up with this many replicas")
    p.add_argument("--url", help="an app already running on loopback, e.g. ws://127.0.0.1:8501")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    if not (1 <= args.students <= 300 and 1 <= args.window <= 120):
        sys.exit("bench_class: students 1-300, window 1-120 s")
    server = None
    if args.url:
        if urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.exit("bench_class: loopback addresses only (127.0.0.1, localhost, ::1)")
        base = args.url.rstrip("/")
    else:
        server = Server(ROOT, args.replicas)
        base = server.start()
    print(f"{args.students} students voting within {args.window:.0f} s while a lab run trains, against {base}"
          + (f" ({args.replicas} replicas behind nginx)" if args.replicas else ""))
    try:
        ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
        for link in ("tab=lab", f"lesson={LESSON}", "join=warm-up"):  # what a first visitor pays, untimed
            asyncio.run(warm_up(ws_url, link, 2 * max(1, args.replicas)))
        result = asyncio.run(one_class(ws_url, args.students, args.window, args.seed))
    finally:
        if server:
            server.stop()
    print(report(*result, args.students))


if __name__ == "__main__":
    main()
