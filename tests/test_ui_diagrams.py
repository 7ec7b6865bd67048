"""The diagrams tab driven through Streamlit's AppTest: numbers, sliders, expanders, colouring, export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from resnet_explorer.anatomy import block_anatomy
from resnet_explorer.presets import preset

NO_DOT = "Graphviz `dot` is not installed (apt-get install graphviz)"
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _app_resnet50() -> None:
    from resnet_explorer.presets import preset
    from resnet_explorer.ui import diagrams

    diagrams.show(preset("resnet50"), "en")


def _app_session_net() -> None:
    """The tab on whichever net the test names, so a test can change the net under the choices."""
    import streamlit as st

    from resnet_explorer.presets import preset
    from resnet_explorer.ui import diagrams

    diagrams.show(preset(st.session_state.get("net", "resnet50")), "en")


def _app_zh_plain() -> None:
    from resnet_explorer.presets import preset
    from resnet_explorer.ui import diagrams

    diagrams.show(preset("plain34"), "zh")


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _run(fn) -> AppTest:
    at = AppTest.from_function(fn, default_timeout=30).run()
    assert not at.exception
    return at


def _charts(at: AppTest) -> list[str]:
    return [el.proto.spec for el in at.get("graphviz_chart")]


def test_compare_view_shows_the_papers_numbers() -> None:
    at = _run(_app_resnet50)
    values = [m.value for m in at.metric]
    for number in ("69,632", "1,179,648", "73,728"):
        assert number in values
    assert any("16.9×" in md.value for md in at.markdown)
    # two blocks, three anatomy drawings, the whole network
    assert len(_charts(at)) == 6
    assert all("⊕" in dot for dot in _charts(at))


def test_compare_sliders_update_the_numbers() -> None:
    at = _run(_app_resnet50)
    at.select_slider(key="diagram_cmp_width").set_value(512)
    at.select_slider(key="diagram_cmp_hw").set_value(28)
    at.run()
    assert not at.exception
    bottleneck = block_anatomy("bottleneck", 512, 4, hw=(28, 28))
    values = [m.value for m in at.metric]
    assert f"{bottleneck.weights:,}" in values and f"{bottleneck.macs:,}" in values
    assert "278,528" in values  # 512·128 + 9·128·128 + 128·512, worked by hand


def test_expanding_a_stage_draws_each_of_its_blocks() -> None:
    at = _run(_app_resnet50)
    assert "layer3.4.add" not in _charts(at)[-1]
    at.multiselect(key="diagram_expand").set_value(["layer3"])
    at.run()
    assert not at.exception
    net = _charts(at)[-1]
    assert all(f'"layer3.{i}.add"' in net for i in range(6))


def _lab_state(lab_watch, trained, norms: dict[str, float]):
    """A session's lab watch whose latest step gave these block norms (one conv a block)."""
    from resnet_explorer.lab.budget import Estimate
    from resnet_explorer.lab.settings import TrainConfig
    from resnet_explorer.lab.task import lab_request
    from resnet_explorer.lab.trace import LayerMap, Trace
    from resnet_explorer.runs import State
    from resnet_explorer.spec import build_spec

    where = LayerMap.of(build_spec(trained))
    first = {b: where.layer_block.index(b) for b in norms}
    row = [0.0] * len(where.layers)
    for b, v in norms.items():
        row[first[b]] = v
    tr = Trace("net", trained, where)
    tr.append(0, 0.0, 0.1, {"loss": 1.0, "accuracy": 0.1, **{k: row for k in Trace.PER_LAYER},
                            **{k: [0.0] * len(where.blocks) for k in Trace.PER_BLOCK}})
    request = lab_request(trained, TrainConfig(), Estimate(1.0, 0, 1, 0, 0), 120.0)
    return lab_watch([tr], State.DONE, request)


def test_gradient_norms_from_the_lab_colour_the_network(lab_watch) -> None:
    at = AppTest.from_function(_app_resnet50, default_timeout=30)
    norms = {"layer1.0": 0.5, "layer4.2": 2.0}
    # measured on another net: not used
    at.session_state["watch_lab"] = _lab_state(lab_watch, preset("resnet34"), norms)
    at.run()
    assert "gradient norm (latest)" not in at.radio(key="diagram_metric").options
    at.session_state["watch_lab"] = _lab_state(lab_watch, preset("resnet50"), norms)
    at.run()
    assert "gradient norm (latest)" in at.radio(key="diagram_metric").options
    at.radio(key="diagram_metric").set_value("values")
    at.run()
    assert not at.exception
    assert "grad norm: 0.5" in _charts(at)[-1]


def test_chinese_plain_net_renders() -> None:
    at = _run(_app_zh_plain)
    assert any("权重" == m.label for m in at.metric)
    assert "无捷径" in _charts(at)[-1]


def test_downloads_without_dot_explain_how_to_enable_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    at = _run(_app_resnet50)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels and all(label == "Download DOT" for label in labels)
    assert any("apt-get install graphviz" in c.value for c in at.caption)


