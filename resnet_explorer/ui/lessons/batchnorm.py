"""Two scenes read off the shipped lesion nets, run forward on a batch of held-out images here (no
training; cached once for the whole server; lessons/bn.py): BatchNorm in training vs evaluation mode
(some seconds: each image also goes through the net alone), and the layer responses of He et al.
2015, Fig. 7 (about a second)."""

from __future__ import annotations

import streamlit as st

from ...config import NetConfig
from ...i18n import t
from ...lessons import bn, figures, summaries, trained_claims, words
from .. import charts, pagefile, projector
from ..question import ask


@st.cache_data(max_entries=2, show_spinner=False)
def bn_numbers(seed: int = 0) -> dict | None:
    return bn.bn_study(seed)


def bn_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_bn_text", lang, n=bn.BN_IMAGES, net=bn.BN_NET))
    d = bn_numbers()
    if d is None:
        st.warning(t("ls_les_missing", lang, seed=0))
        return
    ask("batchnorm", t("ls_bn_q", lang), words.batchnorm_answer(d, lang), lang,
        facts={k: d[k] for k in ("acc_eval", "acc_train_batch", "acc_train_single")})
    st.table(words.batchnorm_table(d, lang))
    st.markdown(t("ls_bn_value", lang, z=d["z"], train=d["out_train"], eval=d["out_eval"]))
    pagefile.lesson_download("batchnorm", cfg, lang, study=bn_numbers)


@st.cache_data(max_entries=2, show_spinner=False)
def responses(seed: int = 0) -> bn.Responses | None:
    return bn.response_study(seed)


def responses_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_resp_text", lang, n=bn.BN_IMAGES))
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
    pagefile.lesson_download("responses", cfg, lang, study=responses)
