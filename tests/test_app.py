"""The whole app through Streamlit's AppTest: it runs, and the sidebar drives the numbers."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app():
    import streamlit as st

    st.cache_data.clear()
    return AppTest.from_file(APP, default_timeout=60)


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def layer_table(at):
    return next(d.value for d in at.dataframe if "MACs_formula" in d.value.columns)


def test_app_runs_and_preset_changes_totals(app):
    at = app.run()
    assert not at.exception
    assert metric(at, "Parameters") == "11.69M"
    at.sidebar.selectbox(key="preset").select("resnet50").run()
    assert not at.exception
    assert metric(at, "Parameters") == "25.56M"
    assert metric(at, "MACs") == "4.089G"
    # picking a preset resets the options to it
    assert at.sidebar.text_input(key="stages").value == "3,4,6,3"


def test_block_anatomy_numbers_are_shown(app):
    at = app.run()
    shown = {m.value for m in at.metric}
    assert {"69,632", "1,179,648", "73,728"} <= shown


def test_layer_table_and_downloads(app):
    app.query_params["tab"] = "layers"
    at = app.run()
    layers = layer_table(at)
    assert layers["params"].sum() == 11_689_512
    assert list(layers.columns[:4]) == ["name", "output", "params", "MACs"]  # pinned on the left
    assert layers["params_pct"].sum() == pytest.approx(100)
    assert layers["MACs_pct"].sum() == pytest.approx(100)
    # torchvision's layer1.0: out = bn2(conv2(...)) + identity; layer2.0 adds its downsample
    added = dict(zip(layers["name"], layers["connected_to"]))
    assert added["layer1.0.add"] == "layer1.0.bn2, layer1.0.shortcut"
    assert added["layer2.0.add"] == "layer2.0.bn2, layer2.0.downsample.1"
    labels = [b.label for b in at.get("download_button")]
    assert any("CSV" in label for label in labels)
    for kind in ("Markdown", "LaTeX", "PyTorch", "torchinfo"):
        button = next(b for b in at.get("download_button") if kind in b.proto.label)
        assert button.proto.ignore_rerun  # a download does not rerun the app


def test_bad_option_shows_a_message_not_a_traceback(app):
    at = app.run()
    at.sidebar.text_input(key="stages").input("3,x").run()
    assert not at.exception
    assert any("stages" in e.value for e in at.error)
    at.sidebar.text_input(key="stages").input("2,2").run()
    assert not at.exception and not at.error


def test_url_sets_the_network_and_bad_url_values_are_messages(app):
    app.query_params.update({"preset": "resnet20", "input_size": "40x24"})
    at = app.run()
    assert not at.exception
    assert metric(at, "Parameters") == "269.7k"
    first = layer_table(at).iloc[0]
    assert first["input"] == "3×40×24"
    bad = AppTest.from_file(APP, default_timeout=60)
    bad.query_params.update({"preset": "resnet9000", "widths": "1,2,3,4,5,6,7", "input_size": "big"})
    bad.run()
    assert not bad.exception
    assert any("input_size" in e.value for e in bad.error)


def test_chinese(app):
    app.query_params["lang"] = "zh"
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "ResNet 探索器"
    assert metric(at, "参数量") == "11.69M"


def test_conventions_panel_lists_each_tools_total_in_both_languages(app):
    """resnet50: the totals each tool printed when run on torchvision's resnet50 at 224x224."""
    app.query_params.update({"preset": "resnet50", "tab": "layers"})
    at = app.run()
    tools = next(d.value for d in at.dataframe if "Call" in d.value.columns)
    totals = dict(zip(tools["Call"], tools["Total"]))
    assert totals["FlopCountAnalysis(model.eval(), x).total()"] == 4_111_512_576
    assert totals["thop.profile(model, inputs=(x,))"] == 4_133_742_592
    assert "elementwise" not in " ".join(tools["What it counts"])
    zh = AppTest.from_file(APP, default_timeout=60)
    zh.query_params.update({"preset": "resnet50", "lang": "zh", "tab": "layers"})
    zh.run()
    tools = next(d.value for d in zh.dataframe if "调用" in d.value.columns)
    assert 8_211_108_352 in list(tools["总数"])
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r) for r in tools["计入的运算"])


def test_layer_filter_comes_from_the_link(app):
    app.query_params.update({"preset": "resnet50", "layer_filter": "add", "tab": "layers"})
    at = app.run()
    assert not at.exception
    assert at.text_input(key="layer_filter").value == "add"
    layers = layer_table(at)
    assert len(layers) == 16 and set(layers["kind"]) == {"add"}  # 3 + 4 + 6 + 3 bottlenecks
