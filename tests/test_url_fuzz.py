"""Hostile links against the sidebar and the shell (AppTest): no exception, no user-supplied link
or image in any Markdown element of the page, and every ConfigError the link causes says its rule in
English and in Chinese, with no English word left in the Chinese but the option's own names and values.

The page under test is the app's own sidebar, the lab's URL checks and the tab shell, without the
heavy views (they read the config the sidebar returns, which these tests cover elsewhere), so a case
costs tens of milliseconds. 100 cases run every time; the 1,000-case run is marked slow.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from resnet_explorer import config
from resnet_explorer.fields import ConfigError
from resnet_explorer.i18n import STRINGS
from resnet_explorer.lab.settings import TRAIN_OPTIONS


def page() -> None:
    from resnet_explorer.lab.settings import TRAIN_OPTIONS
    from resnet_explorer.ui import links, safe, sidebar, url

    lang = sidebar.language()
    cfg = safe.view(sidebar.show, lang, lang)
    links.show_errors(links.st, links.url_numbers(TRAIN_OPTIONS, "lab_"), lang)
    if cfg is not None:
        url.tabs(["lessons", "layers", "diagrams", "lab"], ["Start", "Layers", "Diagrams", "Lab"], lang)


KEYS = ([o.key for o in config.NET_OPTIONS] + ["lab_" + o.key for o in TRAIN_OPTIONS]
        + ["preset", "lang", "tab", "projector", "layer_filter", "batch", "lesson", "unknown", "", "😀"])
PAYLOADS = [
    "[Session expired - log in again](http://example.com/login)", "![x](http://example.com/p.png)",
    "<img src=http://example.com/p.png>", "<script>alert(1)</script>", "http://example.com",
    "www.example.com", ":red[alarm] :material/warning:", "$x^2$", "# heading", "**bold** _it_",
    "`code`", "[a]: http://example.com", "\n- item\n![y](//example.com/q.png)", "<http://example.com>",
]
NUMBERS = ["inf", "-inf", "nan", "NaN", "1e30", "-1e30", "1e400", str(10**30), "-0", "0", "9" * 500,
           "1" * 20, "0x10", "1_000", "٣", "３２", "1,2", "3x", "64x64", "4096", "100000"]
VALUES = st.one_of(
    st.sampled_from(PAYLOADS + NUMBERS),
    st.text(max_size=40),  # unicode, controls, surrogates excluded by hypothesis' default alphabet
    st.text(alphabet="0123456789,x.-e+[]()!", max_size=30),
    st.builds(lambda a, b: a + b, st.sampled_from(NUMBERS), st.sampled_from(PAYLOADS)),
    st.integers(min_value=1, max_value=5000).map(lambda n: "x" * n),  # long strings
)
PARAMS = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12)),
    st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3)),  # a list: the key repeated
    max_size=6,
)

# A Markdown link or image, an HTML tag or an autolink whose opening is not escaped by a backslash.
RENDERED_LINK = re.compile(r"(?<!\\)\]\s*\(|(?<!\\)!\[|(?<!\\)<(?:img|a\s|https?|www)", re.IGNORECASE)


def markdown_bodies(at: AppTest) -> list[str]:
    """The Markdown source of every element that renders Markdown, main area and sidebar."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader")
    return [e.value for kind in kinds for e in at.get(kind)]


@pytest.fixture(autouse=True)
def no_component_scan(monkeypatch):
    """Each AppTest scans every installed package for Streamlit components (~0.5 s); the app uses
    none, and a thousand cases would spend most of their time there."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    monkeypatch.setattr(BidiComponentManager, "discover_and_register_components", lambda *a, **k: None)


@contextlib.contextmanager
def raised_config_errors():
    """Every ConfigError made meanwhile (the page catches and shows them)."""
    made: list[ConfigError] = []
    init = ConfigError.__init__

    def record(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(self)

    ConfigError.__init__ = record
    try:
        yield made
    finally:
        ConfigError.__init__ = init


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


# Names that stay as they are in Chinese: option keys and fields, the choices true/false, option A,
# the units and layer names the Chinese strings use, and the nets' names.
CODE_WORDS = set().union(*(_words(f"{o.key} {o.field} {' '.join(o.aliases)}")
                           for o in (*config.NET_OPTIONS, *TRAIN_OPTIONS)))
KEPT = CODE_WORDS | {"true", "false", "A", "x", "MACs", "FLOPs", "BN", "ReLU", "ResNet", "ResNeXt"}


def english_left(err: ConfigError) -> set[str]:
    """English words in the Chinese message that are not the field, the value or the rule's values."""
    own = _words(f"{err.field} {err.value}").union(
        *(_words(str(v)) for k, v in err.values.items() if not k.endswith("_term")))
    return _words(err.message("zh")) - own - KEPT


