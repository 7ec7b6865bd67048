"""Degradation (He et al. 2015, Fig. 1/6): the recording at once; a live re-run trains the four nets
as four runs in the workers (side by side where workers are free), never in this process."""

from __future__ import annotations

import streamlit as st

from ...config import NetConfig
from ...i18n import t
from ...lessons import degradation, figures, recordings
from ...lessons.tasks import degradation_requests
from .. import projector, watch
from ..question import ask

TEXTS = watch.Texts("ls_job", "ls_job_progress_train")
SLOT = "ls_deg"


@st.cache_data(max_entries=8, show_spinner=False)
def recording(seed: int) -> dict | None:
    return recordings.read_json(recordings.recording_path(seed))


def runs_table(runs: list[dict], lang: str) -> None:
    st.table({t("ls_net", lang): [r["name"] for r in runs],
              t("ls_final_loss", lang): [f"{r['final_train_loss']:.3f}" for r in runs],
              t("ls_train_acc", lang): [f"{r['train_acc']:.1%}" for r in runs]})


def scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_deg_text", lang))
    seed = st.segmented_control(t("ls_seed", lang), list(recordings.RECORDED_SEEDS), default=0,
                                key="ls_deg_seed", required=True)
    seed = 0 if seed is None else int(seed)
    s = degradation.SETTINGS.replace(seed=seed)
    st.caption(t("ls_fair", lang, n=f"{s.n_train:,}", seed=seed, lr=s.lr, warmup=s.warmup_steps,
                 batch=s.batch_size, steps=s.steps))
    revealed = ask("degradation", t("ls_deg_q", lang), t("ls_deg_a", lang), lang)
    requests = degradation_requests(s)
    running = watch.current(SLOT, requests)
    st.button(t("ls_rerun", lang), key="ls_deg_rerun", on_click=watch.start, args=(SLOT, requests),
              disabled=running is not None and running.active)
    if running is not None:
        watch.show(SLOT, TEXTS, lang)
    live = watch.results(SLOT, requests)
    if live is not None:
        st.caption(t("ls_live", lang, seed=seed, seconds=running.wall_s))
        runs = live
    else:
        rec = recording(seed)
        st.caption(t("ls_recording", lang, seed=seed, steps=s.steps))
        runs = rec["runs"] if rec else []
    if (revealed or live is not None) and runs:
        st.plotly_chart(projector.figure(figures.degradation(runs, lang), on), key="ls_deg_chart")
        runs_table(runs, lang)
