"""NetConfig: coercion and validation from the option table, derived widths."""

import pytest

from resnet_explorer import ConfigError, NetConfig, preset
from resnet_explorer.config import NET_OPTIONS
from resnet_explorer.fields import Kind


def test_bad_values_name_the_option():
    cases = [({"stages": ()}, "stages"), ({"widths": (64, 128)}, "widths"), ({"groups": 2}, "groups"),
             ({"shortcut": "D"}, "shortcut"), ({"input_size": (0, 5)}, "input_size"),
             ({"block": "bottleneck", "groups": 3, "width_per_group": 0}, "width_per_group"),
             ({"stages": (2, 2), "widths": (64, 32), "shortcut": "A"}, "shortcut"),
             ({"preact": "yes"}, "preact"), ({"num_classes": 0}, "classes"), ({"batchnorm": 1}, "bn")]
    for change, key in cases:
        with pytest.raises(ConfigError) as info:
            NetConfig(**change)
        assert info.value.field == key and str(info.value).startswith(key + "=")


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 1e30, 10**30, -(10**400),
                                   2.0, True, "3", None])
def test_no_number_can_overflow_from_python(value):
    for field, key in (("groups", "groups"), ("num_classes", "classes"), ("in_channels", "in_channels")):
        with pytest.raises(ConfigError) as info:
            NetConfig(block="bottleneck", **{field: value})
        assert info.value.field == key and len(str(info.value)) < 120
    with pytest.raises(ConfigError):
        NetConfig(stages=(2, value))
    with pytest.raises(ConfigError):
        NetConfig(input_size=(value, 32))


def test_every_bound_is_a_row():
    """The rule a message states is the bound the check applies (one source)."""
    for opt in NET_OPTIONS:
        if opt.kind is Kind.INT:
            field = opt.field
            base = {"block": "bottleneck"} if field in ("groups", "width_per_group") else {}
            NetConfig(**base, **{field: int(opt.hi)})
            with pytest.raises(ConfigError, match=f"from {int(opt.lo)} to {int(opt.hi)}"):
                NetConfig(**base, **{field: int(opt.hi) + 1})


def test_numpy_integers_are_whole_numbers():
    import numpy as np

    assert NetConfig(num_classes=np.int64(10)).num_classes == 10


def test_replacing_stages_rederives_the_widths():
    """preset("resnet50").replace(stages=(2, 2)): the widths follow (issue: it used to raise)."""
    cfg = preset("resnet50").replace(stages=(2, 2))
    assert cfg.widths == (64, 128)
    assert preset("resnet18").replace(stem="cifar").widths == (16, 32, 64, 128)
    assert preset("resnet20").replace(stages=(1, 1, 1, 1)).widths == (16, 32, 64, 128)
    # given widths are kept, and widths alone change only the widths
    assert preset("resnet18").replace(stages=(1, 1), widths=(8, 8)).widths == (8, 8)
    assert preset("resnet18").replace(widths=(8, 16, 32, 64)).stages == (2, 2, 2, 2)
    # a change that does not touch stages or stem keeps custom widths
    assert NetConfig(widths=(8, 16, 32, 64)).replace(num_classes=10).widths == (8, 16, 32, 64)
    with pytest.raises(ConfigError, match="one width per stage"):
        NetConfig(stages=(2, 2), widths=(64, 128, 256))


def test_rederived_net_counts_by_hand():
    """resnet50 cut to two stages, counted by hand: stem 9,408 + 128; layer1 75,008 + 70,400;
    layer2 379,392 + 280,064; fc 513,000."""
    from resnet_explorer import analyze

    assert analyze(preset("resnet50").replace(stages=(2, 2))).totals.params == 1_327_400


def test_every_option_has_a_label_and_a_help_in_both_languages():
    from resnet_explorer.i18n import STRINGS

    for opt in NET_OPTIONS:
        for key in (opt.key, f"{opt.key}_help"):
            assert key in STRINGS["en"] and key in STRINGS["zh"], key
        for value in opt.values:  # each enum value explained, in Chinese too
            note = f"{opt.key}_{value}"
            assert note in STRINGS["en"] and STRINGS["zh"].get(note, "") not in ("", STRINGS["en"][note])


def test_a_net_with_too_many_blocks_is_refused_before_anything_is_built(monkeypatch):
    from resnet_explorer import config, spec
    from resnet_explorer.options import config_from_options

    def no_build(cfg):
        raise AssertionError("built")

    monkeypatch.setattr(spec, "build_spec", no_build)
    hostile = {"stem": "cifar", "block": "bottleneck", "stages": "500,500,500,500,500,500", "shortcut": "C",
               "input_size": "4096", "classes": "100000"}
    with pytest.raises(ConfigError, match=r"^stages=.*3,000 blocks; .*at most 750 \(ResNet-1202.* 600\)"):
        config_from_options(hostile)
    at_cap = (250, 250, 250)
    assert sum(NetConfig(stages=at_cap).stages) == config.MAX_BLOCKS
    with pytest.raises(ConfigError, match="^stages=250,250,251 .*751 blocks"):
        NetConfig(stages=(250, 250, 251))
    assert sum(preset("resnet1202").stages) == 600


def test_a_key_names_its_field_and_no_property_takes_a_key():
    """`stem_width` once set the field stem_channels while NetConfig.stem_width was the stem's
    effective width; a key that is a field's name sets that field, and no other attribute has it."""
    import dataclasses

    names = {f.name for f in dataclasses.fields(NetConfig)}
    keys = {k for opt in NET_OPTIONS for k in (opt.key, *opt.aliases)}
    attributes = {n for n in dir(NetConfig) if not n.startswith("_")} - names
    assert not attributes & keys
    for opt in NET_OPTIONS:
        assert opt.key not in names or opt.field == opt.key, opt.key
    assert NetConfig(stem_channels=24).stem_out_channels == 24 and NetConfig().stem_out_channels == 64


def test_the_former_stem_width_key_still_works():
    from resnet_explorer.options import config_from_options

    assert config_from_options({"stem_width": "24"}).stem_channels == 24
    assert config_from_options({"stem_channels": "24"}).stem_channels == 24
    with pytest.raises(ConfigError, match="^stem_channels=9000 .*from 0 to 8192"):
        config_from_options({"stem_width": "9000"})
