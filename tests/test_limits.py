"""The server's limits, checked on the exact analysis: layer rows, and counts below 2^53."""

from __future__ import annotations

import time

import pytest

from resnet_explorer import ConfigError, NetConfig, analyze, preset
from resnet_explorer.diagrams import net_diagram
from resnet_explorer.limits import MAX_COUNT, MAX_ROWS, check, checked_analysis, counts


def test_the_largest_accepted_table_and_diagram_are_cheap():
    """Near the row limit, the layer table, its check and the network diagram take well under 0.5 s
    of CPU."""
    cfg = NetConfig(stem="cifar", stages=(220, 220, 220), input_size=(32, 32), num_classes=10)
    start = time.process_time()
    a = checked_analysis(cfg)
    assert "layer3" in net_diagram(a).source
    assert MAX_ROWS >= len(a.rows) > 5000
    assert time.process_time() - start < 0.5


def test_more_rows_than_the_server_shows_are_refused_with_their_number():
    cfg = NetConfig(stem="cifar", block="bottleneck", stages=(250, 250, 250), shortcut="C",
                    input_size=(32, 32))
    a = analyze(cfg)
    assert len(a.rows) > MAX_ROWS
    with pytest.raises(ConfigError, match=rf"^stages=250,250,250 .*{len(a.rows):,} layer rows; .*6,000"):
        check(a)


def test_counts_beyond_2_53_name_the_option_that_made_them():
    hostile = NetConfig(block="bottleneck", groups=1024, width_per_group=4096, width_multiplier=64)
    with pytest.raises(ConfigError, match=r"^width_multiplier=64 .*below 2\^53"):
        checked_analysis(hostile)
    wide = NetConfig(stages=(10, 10, 10, 10), widths=(8192,) * 4, input_size=(4096, 4096))
    with pytest.raises(ConfigError, match=r"^widths=8192,8192,8192,8192 .*below 2\^53"):
        checked_analysis(wide)
    # the largest presets stay accepted, also at a large input
    for name in ("resnet1202", "resnext101_32x8d", "wide_resnet101_2"):
        assert checked_analysis(preset(name).replace(input_size=(1024, 1024)))


@pytest.mark.parametrize("name", ["resnet50", "article_resnet20", "preact_resnet164"])
def test_every_count_a_table_shows_is_at_most_a_checked_total(name):
    """Rows and stages are parts of the totals, so checking the totals bounds every cell."""
    a = analyze(preset(name))
    largest = max(counts(a).values())
    assert largest < MAX_COUNT
    cells = [v for r in a.rows for v in (r.params, r.buffers, r.macs, r.weights, r.elements)]
    cells += [v for s in a.stages for v in (s.params, s.macs)]
    assert max(cells) <= largest
    assert a.totals.flops in counts(a).values() and a.totals.activation_elements in counts(a).values()
