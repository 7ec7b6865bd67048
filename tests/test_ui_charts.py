"""Every chart in the views has its sentence under it and every diagram its text alternative (AppTest),
the sentence is body text in projector mode, and the static pages' download buttons build the page
only when clicked, each lesson's the page the `page` command writes."""

from __future__ import annotations

import json
from unittest.mock import patch

import pytest
import streamlit as st
from safetensors.torch import save
from streamlit.testing.v1 import AppTest

from resnet_explorer import analyze, build_model, preset
from resnet_explorer.checkpoint import summaries as ck_summaries
from resnet_explorer.checkpoint.inside import SMALL, block_gammas, weight_norms
from resnet_explorer.diagrams import compare_blocks
from resnet_explorer.diagrams.describe import anatomy_alt, block_alt, net_alt
from resnet_explorer.formatting import measured
from resnet_explorer.i18n import t
from resnet_explorer.lab import summaries as lab_summaries
from resnet_explorer.lessons import economics
from resnet_explorer.lessons import summaries as lesson_summaries
from resnet_explorer.runs import State
from resnet_explorer.ui.charts import LONGEST
from resnet_explorer.ui.safe import plain


def shown(text: str) -> str:
    return plain(text, LONGEST)


@pytest.fixture(autouse=True)
def _clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def _lesson(root, lesson: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    at.query_params["lesson"] = lesson
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


def test_the_bottleneck_chart_says_its_points_and_offers_its_page(root):
    families, current = economics.scaling_points(preset("resnet18"))  # the sidebar's default net
    with patch("resnet_explorer.ui.pagefile.lesson_page", side_effect=AssertionError("built")):
        at = _lesson(root, "bottleneck")
        at.run()
    assert shown(lesson_summaries.scaling(families, current, "en")) in [c.value for c in at.caption]
    button = next(b for b in at.get("download_button") if b.proto.label == t("pg_download", "en"))
    assert button.proto.ignore_rerun and button.proto.HasField("deferred_file_id")  # built on click only
    on = _lesson(root, "bottleneck", projector="1", lang="zh")
    said = shown(lesson_summaries.scaling(families, current, "zh"))
    assert said in [m.value for m in on.markdown] and said not in [c.value for c in on.caption]


def _offers_its_page(at: AppTest) -> None:
    button = next(b for b in at.get("download_button") if b.proto.label == t("pg_download", "en"))
    assert button.proto.ignore_rerun and button.proto.HasField("deferred_file_id")  # built on click only


def test_the_block_lessons_diagrams_have_their_text_and_it_offers_its_page(root):
    with patch("resnet_explorer.ui.pagefile.lesson_page", side_effect=AssertionError("built")):
        at = _lesson(root, "block")
    a = analyze(preset("resnet18"))
    captions = [c.value for c in at.caption]
    assert shown(block_alt(a, "layer1.0")) in captions and shown(block_alt(a, "layer2.0")) in captions
    _offers_its_page(at)


def test_the_gradflow_chart_says_its_sweep_and_the_lesson_offers_its_page(root):
    from resnet_explorer.lessons import recordings

    with patch("resnet_explorer.ui.pagefile.lesson_page", side_effect=AssertionError("built")):
        at = _lesson(root, "gradflow")
    flows = recordings.recorded_flows(recordings.read_json(recordings.gradflow_path()), "pytorch", 0)
    assert shown(lab_summaries.sweep(flows, True, "stream", "en")) in [c.value for c in at.caption]
    _offers_its_page(at)


def test_the_diagrams_tab_has_a_text_under_every_diagram():
    def tab():
        from resnet_explorer.presets import preset
        from resnet_explorer.ui import diagrams

        diagrams.show(preset("resnet50"), "zh")

    at = AppTest.from_function(tab, default_timeout=60).run()
    assert not at.exception
    a, cmp = analyze(preset("resnet50")), compare_blocks()
    expected = [block_alt(a, "layer2.0", "zh"), block_alt(a, "layer2.1", "zh"),
                anatomy_alt(cmp.bottleneck, "zh"), anatomy_alt(cmp.basic_same_width, "zh"),
                anatomy_alt(cmp.basic, "zh"), net_alt(a, metric="params", lang="zh")]
    captions = [c.value for c in at.caption]
    assert all(shown(text) in captions for text in expected)
    assert len(at.get("graphviz_chart")) == len(expected)


def test_the_layer_tab_offers_its_page_built_on_click(app):
    with patch("resnet_explorer.ui.pagefile.net_report", side_effect=AssertionError("built")):
        at = app.run()
        at.run()
    assert not at.exception
    button = next(b for b in at.get("download_button") if b.proto.label == t("pg_download", "en"))
    assert button.proto.ignore_rerun and button.proto.HasField("deferred_file_id")


def test_a_finished_lab_run_says_what_each_chart_shows(make_trace, lab_watch):
    from resnet_explorer.ui import labrun

    w = lab_watch([make_trace(12), make_trace(12, "twin")], State.DONE)
    at = AppTest.from_string("from resnet_explorer.ui import lab_live\nlab_live.show('en')",
                             default_timeout=30)
    at.session_state["watch_lab"] = w
    at.run()
    assert not at.exception
    traces = labrun.traces(w)
    said = lab_summaries.all_summaries(traces, 11, "en")
    captions = [c.value for c in at.caption]
    assert len(said) == len(at.get("plotly_chart")) == 6
    assert all(shown(text) in captions for text in said.values())


def test_the_uploaded_nets_charts_say_what_they_show():
    cfg = preset("resnet20")
    data = save(build_model(cfg, seed=0).state_dict())

    def inside(data: bytes) -> None:
        from resnet_explorer.ui import checkpoint_inside
        from resnet_explorer.ui.checkpoint import handle_upload

        checkpoint_inside.show(handle_upload("r20.safetensors", data, limit=16), "f", "en", False)

    at = AppTest.from_function(inside, args=(data,), default_timeout=60).run()
    assert not at.exception
    model = build_model(cfg, seed=0)
    captions = [c.value for c in at.caption]
    assert shown(ck_summaries.norms(weight_norms(model), "en")) in captions
    assert shown(ck_summaries.gammas(block_gammas(model), SMALL, "en")) in captions
    at.button(key="ck_lessons_btn").click().run()
    assert not at.exception and any(c.value.startswith("Std of each block") for c in at.caption)


def test_the_depth_sweep_says_each_kinds_ratio():
    at = AppTest.from_string("from resnet_explorer.ui import lab_sweep\nlab_sweep.show('en')",
                             default_timeout=30)
    at.session_state["lab_sweep"] = True
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    said = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("Input end")]
    assert len(said) == 1 and "plain: " in said[0] and "at depth 110" in said[0]
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    for trace in figure["data"]:  # each line drawn: its first point over its last
        first, last = trace["y"][0], trace["y"][-1]
        assert (measured(first / last) if first and last else "no ratio") in said[0], trace["name"]


@pytest.mark.parametrize("lesson", ["block", "degradation", "lesion", "gradflow", "bottleneck", "batchnorm",
                                    "responses"])
def test_each_lessons_button_hands_over_the_page_the_command_writes(root, lesson):
    from resnet_explorer.pages import lesson_page

    builds = {}
    with patch("resnet_explorer.ui.pagefile.download",
               lambda build, name, key, lang: builds.__setitem__(name, build)):
        _lesson(root, lesson)
    assert list(builds) == [f"lesson-{lesson}-en.html"]
    assert builds[f"lesson-{lesson}-en.html"]() == lesson_page(lesson, preset("resnet18"), "en").render()
