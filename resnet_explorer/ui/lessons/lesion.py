"""The lesion study (Veit et al. 2016): a recording of the study of the shipped nets at once (scoring
them here would cost this process seconds of CPU); retraining with another seed trains both nets as
two runs in the workers. The answer is computed from the study shown, and says so when it does not
show Veit et al.'s finding."""

from __future__ import annotations

import streamlit as st

from ...config import NetConfig
from ...i18n import t
from ...lessons import figures, lesion, recordings, summaries, trained_claims, words
from ...lessons.nets import TEST_IMAGES
from ...lessons.tasks import lesion_requests
from .. import charts, pagefile, projector, watch
from ..question import ask

TEXTS = watch.Texts("ls_job", "ls_job_progress_train")
SLOT = "ls_les"


@st.cache_data(max_entries=1, show_spinner=False)
def shipped(seed: int = 0) -> list[dict] | None:
    return recordings.lesion_recording(seed)


def scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_les_text", lang, steps=lesion.SETTINGS.steps, n=f"{TEST_IMAGES:,}"))
    seed = 0
    new_seed = int(st.session_state.get("ls_les_seed", 1))
    requests = lesion_requests(new_seed)
    running = watch.current(SLOT, requests)
    live = watch.results(SLOT, requests)
    nets = live if live is not None else shipped(seed)
    if nets is None:
        st.warning(t("ls_les_missing", lang, seed=seed))
        return
    v = trained_claims.lesion(nets)
    revealed = ask("lesion", t("ls_les_q", lang), words.lesion_answer(nets, lang), lang,
                   facts={"res_drop": v.facts["res_drop"], "plain_drop": v.facts["plain_drop"]})
    if live is None:
        st.caption(t("ls_les_shipped", lang, seed=seed))
    else:
        st.caption(t("ls_les_live", lang, seed=new_seed, steps=lesion.SETTINGS.steps, seconds=running.wall_s))
    if revealed:
        charts.chart(projector.figure(figures.lesion(nets, lang), on), summaries.lesion(nets, lang),
                     "ls_les_chart")
        st.table(words.lesion_table(nets, lang))
    c1, c2 = st.columns([1, 3])
    c1.number_input(t("ls_seed", lang), 0, 2**31 - 1, 1, key="ls_les_seed")
    c2.button(t("ls_les_retrain", lang), key="ls_les_retrain_btn", on_click=watch.start,
              args=(SLOT, requests), disabled=running is not None and running.active)
    if running is not None:
        watch.show(SLOT, TEXTS, lang)
    pagefile.lesson_download("lesion", cfg, lang)
