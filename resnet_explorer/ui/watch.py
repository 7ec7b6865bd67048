"""The one watched-run component, for the lab and the lessons alike.

A page asks for runs with `start` (a button's on_click): the server's registry (ui/runs.py) joins the
identical runs other pages asked for, or queues new ones, and this session keeps what it watches
under a slot name (`Watch`). `show` draws where they stand in a fragment that polls while any is
active (queue position, progress, Stop, a sentence for every way a run can end) and reruns the page
once when all have ended, so the view can draw their results.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from ..i18n import t
from ..runs import Request, RunHandle, Snapshot, State
from . import safe
from .runs import registry

POLL_S = 1.5  # every poll costs the browser CPU, which a 2-core laptop takes from the training


@dataclass
class Watch:
    """What one session watches in one slot: its runs, its tokens, what it last saw."""

    requests: tuple[Request | None, ...]
    handles: tuple[RunHandle, ...]
    tokens: tuple[str, ...]
    snapshots: tuple[Snapshot, ...]
    final_rerun: bool = False

    @property
    def active(self) -> bool:
        return any(s.state.active for s in self.snapshots)

    @property
    def done(self) -> bool:
        return all(s.state is State.DONE for s in self.snapshots)

    @property
    def wall_s(self) -> float:
        """Seconds from the first run's start to the last one's end (or now)."""
        starts = [s.started_at for s in self.snapshots if s.started_at]
        if not starts:
            return 0.0
        ends = [s.ended_at or time.time() for s in self.snapshots]
        return max(ends) - min(starts)

    @property
    def failed(self) -> bool:
        """Some run ended without its result: the whole experiment cannot finish."""
        return any(not s.state.active and s.state is not State.DONE for s in self.snapshots)

    def results(self) -> list:
        return [s.result for s in self.snapshots]

    def poll(self) -> None:
        if self.active:
            self.snapshots = tuple(h.poll(tok) for h, tok in zip(self.handles, self.tokens))
            if self.active and self.failed:  # stop watching the others (other pages keep theirs)
                for h, tok, snap in zip(self.handles, self.tokens, self.snapshots):
                    if snap.state.active:
                        h.stop(tok)
                self.snapshots = tuple(h.poll() for h in self.handles)


def _key(slot: str) -> str:
    return f"watch_{slot}"


def current(slot: str, requests: Sequence[Request] | None = None) -> Watch | None:
    """The slot's watch; with `requests`, only if it watches exactly those."""
    w = st.session_state.get(_key(slot))
    if w is None or (requests is not None and w.requests != tuple(requests)):
        return None
    return w


def adopt(slot: str, handle: RunHandle, token: str) -> Watch:
    """Watch a run found again (a link that names it)."""
    w = Watch((handle.request,), (handle,), (token,), (handle.poll(token),))
    w.final_rerun = not w.active  # nothing left to finish: no extra rerun
    st.session_state[_key(slot)] = w
    return w


def start(slot: str, requests: Sequence[Request]) -> Watch:
    """Ask for the runs (new, or shared with the pages that asked for the same); stops watching
    whatever the slot watched before."""
    stop(slot)
    joined = [registry().submit(r) for r in requests]
    w = Watch(tuple(requests), tuple(h for h, _ in joined), tuple(tok for _, tok in joined),
              tuple(h.poll(tok) for h, tok in joined))
    st.session_state[_key(slot)] = w
    return w


def stop(slot: str) -> None:
    w = st.session_state.get(_key(slot))
    if w is not None and w.active:
        for h, tok in zip(w.handles, w.tokens):
            h.stop(tok)
        w.snapshots = tuple(h.poll() for h in w.handles)
        w.final_rerun = True


def results(slot: str, requests: Sequence[Request]) -> list | None:
    """The results of exactly these runs in this session, once all are done; else None."""
    w = current(slot, requests)
    return [s.result for s in w.snapshots] if w is not None and w.done else None


def seconds(s: float) -> str:
    return "?" if not math.isfinite(s) else (f"{s:.0f} s" if s < 120 else f"{s / 60:.1f} min")