def check_messages(errors: list[ConfigError]) -> None:
    for err in errors:
        assert err.rule in STRINGS["en"], err  # a rule the string tables say in every language
        assert str(err) == err.message("en") and err.message("zh") != err.message("en")
        assert not english_left(err), (err.message("zh"), english_left(err))


def check(params: dict) -> None:
    at = AppTest.from_function(page, default_timeout=30)
    at.query_params.update(params)
    with raised_config_errors() as errors:
        at.run()
    assert not at.exception, (params, [e.value for e in at.exception])
    for body in markdown_bodies(at):
        assert not RENDERED_LINK.search(body), (params, body)
    check_messages(errors)


def test_known_attacks_are_echoed_as_plain_text():
    params = {"stages": PAYLOADS[0], "input_size": "http://example.com/p.png", "groups": "inf",
              "lab_steps": "![x](http://example.com/p.png)"}
    at = AppTest.from_function(page, default_timeout=30)
    at.query_params.update(params)
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    # each bad value is reported (so the check below is not vacuous), none as a link or image
    assert all(name in errors for name in ("input_size", "groups", "steps")), errors
    assert "](" in errors.replace("\\", "") and not RENDERED_LINK.search(errors)
    check(params)
    del params["input_size"]
    at = AppTest.from_function(page, default_timeout=30)
    at.query_params.update(params)
    at.run()
    errors = " ".join(e.value for e in at.error)
    assert "stages" in errors and "Sessionexpired" in errors and not RENDERED_LINK.search(errors)


def test_every_rule_reaches_the_page_in_both_languages():
    """Each kind of rule a link can break, one link each: the messages are checked as above, and the
    Chinese page shows them in Chinese."""
    links = [{"groups": "0"}, {"stages": "x"}, {"input_size": "9999"}, {"preact": "maybe"},
             {"widths": "1,2", "stages": "2,2,2"}, {"preset": "resnet20", "widths": "32,16,8"},
             {"block": "basic", "groups": "2"},
             {"block": "bottleneck", "width_per_group": "1", "widths": "8,16,32,64"},
             {"stages": "300,300,300"}, {"stem": "cifar", "block": "bottleneck", "stages": "250,250,250",
                                         "shortcut": "C", "input_size": "32"},
             {"block": "bottleneck", "groups": "1024", "width_per_group": "4096", "width_multiplier": "64"},
             {"lab_lr": "1e9"}, {"lab_steps": "x" * 3000}]
    rules = set()
    for link in links:
        at = AppTest.from_function(page, default_timeout=30)
        at.query_params.update({**link, "lang": "zh"})
        with raised_config_errors() as errors:
            at.run()
        assert not at.exception and errors, link
        check_messages(errors)
        shown = " ".join(e.value for e in at.error)
        assert not _words(shown) - KEPT - set().union(*(_words(f"{e.field} {e.value}") for e in errors)) \
            - set().union(*(_words(str(v)) for e in errors for k, v in e.values.items())), shown
        rules |= {e.rule for e in errors}
    # a link cannot name an unknown preset or option (the widgets drop them) nor type a float (a slider)
    assert {r for r in STRINGS["en"] if r.startswith("rule_")} - rules <= {
        "rule_choice", "rule_unknown_option", "rule_float", "rule_exact_tool"}, rules


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PARAMS)
def test_url_fuzz(params):
    check(params)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PARAMS)
def test_url_fuzz_thousand(params):
    check(params)
