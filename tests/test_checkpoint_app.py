"""The "Your weights" tab through AppTest, whose uploader takes bytes (streamlit 1.67's
`at.file_uploader(key=...).set_value((name, data, mime))`): good files open and open in the app,
hostile ones are one message each, never an exception, and their code never runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import torch
from safetensors.torch import save
from streamlit.testing.v1 import AppTest

from resnet_explorer import analyze, build_model, preset
from resnet_explorer.checkpoint import CheckpointError, Opened
from resnet_explorer.lessons.nets import lesson_config
from resnet_explorer.ui.checkpoint import handle_upload

from .hostile_files import canary_absent, hostile

APP = str(Path(__file__).resolve().parent.parent / "app.py")
MIME = "application/octet-stream"


def tab_alone(lang: str = "en") -> None:
    """The tab as the app runs it (behind safe.view), without the rest of the page."""
    from resnet_explorer.config import NetConfig
    from resnet_explorer.ui import checkpoint, safe

    safe.view(checkpoint.show, lang, NetConfig(), lang)


def _tab(lang: str = "en") -> AppTest:
    return AppTest.from_function(tab_alone, args=(lang,), default_timeout=60).run()


def _errors(at: AppTest) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]  # as shown: Markdown escapes removed


def test_hostile_uploads_are_one_message_each_and_never_run(tmp_path):
    at = _tab()
    assert not at.exception and at.file_uploader(key="ck_file")
    for key, (name, data, expected) in hostile(tmp_path).items():
        at.file_uploader(key="ck_file").set_value((name, data, MIME)).run()
        assert not at.exception, key
        assert len(_errors(at)) == 1 and _errors(at)[0].startswith(expected), (key, _errors(at))
        assert not at.success and not at.metric, key
    assert canary_absent(tmp_path)


def test_over_the_upload_limit_and_in_chinese(tmp_path):
    at = _tab("zh")
    at.file_uploader(key="ck_file").set_value(("big.safetensors", bytes(17 * 2**20), MIME)).run()
    assert not at.exception
    assert _errors(at) == ["文件大小 17.0 MB；此处上限为 16 MB。"]  # .streamlit/config.toml's limit
    name, data, _ = hostile(tmp_path)["zip_pickle_canary"]
    at.file_uploader(key="ck_file").set_value((name, data, MIME)).run()
    assert _errors(at)[0].startswith("已拒绝：文件中含有张量以外的 Python 对象")
    assert canary_absent(tmp_path)


def test_the_handler_directly(tmp_path):
    data = save(build_model(preset("resnet56"), seed=0).state_dict())
    opened = handle_upload("resnet56.safetensors", data, limit=16)
    assert isinstance(opened, Opened) and opened.config == preset("resnet56")
    name, bad, expected = hostile(tmp_path)["header_2gb_claim"]
    refused = handle_upload(name, bad, limit=16)
    assert isinstance(refused, CheckpointError) and str(refused).startswith(expected)


def test_a_file_opens_its_choices_change_it_and_lessons_run():
    cfg = preset("resnet20")  # the lessons' forward passes stay short
    at = _tab()
    data = save(build_model(cfg, seed=0).state_dict())
    at.file_uploader(key="ck_file").set_value(("r20.safetensors", data, MIME)).run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Parameters"] == f"{analyze(cfg).totals.params:,}"
    assert metrics["Same as preset"] == "resnet20"
    assert "strict=True" in at.success[0].value
    at.text_input(key="ck_input_size").input("64").run()
    macs = analyze(cfg.replace(input_size=(64, 64))).totals.macs
    assert {m.label: m.value for m in at.metric}["MACs"] == f"{macs:,}"
    at.text_input(key="ck_input_size").input("x").run()
    assert not at.exception and any("input_size" in e for e in _errors(at))
    at.button(key="ck_lessons_btn").click().run()
    assert not at.exception and [c for c in at.get("plotly_chart")]


def _layer_params(at: AppTest) -> int:
    return int(next(d.value for d in at.dataframe if "MACs_formula" in d.value.columns)["params"].sum())


@pytest.mark.parametrize("cfg", [preset("preact_resnet164"), lesson_config(20, True)],
                         ids=["preset", "custom"])
def test_open_in_the_app_shows_the_files_net_in_the_layer_table(cfg):
    import streamlit as st

    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tab"] = "checkpoint"
    at.run()
    at.file_uploader(key="ck_file").set_value(("net.pt", _pt_bytes(cfg), MIME)).run()
    assert not at.exception and not at.error
    at.button(key="ck_open").click().run()
    assert not at.exception and not at.error
    assert at.query_params["tab"] in ("layers", ["layers"])
    assert _layer_params(at) == analyze(cfg).totals.params


def _pt_bytes(cfg) -> bytes:
    buf = io.BytesIO()
    torch.save(build_model(cfg, seed=0).state_dict(), buf)
    return buf.getvalue()
