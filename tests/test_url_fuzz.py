"""Hostile links against the sidebar and the shell (AppTest): no exception, and no user-supplied
link or image in any Markdown element of the page.

The page under test is the app's own sidebar, the lab's URL checks and the tab shell, without the
heavy views (they read the config the sidebar returns, which these tests cover elsewhere), so a case
costs tens of milliseconds. 100 cases run every time; the 1,000-case run is marked slow.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from resnet_explorer import config
from resnet_explorer.lab.settings import TRAIN_OPTIONS


def page() -> None:
    from resnet_explorer.lab.settings import TRAIN_OPTIONS
    from resnet_explorer.ui import safe, sidebar, url

    lang = sidebar.language()
    cfg = safe.view(sidebar.show, lang, lang)
    sidebar.show_errors(sidebar.st, sidebar.url_numbers(TRAIN_OPTIONS, "lab_"), lang)
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


def check(params: dict) -> None:
    at = AppTest.from_function(page, default_timeout=30)
    at.query_params.update(params)
    at.run()
    assert not at.exception, (params, [e.value for e in at.exception])
    for body in markdown_bodies(at):
        assert not RENDERED_LINK.search(body), (params, body)


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


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PARAMS)
def test_url_fuzz(params):
    check(params)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PARAMS)
def test_url_fuzz_thousand(params):
    check(params)
