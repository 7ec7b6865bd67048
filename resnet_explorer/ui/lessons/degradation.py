"""Degradation (He et al. 2015, Fig. 1/6): the recording of the chosen seed at once, over the band of
the shipped seeds; a live re-run trains the four nets as four runs in the workers (side by side where
workers are free), never in this process. The answer is computed from the run shown, and says so
when that run does not show the paper's finding."""

from __future__ import annotations

import streamlit as st

from ...config import NetConfig
from ...i18n import t
from ...lessons import degradation, figures, recordings, summaries, words
from ...lessons.tasks import degradation_requests
from .. import charts, pagefile, projector, watch
from ..question import ask

TEXTS = watch.Texts("ls_job", "ls_job_progress_train")
SLOT = "ls_deg"


@st.cache_data(max_entries=16, show_spinner=False)
def recording(seed: int) -> dict | None:
    return recordings.degradation_recording(seed)


def scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_deg_text", lang))
    seed = int(st.number_input(t("ls_seed", lang), 0, 2**31 - 1, 0, key="ls_deg_seed"))
    s = degradation.SETTINGS.replace(seed=seed)
    st.caption(words.fair(s, lang))
    requests = degradation_requests(s)
    running = watch.current(SLOT, requests)
    live = watch.results(SLOT, requests)
    rec = recording(seed)
    runs = live if live is not None else (rec["runs"] if rec else None)
    bands = recordings.degradation_bands(recording)
    question = t("ls_deg_q", lang)
    answer = words.degradation_answer(runs, lang) if runs else t("ls_no_recording", lang, seed=seed,
                                                                  seeds=len(bands))
    revealed = ask("degradation", question, answer, lang)
    st.button(t("ls_rerun", lang), key="ls_deg_rerun", on_click=watch.start, args=(SLOT, requests),
              disabled=running is not None and running.active)
    if running is not None:
        watch.show(SLOT, TEXTS, lang)
    if live is not None:
        st.caption(t("ls_live", lang, seed=seed, seconds=running.wall_s, seeds=len(bands)))
    elif rec is not None:
        st.caption(t("ls_recording", lang, seed=seed, steps=s.steps, seeds=len(bands)))
    else:
        st.caption(t("ls_no_recording", lang, seed=seed, seeds=len(bands)))
    if (revealed or live is not None) and (runs or bands):
        charts.chart(projector.figure(figures.degradation(runs or [], bands, lang), on),
                     summaries.degradation(runs or [], lang, bands), "ls_deg_chart")
        if runs:
            st.table(words.degradation_table(runs, lang))
        if bands:
            st.caption(words.degradation_spread(bands, lang))
    pagefile.lesson_download("degradation", cfg, lang, seed=seed)
