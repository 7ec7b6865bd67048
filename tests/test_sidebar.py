"""The sidebar through AppTest: widgets from the option table, widths that follow the stages,
hostile URL values as one-line messages."""

import re

import pytest

from resnet_explorer import config


def params(at) -> str:
    return next(m.value for m in at.metric if m.label == "Parameters")


def test_every_option_of_the_table_has_its_widget(app):
    at = app.run()
    keys = {w.key for w in at.sidebar if getattr(w, "key", None)}
    assert {opt.key for opt in config.NET_OPTIONS} <= keys
    groups = at.sidebar.number_input(key="groups")
    assert (groups.min, groups.max) == (1, 1024)  # the table's bounds


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_choice_tooltips_list_the_enums_values_in_the_readers_language(app, lang):
    from resnet_explorer.fields import help_text

    app.query_params["lang"] = lang
    at = app.run()
    tooltips = {w.key: w.proto.help for w in at.sidebar if getattr(w, "key", None)}
    for opt in config.NET_OPTIONS:
        assert tooltips[opt.key] == help_text(opt, lang)
        assert all(v in tooltips[opt.key] for v in opt.values)
    if lang == "zh":
        assert "A：恒等映射，通道增加处补零。B：" in tooltips["shortcut"]
        assert not re.search("[A-Za-z]{4,}", tooltips["classes"] + tooltips["in_channels"])


def test_widths_follow_the_stages_and_show_what_the_net_uses(app):
    at = app.run()
    at.sidebar.text_input(key="stages").input("2,2").run()
    assert not at.exception and not at.error
    assert at.sidebar.text_input(key="widths").value == "64,128"
    # typed widths are the student's own, as long as they are not reset by new stages
    at.sidebar.text_input(key="widths").input("32,64").run()
    assert not at.error and at.sidebar.text_input(key="widths").value == "32,64"
    at.sidebar.segmented_control(key="stem").set_value("cifar").run()
    assert at.sidebar.text_input(key="widths").value == "16,32"
    assert not at.error


def test_url_stages_without_widths_show_the_derived_widths(app):
    app.query_params.update({"preset": "resnet50", "stages": "2,2,2"})
    at = app.run()
    assert not at.exception and not at.error
    assert at.sidebar.text_input(key="widths").value == "64,128,256"


@pytest.mark.parametrize("key,value", [
    ("groups", "inf"), ("groups", "-inf"), ("classes", "nan"), ("width_multiplier", "1e30"),
    ("in_channels", str(10**30)), ("stages", "9" * 500), ("input_size", "1e30"),
])
def test_numbers_that_would_overflow_are_messages(app, key, value):
    app.query_params.update({"block": "bottleneck", key: value})
    at = app.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith(key + " = ") for e in errors), errors
    assert all("\n" not in e for e in errors)


def test_whole_numbers_travel_in_the_link(app):
    app.query_params.update({"preset": "resnet50", "groups": "32", "width_per_group": "4"})
    at = app.run()
    assert not at.exception and not at.error
    assert params(at) == "25.03M"  # resnext50_32x4d, torchvision's 25,028,904
    at.sidebar.number_input(key="groups").set_value(8).run()
    assert at.query_params["groups"] in ("8", ["8"])


def test_a_url_value_is_never_rendered_as_a_link(app):
    app.query_params["stages"] = "[log in again](http://example.com) ![x](http://example.com/p.png)"
    at = app.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "stages" in shown and "](http" not in shown and "http://" not in shown


def test_a_net_too_large_to_show_is_a_message(app):
    app.query_params.update({"stem": "cifar", "block": "bottleneck", "stages": "500,500,500,500,500,500",
                             "shortcut": "C", "input_size": "4096", "classes": "100000"})
    at = app.run()
    assert not at.exception
    assert any("750" in e.value for e in at.error)  # blocks, before anything is built


def test_a_net_over_the_row_limit_is_a_message_from_the_exact_analysis(app):
    app.query_params.update({"stem": "cifar", "block": "bottleneck", "stages": "250,250,250",
                             "shortcut": "C", "input_size": "32"})
    at = app.run()
    assert not at.exception
    assert any("9,0" in e.value and "6,000" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.metric  # no view ran


def test_the_sources_options_and_nets_from_the_sidebar(app):
    app.query_params["preset"] = "article_resnet20"
    at = app.run()
    assert not at.exception and not at.error
    assert params(at) == "316.8k"  # the article's Keras count, 316,778
    assert at.sidebar.toggle(key="bias").value is True
    at.sidebar.toggle(key="bias").set_value(False).run()
    assert params(at) == "316.0k"  # 316,778 - 784 conv biases = 315,994
    at.sidebar.segmented_control(key="transition").set_value("block").run()
    assert not at.error and params(at) == "269.7k"  # the paper's ResNet-20


def test_a_link_with_the_former_stem_width_key_opens_and_is_rewritten(app):
    app.query_params.update({"preset": "resnet20", "shortcut": "B", "stem_width": "24"})
    at = app.run()
    assert not at.exception and not at.error
    assert at.sidebar.number_input(key="stem_channels").value == 24
    assert at.query_params.get("stem_channels") in ("24", ["24"]) and "stem_width" not in at.query_params
