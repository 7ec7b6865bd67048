"""The "Your weights" tab: upload a weights file, see the ResNet inferred from it, open it in the app.

Nothing is kept between reruns but the upload itself (Streamlit holds its bytes while it is in the
widget) and the lessons' numbers: opening is a header check, tensor views of those bytes, a meta-device
build and a strict load, a fraction of a second even for ResNet-50, so a file is never held twice.
`handle_upload` is the whole path from bytes to an Opened net or a one-line refusal; the app's tests
drive it through AppTest's uploader, and call it directly as well.
"""

from __future__ import annotations

import streamlit as st

from ..checkpoint import CHOICES, CheckpointError, Opened, inspect_bytes, matching_preset, url_options
from ..checkpoint.opened import describe
from ..config import NET_OPTIONS
from ..fields import ConfigError, to_text
from ..i18n import t
from ..options import config_from_options, parse_value
from . import checkpoint_inside, projector
from .links import CUSTOM_WIDTHS, widget_value
from .safe import plain

UPLOAD = "ck_file"
ACCEPTED = ["safetensors", "pt", "pth", "onnx"]  # .onnx only to say why it is not read


def limit_mb() -> int:
    """The upload limit: the server's own (`server.maxUploadSize`); a widget cannot raise it, because
    the server refuses any larger upload before the app sees it."""
    return int(st.get_option("server.maxUploadSize"))


def handle_upload(name: str, data: bytes, choices: dict[str, str] | None = None,
                  limit: float | None = None) -> Opened | CheckpointError:
    """An upload's bytes -> the net in them, or the refusal (never raised: shown as one line)."""
    try:
        return inspect_bytes(name, data, limit_mb() if limit is None else limit, choices)
    except CheckpointError as err:
        return err


def _choices(lang: str) -> dict[str, str]:
    """What the reader set for what the weights cannot tell; a bad value is a message, then ignored."""
    out = {}
    for key in CHOICES:
        value = st.session_state.get(f"ck_{key}")
        if value in (None, ""):
            continue
        try:
            parse_value(key, str(value))
            out[key] = str(value)
        except ConfigError as err:
            st.error(t("ck_bad_choice", lang, message=plain(str(err))))
    return out


def _open_in_app(options: dict[str, str], lang: str) -> None:
    """Set the sidebar to the file's net (as picking a preset does) and open the layer tab."""
    cfg = config_from_options(options)
    st.session_state["preset"] = options["preset"]
    st.session_state.update({o.key: widget_value(o, cfg) for o in NET_OPTIONS})
    st.session_state[CUSTOM_WIDTHS] = "widths" in options
    st.session_state[f"tab_{lang}"] = t("tab_layers", lang)
    st.query_params["tab"] = "layers"


def _choice_widgets(opened: Opened, lang: str) -> None:
    cfg = opened.config
    fields = {n.field for n in opened.inference.assumed}
    cols = st.columns(3)
    if "stride_at" in fields:
        cols[0].segmented_control(t("stride_at", lang), ["v1", "v1.5"], default=cfg.stride_at.value,
                                  key="ck_stride_at", required=True)
    size = to_text(next(o for o in NET_OPTIONS if o.field == "input_size"), cfg.input_size)
    cols[1].text_input(t("input_size", lang), size, key="ck_input_size")
    if "shortcut" in fields:
        cols[2].segmented_control(t("shortcut", lang), ["A", "none"], default=cfg.shortcut.value,
                                  key="ck_shortcut", required=True)


def _summary(opened: Opened, lang: str) -> None:
    cfg, w = opened.config, opened.weights
    from ..analysis import analyze

    totals = analyze(cfg).totals
    st.success(t("ck_loaded", lang, n=len(w.tensors), net=plain(describe(cfg))))
    cols = st.columns(3)
    cols[0].metric(t("ck_params", lang), f"{totals.params:,}")
    cols[1].metric(t("ck_macs", lang), f"{totals.macs:,}", help=t("ck_macs_help", lang))
    name = matching_preset(cfg)
    cols[2].metric(t("ck_preset", lang), name or t("ck_no_preset", lang))
    options = url_options(cfg)
    st.button(t("ck_open_in_app", lang), key="ck_open", type="primary", on_click=_open_in_app,
              args=(options, lang), help=t("ck_open_help", lang))
    query = "&".join(f"{k}={v}" for k, v in {**options, "tab": "layers"}.items())
    st.caption(t("ck_link", lang))
    st.code("?" + query, language=None)
    notes = [*opened.renamed, *opened.inference.found]
    st.subheader(t("ck_found_header", lang))
    st.markdown("\n".join(f"- {plain(n.text(lang), 400)}" for n in notes))
    if w.found_in:
        st.caption(t("ck_found_in", lang, key=plain(w.found_in)))
    if opened.converted:
        st.caption(t("ck_converted", lang, n=opened.converted))
    st.subheader(t("ck_assumed_header", lang))
    st.markdown("\n".join(f"- {plain(n.text(lang), 400)}" for n in opened.inference.assumed))
    _choice_widgets(opened, lang)


def show(cfg, lang: str) -> None:
    st.header(t("ck_header", lang))
    limit = limit_mb()
    st.markdown(t("ck_intro", lang, limit=limit))
    up = st.file_uploader(t("ck_upload", lang, limit=limit), type=ACCEPTED, key=UPLOAD,
                          max_upload_size=limit, help=t("ck_upload_help", lang))
    if up is None:
        st.caption(t("ck_how_to_save", lang))
        st.code('torch.save(model.state_dict(), "net.pt")\n'
                'safetensors.torch.save_file(model.state_dict(), "net.safetensors")', language="python")
        return
    if st.session_state.get("ck_for") != up.file_id:  # a new file: its own choices
        for key in CHOICES:
            st.session_state.pop(f"ck_{key}", None)
        st.session_state["ck_for"] = up.file_id
        st.session_state.pop("ck_lessons", None)
    result = handle_upload(up.name, up.getvalue(), _choices(lang), limit)
    if isinstance(result, CheckpointError):
        st.error(plain(result.text(lang), 600))
        return
    _summary(result, lang)
    checkpoint_inside.show(result, up.file_id, lang, projector.enabled())
