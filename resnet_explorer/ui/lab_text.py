"""The gradient lab's sentences: findings, notes, accuracies, and what a run trains."""

from __future__ import annotations

import streamlit as st

from .. import formatting
from ..config import NetConfig, Shortcut
from ..i18n import t
from ..lab.diagnostics import NET_FIELDS, diagnose
from ..lab.trace import Trace
from ..lab.training import HELD_OUT, TrainConfig, lab_config, twin_config
from ..spec import build_spec


def _words(values: dict, lang: str) -> dict[str, str]:
    """A finding's values as text: net labels and message keys translated, numbers formatted."""
    words = {}
    for k, v in values.items():
        if k in NET_FIELDS:
            words[k] = t(f"lab_net_{v}", lang)
        elif k.endswith("_key"):
            words[k[:-4]] = t(v, lang)
        else:
            words[k] = formatting.value(v)
    return words


def diagnostics(traces: list[Trace], i: int, lang: str) -> None:
    lines = ["- " + t(key, lang, **_words(values, lang)) for key, values in diagnose(traces, i)]
    lines += ["- " + t(tr.note, lang) for tr in traces if tr.note]
    lines += ["- " + _accuracy_line(tr, lang) for tr in traces if tr.eval_accuracy]
    if lines:
        st.markdown("\n".join(lines))


def _accuracy_line(tr: Trace, lang: str) -> str:
    step, held = tr.eval_accuracy[-1]
    n = max(1, len(tr) // 10)
    return t("lab_acc_line", lang, net=t(f"lab_net_{tr.label}", lang), held=f"{held:.0%}", n=HELD_OUT,
             step=step, batch=f"{sum(tr.accuracy[-n:]) / n:.0%}")


def what_trains(net: NetConfig, train: TrainConfig, lang: str) -> str:
    """One sentence naming the network(s) a run trains, on which data, as the run will build them."""
    fitted = lab_config(net, train.dataset)

    def name(cfg: NetConfig) -> str:
        kind = "plain" if cfg.shortcut is Shortcut.NONE else "residual"
        return t(f"lab_name_{kind}", lang, depth=build_spec(cfg).depth)

    twin = ""
    if train.twin:
        other = twin_config(fitted)
        change = "plain" if other.shortcut is Shortcut.NONE else "residual"
        twin = t("lab_trains_twin", lang, twin=name(other), change=t(f"lab_twin_change_{change}", lang))
    return t("lab_trains", lang, net=name(fitted), widths="/".join(map(str, fitted.widths)), twin=twin,
             data=t(f"lab_data_{train.dataset}", lang), size=fitted.input_size[0],
             classes=fitted.num_classes, steps=train.steps, batch=train.batch_size)
