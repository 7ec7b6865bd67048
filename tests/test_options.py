"""Text options (CLI flags and URL query values) -> NetConfig."""

import contextlib
import io
import json
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _WithDrop(NetConfig):
    drop_blocks: int = 0


def test_a_new_option_needs_only_its_row(monkeypatch):
    """One row in the table: the CLI has its flag, the URL parser reads it, NetConfig checks it."""
    from resnet_explorer import config
    from resnet_explorer.cli import build_parser, main
    from resnet_explorer.fields import Kind, Option
    from resnet_explorer.options import parse_value

    row = Option("drop_blocks", "drop_blocks", Kind.INT, "blocks to drop at random", 0, 3)
    monkeypatch.setattr(config, "NET_OPTIONS", config.NET_OPTIONS + (row,))
    monkeypatch.setattr(config, "NetConfig", _WithDrop)  # the field the row sets
    summary = build_parser()._subparsers._group_actions[0].choices["summary"]
    assert "--drop-blocks" in summary.format_help() and "blocks to drop at random" in summary.format_help()
    assert parse_value("drop_blocks", " 2 ") == 2
    assert config_from_options({"drop_blocks": "2"}, base=_WithDrop()).drop_blocks == 2
    rule = "drop_blocks=7 is not allowed: must be a whole number from 0 to 3"
    with pytest.raises(ConfigError, match=rule):
        _WithDrop(drop_blocks=7)
    with pytest.raises(ConfigError, match=rule):
        config_from_options({"drop_blocks": "7"}, base=_WithDrop())
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["summary", "--drop-blocks", "inf"]) == 2
    assert err.getvalue() == f"resnet_explorer: error: {rule.replace('7', 'inf')}\n"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summary", "--drop-blocks", "2", "--json"]) == 0
    assert json.loads(out.getvalue())["config"]["drop_blocks"] == 2


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "1e30", str(10**30), "9" * 1999, "0x10", "½", "٣"])
def test_numbers_that_would_overflow_are_one_line_errors(text):
    for key in ("groups", "classes", "stages", "input_size", "widths"):
        with pytest.raises(ConfigError) as info:
            config_from_options({"block": "bottleneck", key: text})
        assert info.value.field == key and "\n" not in str(info.value) and len(str(info.value)) < 200


def test_widths_are_rederived_from_a_url_without_them():
    assert config_from_options({"preset": "resnet50", "stages": "2,2"}).widths == (64, 128)
    assert config_from_options({"preset": "resnet50", "stem": "cifar"}).widths == (16, 32, 64, 128)
    assert config_from_options({"preset": "resnet50", "stages": "2,2", "widths": "8,16"}).widths == (8, 16)
