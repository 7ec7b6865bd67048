"""The lab's option table: TrainConfig's bounds and the lab widgets come from the same rows, and a
link carries the lab settings (AppTest)."""

import pytest
from streamlit.testing.v1 import AppTest

from resnet_explorer import ConfigError, formatting
from resnet_explorer.lab.settings import TRAIN_OPTIONS, TrainConfig
from resnet_explorer.ui import lab

SCRIPT = """
from resnet_explorer.presets import preset
from resnet_explorer.ui import lab
lab.show(preset("resnet20"), "en")
"""


def test_defaults_and_suggestions_lie_within_the_bounds():
    d = TrainConfig()
    for opt in TRAIN_OPTIONS:
        assert all(opt.lo <= v <= opt.hi for v in opt.suggested), opt.key
        if opt.kind in ("int", "float"):
            assert opt.lo <= getattr(d, opt.field) <= opt.hi, opt.key


@pytest.mark.parametrize("change,key", [
    ({"steps": 100_001}, "steps"), ({"warmup_steps": -1}, "warmup"), ({"batch_size": 4097}, "batch"),
    ({"lr": float("inf")}, "lr"), ({"lr": float("nan")}, "lr"), ({"lr": 0}, "lr"),
    ({"seed": 2**31}, "seed"), ({"optimizer": "rmsprop"}, "optimizer"), ({"twin": "yes"}, "twin"),
    ({"steps": 10**30}, "steps"), ({"batch_size": 32.0}, "batch"),
])
def test_train_config_refuses_with_the_tables_rule(change, key):
    with pytest.raises(ConfigError) as info:
        TrainConfig(**change)
    assert info.value.field == key and str(info.value).count("\n") == 0


def test_widgets_have_the_tables_bounds_and_the_link_carries_them():
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.query_params.update({"lab_steps": "7", "lab_optimizer": "adam", "lab_batch": "16",
                            "lab_flip": "false", "lab_dataset": "synthetic"})
    at.run()
    assert not at.exception and not at.error
    steps = at.number_input(key="lab_steps")
    assert (steps.min, steps.max, steps.value) == (1, 100_000, 7)
    assert at.selectbox(key="lab_optimizer").value == "adam"
    assert at.select_slider(key="lab_batch").value == 16
    assert at.checkbox(key="lab_flip").value is False
    at.number_input(key="lab_seed").set_value(5).run()
    assert at.query_params["lab_seed"] in ("5", ["5"])


@pytest.mark.parametrize("key,value", [("lab_net", "[x](http://e)"),
                                       ("lab_steps", "inf"), ("lab_seed", "-inf"), ("lab_warmup", "1e400"),
                                       ("lab_batch", "inf"), ("lab_lr", "nan"), ("lab_steps", "9" * 400)])
def test_hostile_lab_values_are_messages(key, value):
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.query_params[key] = value
    at.run()
    assert not at.exception


def test_every_lab_option_has_a_label_in_both_languages():
    from resnet_explorer.i18n import STRINGS

    for opt in lab.LAB_OPTIONS:
        assert "lab_" + opt.key in STRINGS["en"] and "lab_" + opt.key in STRINGS["zh"]


def _other_value(opt):
    """A value of the option other than TrainConfig's default, as its widget holds it."""
    default = getattr(TrainConfig(), opt.field)
    if opt.choices:
        return next(c for c in opt.choices if c != default)
    if opt.suggested:
        return next(v for v in opt.suggested if v != default)
    if opt.kind == "bool":
        return not default
    return default + 3


def _widget(at: AppTest, opt):
    key = "lab_" + opt.key
    if opt.choices:
        return at.selectbox(key=key)
    if opt.suggested:
        return at.select_slider(key=key)
    if opt.kind == "int":
        return at.number_input(key=key)
    return at.checkbox(key=key) if opt.widget == "checkbox" else at.toggle(key=key)


def test_every_lab_setting_goes_into_the_link_and_comes_back():
    """Each setting changed on one page is in its link; a new page opened on that link shows them all.
    The setting's values, not the words on screen, for the choices (a language switch keeps the link).
    AppTest does not write widgets bound to the URL (bind="query-params") into its query params (the
    browser does): those are put in the link as the browser writes them."""
    from resnet_explorer.ui.links import synced_by_hand

    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.run()
    at.radio(key="lab_net").set_value("sidebar")
    wanted = {opt.key: _other_value(opt) for opt in lab.LAB_OPTIONS}
    at.selectbox(key="lab_dataset").set_value(wanted["dataset"]).run()  # flips exist off the gratings only
    for opt in lab.LAB_OPTIONS:
        _widget(at, opt).set_value(wanted[opt.key])
    at.run()
    assert not at.exception
    by_hand = {"lab_" + opt.key for opt in lab.LAB_OPTIONS if synced_by_hand(opt)} | {"lab_net"}
    link = {k: at.query_params[k] for k in at.query_params}
    assert set(link) == by_hand and link["lab_net"] == "sidebar"  # the value, not the words on screen
    bound = [opt for opt in lab.LAB_OPTIONS if not synced_by_hand(opt)]
    # A bound slider's link carries its label (formatting.value: 1e-04), a switch true/false.
    text = {opt.key: formatting.value(wanted[opt.key]) if opt.suggested else str(wanted[opt.key]).lower()
            for opt in bound}
    link |= {"lab_" + key: value for key, value in text.items()}
    fresh = AppTest.from_string(SCRIPT, default_timeout=30)
    fresh.query_params.update(link)
    fresh.run()
    assert not fresh.exception and not fresh.error
    assert fresh.radio(key="lab_net").value == "sidebar"
    assert {opt.key: _widget(fresh, opt).value for opt in lab.LAB_OPTIONS} == wanted


def test_flips_are_off_for_the_gratings_and_say_why():
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.run()
    flip = at.checkbox(key="lab_flip_off")
    assert flip.disabled and flip.value is False and "mirrored grating" in flip.help
