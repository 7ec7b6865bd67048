"""A lesson's live re-run: a job in one of the server's worker processes, never in this one.

A scene asks for an experiment (lab/lesson_tasks.py `LessonRequest`) with `start`; the server's one
job registry (ui/lab_live.py `registry`, shared with the gradient lab) queues it with the lab's runs, and
sessions asking for the same experiment share one job. `watch` draws its progress in a fragment that
polls once a second while it is active (queue position, progress, Stop, a clear message when the
worker died or ran past its time budget) and reruns the page once when it ends, so the scene can
draw `result` labelled as live. Until then the scene shows its recording.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from ..i18n import t
from ..lab import jobs
from ..lab.lesson_tasks import LessonRequest
from . import lab_live

POLL_S = 1.0


@dataclass
class Live:
    """One scene's live re-run in this session: the job it watches and what it last saw."""

    request: LessonRequest
    job: object  # jobs.LessonJob or store.RedisJob
    token: str
    snapshot: jobs.Snapshot
    final_rerun: bool = False


def _key(scene: str) -> str:
    return f"ls_live_{scene}"


def _live(scene: str, request: LessonRequest) -> Live | None:
    live = st.session_state.get(_key(scene))
    return live if live is not None and live.request == request else None


def _registry() -> jobs.Registry:
    return lab_live.registry()  # the gradient lab's: one queue and one pool of workers for both


def start(scene: str, request: LessonRequest) -> None:
    """Ask for the experiment (a button's on_click): joins the identical job if one exists."""
    stop(scene)
    job, token = _registry().submit_lesson(request)
    st.session_state[_key(scene)] = Live(request, job, token, job.poll(token))


def stop(scene: str) -> None:
    live = st.session_state.get(_key(scene))
    if live is not None and live.snapshot.state.active:
        live.job.stop(live.token)
        live.snapshot = live.job.poll()
        live.final_rerun = True


def active(scene: str, request: LessonRequest) -> bool:
    live = _live(scene, request)
    return live is not None and live.snapshot.state.active


def result(scene: str, request: LessonRequest) -> dict | None:
    """The finished live result of exactly this request in this session, or None."""
    live = _live(scene, request)
    if live is None or live.snapshot.state is not jobs.State.DONE:
        return None
    return live.snapshot.result


def _seconds(s: float) -> str:
    return "?" if not math.isfinite(s) else (f"{s:.0f} s" if s < 120 else f"{s / 60:.1f} min")


def _status(live: Live, unit: str, lang: str) -> None:
    snap = live.snapshot
    state = snap.state
    if state is jobs.State.QUEUED:
        st.info(t("ls_job_queued", lang, position=max(1, snap.queue_position), eta=_seconds(snap.eta_s)))
    elif state is jobs.State.RUNNING:
        frac = snap.steps_done / snap.steps_total if snap.steps_total else 0.0
        text = t(f"ls_job_progress_{unit}", lang, label=snap.label, done=snap.steps_done,
                 total=snap.steps_total, elapsed=_seconds(snap.elapsed_s), eta=_seconds(snap.eta_s))
        st.progress(min(1.0, frac), text=text)
    elif state in (jobs.State.STOPPED, jobs.State.CANCELLED):
        st.warning(t(f"ls_job_{state.value}", lang, done=snap.steps_done, total=snap.steps_total))
    elif state is jobs.State.FAILED and snap.reason in ("over_time", "worker_died", "lost"):
        st.error(t(f"ls_job_failed_{snap.reason}", lang, done=snap.steps_done, total=snap.steps_total,
                   elapsed=_seconds(snap.elapsed_s), budget=_seconds(live.request.max_seconds)))
    elif state in (jobs.State.FAILED, jobs.State.DIVERGED):
        st.error(t("ls_job_failed", lang, message=snap.message))


def _draw(scene: str, unit: str, lang: str) -> None:
    """Fragment body: poll while active, draw the status; one full rerun when the job ends."""
    live = st.session_state.get(_key(scene))
    if live is None:
        return
    if live.snapshot.state.active:
        live.snapshot = live.job.poll(live.token)
    _status(live, unit, lang)
    if live.snapshot.state.active:
        st.button(t("ls_job_stop", lang), key=f"ls_job_stop_{scene}", on_click=stop, args=(scene,))
    elif not live.final_rerun:
        live.final_rerun = True
        st.rerun()


def watch(scene: str, request: LessonRequest, unit: str, lang: str) -> None:
    """The live re-run's status for this request (nothing if this session never asked for it).
    `unit`: "train" (steps of a net) or "sweep" (nets of a sweep), for the progress sentence."""
    live = _live(scene, request)
    if live is None:
        return
    st.fragment(run_every=POLL_S if live.snapshot.state.active else None)(_draw)(scene, unit, lang)