@dataclass(frozen=True)
class Texts:
    """The sentences of one view: i18n keys `{prefix}_queued`, `_stopped`, `_cancelled`, `_stop`,
    `_failed`, `_failed_<reason>`, `_diverged`, its progress line and, if it has one, `_done`."""

    prefix: str
    progress: str  # key with {done} {total} {elapsed} {eta} {label}
    done: bool = False
    bar_after: bool = False  # the progress bar stays once the runs have ended (the lab's steps)


def status(w: Watch, texts: Texts, lang: str, ended: Callable[[Snapshot], bool] | None = None) -> None:
    """Where the runs stand: the progress of all, then the first run that ended without its result
    decides the sentence (the others cannot complete the experiment), else done; `ended(snapshot)`
    may draw its own sentence for such a run and return True."""
    snaps, p = w.snapshots, texts.prefix
    bad = next((s for s in snaps if not s.state.active and s.state is not State.DONE), None)
    queued = [s for s in snaps if s.state is State.QUEUED]
    if w.active and bad is None and len(queued) == len(snaps):
        first = min(queued, key=lambda s: s.queue_position or math.inf)
        st.info(t(f"{p}_queued", lang, position=max(1, first.queue_position), eta=seconds(first.eta_s)))
    if (w.active and bad is None) or texts.bar_after:
        done, total = sum(s.done for s in snaps), sum(s.total for s in snaps)
        label = ", ".join(s.label for s in snaps if s.state is State.RUNNING and s.label)
        text = t(texts.progress, lang, done=done, total=total, label=label,
                 elapsed=seconds(max(s.elapsed_s for s in snaps)), eta=seconds(max(s.eta_s for s in snaps)))
        st.progress(min(1.0, done / total) if total else 0.0, text=text)
    if bad is not None:
        if ended is None or not ended(bad):
            _ending(w, bad, p, lang)
    elif not w.active and texts.done:
        st.success(t(f"{p}_done", lang, seconds=seconds(w.wall_s)))


def _ending(w: Watch, bad: Snapshot, p: str, lang: str) -> None:
    request = w.handles[w.snapshots.index(bad)].request
    values = dict(done=bad.done, total=bad.total, elapsed=seconds(bad.elapsed_s),
                  budget=seconds(request.max_seconds if request is not None else math.nan))
    if bad.state in (State.STOPPED, State.CANCELLED):
        st.warning(t(f"{p}_{bad.state.value}", lang, **values))
    elif bad.state is State.FAILED and bad.reason:
        st.error(t(f"{p}_failed_{bad.reason.value}", lang, **values))
    elif bad.state is State.DIVERGED:
        st.error(t(f"{p}_diverged", lang, message=safe.plain(bad.message)))
    else:
        st.error(t(f"{p}_failed", lang, message=safe.plain(bad.message)))


def _poll(slot: str, texts: Texts, lang: str, ended) -> None:
    """Fragment body: poll while active, say where the runs stand; one full rerun when they end."""
    w = st.session_state.get(_key(slot))
    if w is None:
        return
    w.poll()
    status(w, texts, lang, ended)
    if w.active:
        st.button(t(f"{texts.prefix}_stop", lang), key=f"{slot}_stop", on_click=stop, args=(slot,))
    elif not w.final_rerun:
        w.final_rerun = True
        st.rerun()


def _fragment(slot: str, texts: Texts, lang: str, ended) -> None:
    # A fragment's rerun does not pass through the view's own protection: one sentence, never a traceback.
    safe.view(_poll, lang, slot, texts, lang, ended)


def show(slot: str, texts: Texts, lang: str, ended: Callable[[Snapshot], bool] | None = None) -> None:
    """The slot's status, polling while its runs are active (nothing if the slot watches nothing)."""
    w = st.session_state.get(_key(slot))
    if w is None:
        return
    st.fragment(run_every=POLL_S if w.active else None)(_fragment)(slot, texts, lang, ended)
