"""The option row: help made from the enum and the string tables, and ConfigError in both languages."""

from enum import StrEnum

from resnet_explorer.config import NET_OPTIONS
from resnet_explorer.fields import ConfigError, Kind, Option, help_text


def test_option_help_takes_the_values_from_the_enum():
    for opt in NET_OPTIONS:
        if opt.enum is not None:
            for lang in ("en", "zh"):
                text = help_text(opt, lang)
                positions = [text.index(v + (":" if lang == "en" else "：")) for v in opt.values]
                assert positions == sorted(positions), text  # every value, in the enum's order

    class Stem(StrEnum):
        IMAGENET = "imagenet"
        CIFAR = "cifar"
        TINY = "tiny"  # a value added to the enum, not yet explained in the string tables

    text = help_text(Option("stem", "stem", Kind.ENUM, enum=Stem))
    assert text.endswith("cifar: 3x3/1 conv, no pool. tiny") and "imagenet: 7x7/2" in text
    assert help_text(NET_OPTIONS[3]) == "Comma-separated, 1 to 6 stages, e.g. 3,4,6,3."  # its count


def test_a_config_error_says_its_rule_in_each_language():
    groups = next(o for o in NET_OPTIONS if o.key == "groups")
    err = groups.error(0)
    assert str(err) == err.message("en") == "groups=0 is not allowed: must be a whole number from 1 to 1024"
    assert err.message("zh") == "groups=0 不被允许：必须是 1 到 1024 之间的整数"
    assert (err.field, err.value, err.allowed) == ("groups", "0", "must be a whole number from 1 to 1024")
    big = ConfigError("widths", (8192,) * 4, "rule_exact", count="1.2e+22", what_term="count_macs", max="9")
    assert "1.2e+22 MACs;" in str(big) and "约 1.2e+22 个 MACs；" in big.message("zh")
    literal = ConfigError("lab_net", "x", "resnet | plain")  # a rule that is no i18n key: as it is
    assert literal.allowed_in("zh") == literal.allowed_in("en") == "resnet | plain"
    huge = ConfigError("classes", 10**40, "rule_int", lo=1, hi=100_000)
    assert huge.value == "a 41-digit number" and len(str(huge)) < 100