@pytest.mark.skipif(shutil.which("dot") is None, reason=NO_DOT)
def test_downloads_offer_svg_and_png_with_dot() -> None:
    at = _run(_app_resnet50)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Download DOT", "Download SVG", "Download PNG"} <= set(labels)


# -- links: every choice of this tab travels in the URL ------------------------------------------

def _link(query: dict[str, str | list[str]]) -> AppTest:
    """The whole app opened on a link to the diagrams of ResNet-50."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"tab": "diagrams", "preset": "resnet50", **query})
    at.run()
    assert not at.exception
    assert not at.error  # a view that failed says so in one st.error
    return at


def test_a_link_opens_on_its_diagram_choices() -> None:
    at = _link({"diagram_metric": "macs", "diagram_expand": "layer3", "diagram_cmp_width": "512",
                "diagram_cmp_basic_width": "128", "diagram_cmp_ratio": "2", "diagram_cmp_hw": "28",
                "diagram_block_a": "layer4.0", "diagram_block_b": "layer1.1"})
    assert at.radio(key="diagram_metric").value == "macs"
    assert at.multiselect(key="diagram_expand").value == ["layer3"]
    assert at.select_slider(key="diagram_cmp_width").value == 512
    assert at.select_slider(key="diagram_cmp_basic_width").value == 128
    assert at.slider(key="diagram_cmp_ratio").value == 2
    assert at.select_slider(key="diagram_cmp_hw").value == 28
    assert at.selectbox(key="diagram_block_a").value == "layer4.0"
    assert at.selectbox(key="diagram_block_b").value == "layer1.1"
    # The drawings follow: a bottleneck of width 512, ratio 2 (middle 256) at 28x28, worked by hand:
    # 512*256 + 9*256*256 + 256*512 = 851,968 weights; each weight used 28*28 times.
    values = [m.value for m in at.metric]
    assert "851,968" in values and f"{851_968 * 28 * 28:,}" in values
    net = _charts(at)[-1]
    assert all(f'"layer3.{i}.add"' in net for i in range(6))  # layer3 drawn block by block
    assert '"layer2.2.add"' not in net  # layer2 still folded
    # coloured by MACs: the stem's 7x7 conv, 7*7*3*64 weights at 112x112 = 118,013,952
    assert "MACs: 118M" in net and "params: " not in net


def test_a_link_with_bad_diagram_values_opens_on_the_defaults() -> None:
    at = _link({"diagram_cmp_width": "abc", "diagram_expand": "layer99", "diagram_metric": "values",
                "diagram_cmp_ratio": "99", "diagram_cmp_hw": "-1", "diagram_block_a": "layer9.9"})
    assert at.select_slider(key="diagram_cmp_width").value == 256
    assert at.multiselect(key="diagram_expand").value == []
    assert at.radio(key="diagram_metric").value == "params"  # no lab run: no gradient colouring
    assert at.slider(key="diagram_cmp_ratio").value == 4
    assert at.select_slider(key="diagram_cmp_hw").value == 56
    assert at.selectbox(key="diagram_block_a").value == "layer2.0"  # the first downsampling block
    for key in ("diagram_cmp_width", "diagram_expand", "diagram_metric", "diagram_block_a"):
        assert key not in at.query_params  # refused values leave the link


def test_a_link_keeps_the_good_stages_and_drops_the_rest() -> None:
    at = _link({"diagram_expand": ["layer2", "layer99"]})
    assert at.multiselect(key="diagram_expand").value == ["layer2"]


def test_choices_move_into_the_link() -> None:
    at = _link({})
    at.radio(key="diagram_metric").set_value("macs")
    at.multiselect(key="diagram_expand").set_value(["layer2", "layer4"])
    at.run()
    assert not at.exception
    # fixed ids, not the (translated) labels the widgets show: the link survives a language switch
    assert at.query_params["diagram_metric"] in ("macs", ["macs"])
    assert at.query_params["diagram_expand"] == ["layer2", "layer4"]
    at.sidebar.segmented_control(key="language").set_value("zh").run()
    assert not at.exception
    assert at.radio(key="diagram_metric").value == "macs"
    assert at.multiselect(key="diagram_expand").value == ["layer2", "layer4"]
    at.radio(key="diagram_metric").set_value("params").run()
    assert "diagram_metric" not in at.query_params  # the default is left out of the link


def test_choices_the_new_net_lacks_fall_back_without_error() -> None:
    at = _run(_app_session_net)
    at.multiselect(key="diagram_expand").set_value(["layer4"])
    at.selectbox(key="diagram_block_a").set_value("layer4.2")
    at.run()
    at.session_state["net"] = "resnet20"  # three stages of three blocks: no layer4
    at.run()
    assert not at.exception
    assert at.multiselect(key="diagram_expand").value == []
    assert at.selectbox(key="diagram_block_a").value == "layer2.0"
    assert "layer4" not in _charts(at)[-1]
