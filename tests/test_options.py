"""Text options (CLI flags and URL query values) -> NetConfig."""

import pytest

from resnet_explorer import ConfigError, NetConfig, preset
from resnet_explorer.options import config_from_options


def test_preset_with_overrides():
    cfg = config_from_options({"preset": "resnet50", "input_size": "32x48", "classes": "10"})
    assert cfg == preset("resnet50").replace(input_size=(32, 48), num_classes=10)


def test_changing_stages_recomputes_default_widths():
    cfg = config_from_options({"stem": "cifar", "stages": "2,2"})
    assert cfg.widths == (16, 32)
    assert config_from_options({"stages": "1,1", "widths": "8,8"}).widths == (8, 8)


def test_booleans():
    assert config_from_options({"preact": "true", "bn": "0"}) == NetConfig(preact=True, batchnorm=False)


@pytest.mark.parametrize("options,field", [
    ({"preset": "x"}, "preset"), ({"stages": ""}, "stages"), ({"groups": "two"}, "groups"),
    ({"preact": "maybe"}, "preact"), ({"input_size": "3x4x5"}, "input_size"), ({"color": "red"}, "color"),
    ({"widths": "1" * 3000}, "widths"), ({"stride_at": "v2"}, "stride_at"),
])
def test_bad_options_raise_config_error_naming_the_field(options, field):
    with pytest.raises(ConfigError) as info:
        config_from_options(options)
    assert info.value.field == field


@pytest.mark.parametrize("name", ["resnet50", "resnext50_32x4d", "preact_resnet164", "plain20"])
def test_config_round_trips_through_json(name):
    import json

    cfg = preset(name)
    assert NetConfig(**json.loads(json.dumps(cfg.as_dict()))) == cfg
