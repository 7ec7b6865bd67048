"""The lab's option table: TrainConfig's bounds and the lab widgets come from the same rows, and a
link carries the lab settings (AppTest)."""

import pytest
from streamlit.testing.v1 import AppTest

from resnet_explorer import ConfigError
from resnet_explorer.lab.settings import TRAIN_OPTIONS
from resnet_explorer.lab.training import TrainConfig

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
                            "lab_flip": "false"})
    at.run()
    assert not at.exception and not at.error
    steps = at.number_input(key="lab_steps")
    assert (steps.min, steps.max, steps.value) == (1, 100_000, 7)
    assert at.selectbox(key="lab_optimizer").value == "adam"
    assert at.select_slider(key="lab_batch").value == 16
    assert at.checkbox(key="lab_flip").value is False
    at.number_input(key="lab_seed").set_value(5).run()
    assert at.query_params["lab_seed"] in ("5", ["5"])


@pytest.mark.parametrize("key,value", [("lab_steps", "inf"), ("lab_seed", "-inf"), ("lab_warmup", "1e400"),
                                       ("lab_batch", "inf"), ("lab_lr", "nan"), ("lab_steps", "9" * 400)])
def test_hostile_lab_values_are_messages(key, value):
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.query_params[key] = value
    at.run()
    assert not at.exception


def test_every_lab_option_has_a_label_in_both_languages():
    from resnet_explorer.i18n import STRINGS

    for opt in TRAIN_OPTIONS:
        assert "lab_" + opt.key in STRINGS["en"] and "lab_" + opt.key in STRINGS["zh"]
