"""The whole app through Streamlit's AppTest: it runs, and the sidebar drives the numbers."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


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
    bad.query_params.update({"tab": "layers", "preset": "resnet9000", "widths": "1,2,3,4,5,6,7",
                             "input_size": "big"})
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
    app.query_params.update({"preset": "resnet50", "tab": "layers", "conventions": "true"})
    at = app.run()
    tools = next(d.value for d in at.dataframe if "Call" in d.value.columns)
    totals = dict(zip(tools["Call"], tools["Total"]))
    assert totals["FlopCountAnalysis(model.eval(), x).total()"] == 4_111_512_576
    assert totals["thop.profile(model, inputs=(x,))"] == 4_133_742_592
    assert "elementwise" not in " ".join(tools["What it counts"])
    zh = AppTest.from_file(APP, default_timeout=60)
    zh.query_params.update({"preset": "resnet50", "lang": "zh", "tab": "layers", "conventions": "true"})
    zh.run()
    tools = next(d.value for d in zh.dataframe if "调用" in d.value.columns)
    assert 8_211_108_352 in list(tools["总数"])
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r) for r in tools["计入的运算"])


def test_closed_conventions_panel_builds_nothing(app):
    """Closed (the default), the panel's tool table is not drawn: a rerun pays only for what shows."""
    at = app.run()
    assert not at.exception
    assert [e.label for e in at.expander if e.label == "How these are counted"]
    assert not [d for d in at.dataframe if "Call" in d.value.columns]


def test_layer_filter_comes_from_the_link(app):
    app.query_params.update({"preset": "resnet50", "layer_filter": "add", "tab": "layers"})
    at = app.run()
    assert not at.exception
    assert at.text_input(key="layer_filter").value == "add"
    layers = layer_table(at)
    assert len(layers) == 16 and set(layers["kind"]) == {"add"}  # 3 + 4 + 6 + 3 bottlenecks


# -- the shell: only the open tab runs, links carry the tab, language keeps the view --------------

def graphs(at):
    return at.get("graphviz_chart")


def test_only_the_open_tab_runs(app):
    at = app.run()  # ?tab=layers
    assert not at.exception and at.metric and not graphs(at)
    first = AppTest.from_file(APP, default_timeout=60).run()  # no tab in the link: "Start here"
    assert not first.exception
    assert not any(m.label == "Parameters" for m in first.metric)
    diagrams = AppTest.from_file(APP, default_timeout=60)
    diagrams.query_params["tab"] = "diagrams"
    diagrams.run()
    assert not diagrams.exception and graphs(diagrams)
    assert not any("MACs_formula" in d.value.columns for d in diagrams.dataframe)


def test_language_switch_keeps_the_tab_and_the_link():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"tab": "diagrams", "projector": "1", "preset": "resnet50"})
    at.run()
    n = len(graphs(at))
    assert n
    at.sidebar.segmented_control(key="language").set_value("zh").run()
    assert not at.exception
    assert at.title[0].value == "ResNet 探索器"
    assert len(graphs(at)) == n  # still the diagrams, now in Chinese
    link = {k: at.query_params[k] for k in ("tab", "projector", "preset", "lang")}
    assert link == {"tab": "diagrams", "projector": "1", "preset": "resnet50", "lang": "zh"}


def test_unknown_tab_in_a_link_opens_the_first_and_is_dropped():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tab"] = "](http://x)"
    at.run()
    assert not at.exception and "tab" not in at.query_params


def test_a_failing_view_says_one_sentence_and_logs(caplog):
    def page():
        from resnet_explorer.ui import safe

        safe.view(lambda: 1 / 0, "en")

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "This part of the page could not be shown; the error was logged on the server. "
        "Try another setting or reload the page."]
    assert "ZeroDivisionError" in caplog.text


def test_chinese_table1_layer_kinds_and_glossary(app):
    app.query_params.update({"lang": "zh", "tab": "layers"})
    at = app.run()
    assert not at.exception
    stages = next(d.value for d in at.dataframe if "block" in d.value.columns)
    assert stages["block"].iloc[0] == "7×7，64，步幅 2"
    assert stages["block"].iloc[-1] == "全局平均池化，全连接层"
    layers = layer_table(at)
    assert {"卷积", "批归一化", "相加"} <= set(layers["kind"])
    glossary = next(e for e in at.sidebar.expander if "术语表" in e.label)
    assert "步幅" in glossary.markdown[0].value


def test_clicking_a_tab_writes_it_into_the_link():
    """What the tabs' on_change does when a student opens another tab (AppTest cannot click tabs)."""
    def page():
        import streamlit as st

        from resnet_explorer.ui import url

        ids, labels = ["first", "second"], ["First", "Second"]
        st.session_state["tab_en"] = st.session_state.get("pick", "Second")
        url._remember(ids, labels, "tab_en")

    at = AppTest.from_function(page, default_timeout=30).run()
    assert at.query_params["tab"] == "second"
    at.session_state["pick"] = "First"
    at.run()
    assert "tab" not in at.query_params  # the first tab is the default: a clean link


def test_paper_figures_and_the_article_net_sit_beside_ours(app):
    app.query_params["preset"] = "resnet50"
    at = app.run()
    assert not at.exception
    printed = next(d.value for d in at.dataframe if "Δ" in d.value.columns)
    # He et al. 2015, Table 1 prints 3.8 x 10^9 for ResNet-50; the paper's net (stride on the first
    # 1x1) has 3,858,... MACs, torchvision's 4.089 G, and the cause names the stride placement.
    row = printed.iloc[0]
    assert row["printed"] == 3.8 and row["ours"] == 3.858 and row["Δ"] == "+0.058"
    assert "v1.5" in row["why they differ"] and "4.089" in row["why they differ"]
    at.sidebar.selectbox(key="preset").select("article_resnet20").run()
    assert not at.exception
    side = next(d.value for d in at.dataframe if "" in d.value.columns and "Depth" in d.value.columns)
    # the article's Keras ResNet20 vs the paper's ResNet-20 (counted by hand in the issue: 316,778 and
    # 269,722 params, 45,269,632 and 40,551,040 MACs at 32x32, 22 and 20 weighted layers)
    assert list(side["Parameters"]) == ["316,778", "269,722"]
    assert list(side["MACs"]) == ["45,269,632", "40,551,040"]
    assert list(side["Depth"]) == [22, 20]
    captions = " ".join(c.value for c in at.caption)
    assert "prints no count" in captions and "model.summary()" in captions and "publishes" not in captions
    assert any("paper's net of that name" in h.value for h in at.subheader)
    at.sidebar.selectbox(key="preset").select("simplified_resnet").run()
    assert any("same net without conv biases" in h.value for h in at.subheader)
