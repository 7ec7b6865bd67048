"""Two scenes read off the shipped lesion nets, run forward on a batch of held-out images here (no
training, about a second, cached once for the whole server): BatchNorm in training vs evaluation
mode, and the layer responses of He et al. 2015, Fig. 7."""

from __future__ import annotations

import streamlit as st

from ...config import NetConfig
from ...i18n import t
from ...lessons import figures, lesion, summaries, trained_claims, words
from ...lessons.bn import bn_modes, layer_responses
from ...lessons.nets import held_out_images
from .. import charts, pagefile, projector
from ..question import ask

BN_IMAGES = 256  # one batch of held-out images


@st.cache_data(max_entries=2, show_spinner=False)
def bn_numbers(seed: int = 0) -> dict | None:
    try:
        model = next(m for _, residual, m in lesion.lesion_nets(seed) if residual)
    except FileNotFoundError:
        return None
    x, y = held_out_images(seed, BN_IMAGES)
    return bn_modes(model, x, y)


def bn_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_bn_text", lang, n=BN_IMAGES))
    d = bn_numbers()
    if d is None:
        st.warning(t("ls_les_missing", lang, seed=0))
        return
    ask("batchnorm", t("ls_bn_q", lang), words.batchnorm_answer(d, lang), lang,
        facts={k: d[k] for k in ("acc_eval", "acc_train_batch", "acc_train_single")})
    st.table(words.batchnorm_table(d, lang))
    st.markdown(t("ls_bn_value", lang, z=d["z"], train=d["out_train"], eval=d["out_eval"]))
    pagefile.lesson_download("batchnorm", cfg, lang)


@st.cache_data(max_entries=2, show_spinner=False)
def responses(seed: int = 0) -> list[tuple[str, bool, list[tuple[str, float]]]] | None:
    x, _ = held_out_images(seed, BN_IMAGES)
    try:
        return [(name, residual, layer_responses(m, x)) for name, residual, m in lesion.lesion_nets(seed)]
    except FileNotFoundError:
        return None


def responses_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_resp_text", lang, n=BN_IMAGES))
    nets = responses()
    if nets is None:
        st.warning(t("ls_les_missing", lang, seed=0))
        return
    v = trained_claims.responses(nets)
    revealed = ask("responses", t("ls_resp_q", lang), words.responses_answer(nets, lang), lang,
                   facts={"res_std": v.facts["res_mean"], "plain_std": v.facts["plain_mean"]})
    if revealed:
        charts.chart(projector.figure(figures.responses(nets, lang), on), summaries.responses(nets, lang),
                     "ls_resp_chart")
    pagefile.lesson_download("responses", cfg, lang)
