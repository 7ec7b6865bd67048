"""Class mode in the app (AppTest): a teacher's page starts a class (a button, or ?class=new) and
leads it; students' pages join by the link, vote, and follow the reveal and the lesson; a student's
forged teacher actions, a flood of votes and a thousand random codes are refused with messages and
change nothing. `run_every` never fires under AppTest: the tests rerun the pages by hand."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from resnet_explorer.classroom import POLLS, Limits, Reason, codes
from resnet_explorer.i18n import STRINGS
from resnet_explorer.lessons import recordings, trained_claims
from resnet_explorer.ui import classroom
from resnet_explorer.ui.lessons import TITLE_KEYS


def _page(root, **params) -> AppTest:
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


def _teacher(root, lesson: str = "lesion", **params) -> tuple[AppTest, classroom.Seat]:
    at = _page(root, lesson=lesson, **params)
    at.button(key="cl_start").click().run()
    assert not at.exception
    return at, at.session_state[classroom.TEACHER]


def _texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "info", "success", "warning", "error")
            for e in getattr(at, kind)]


def _everything(at: AppTest) -> str:
    """Every element the page sent, as text, and its link."""
    out, todo = [], [at._tree]
    while todo:
        node = todo.pop()
        todo += list(getattr(node, "children", {}).values())
        if getattr(node, "proto", None) is not None:
            out.append(str(node.proto))
    return "\n".join(out) + str(dict(at.query_params))


def _voted(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "voted" in m.value or "已投票" in m.value)


def _state(seat: classroom.Seat):
    return classroom.rooms().state(seat.code)


def test_a_teacher_starts_a_class_and_its_token_never_reaches_the_page(root):
    at, seat = _teacher(root)
    page = _everything(at)
    assert f"?join={codes.shown(seat.code)}" in page.replace("\\", "") and seat.secret not in page
    assert "join" not in at.query_params and "class" not in at.query_params
    assert _voted(at) == "### 0 of 0 voted"
    # AppTest has no page address, so the link stays relative and no QR code is drawn (the browser
    # test sees it); the QR code itself is a PNG made here
    png = classroom.qr_png(f"http://192.0.2.1:8501/?join={codes.shown(seat.code)}")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert png.startswith(b"\x89PNG") and width == height >= 25 * 10  # 10 px a module, 25+ modules
    at.button(key="cl_end").click().run()
    assert _state(seat) is None and classroom.TEACHER not in at.session_state
    assert at.button(key="cl_start")


def test_the_link_starts_a_class_once_and_other_values_are_a_message(root):
    at = _page(root, **{"class": "new", "lesson": "gradflow"})
    seat = at.session_state[classroom.TEACHER]
    assert _state(seat).lesson == "gradflow" and "class" not in at.query_params
    at.run()
    assert at.session_state[classroom.TEACHER] == seat  # no second class on the next rerun
    other = _page(root, **{"class": seat.code})  # naming a class does not lead it
    assert classroom.TEACHER not in other.session_state
    assert any("takes only `new`" in w.value for w in other.warning)


def test_students_vote_and_follow_the_reveal_and_the_lesson(root):
    teacher, seat = _teacher(root)
    students = [_page(root, join=codes.shown(seat.code).lower()) for _ in range(3)]
    s0, s1, s2 = students
    assert not s0.sidebar.children and not s0.tabs  # one column: no sidebar, no tabs
    assert [b.label for b in s0.button][0] == "**A** · Under 1 point"
    s0.button(key="cl_vote_1_2").click().run()
    s0.button(key="cl_vote_1_0").click().run()  # changed: still one vote
    s1.button(key="cl_vote_1_0").click().run()
    teacher.run()
    assert _voted(teacher) == "### 2 of 3 voted"
    chart = teacher.get("plotly_chart")[0].proto.spec
    assert '"y":[2,0,0,0]' in chart.replace(" ", "")
    assert "Your prediction: **A**" in _texts(s0)
    teacher.button(key="cl_reveal").click().run()
    assert any("Right answer: **A**" in m for m in _texts(teacher))  # the shipped nets: under 1 point
    for s in students:
        s.run()
        assert not s.exception and not [b for b in s.button if b.key.startswith("cl_vote")]
    assert any("| **A** · Under 1 point | **A** · Under 1 point |" in x for x in _texts(s0))
    assert any("You predicted it" in x for x in _texts(s0))
    assert "| **A** · Under 1 point | none |" in "".join(_texts(s2))
    shipped = trained_claims.lesion(recordings.read_json(recordings.lesion_recording_path(0))["nets"])
    median = f"median {shipped.facts['res_drop']:.1f} points"
    assert any(median in c.value for c in s2.caption)  # the measurement, too
    teacher.selectbox(key="ls_pick").set_value("gradflow").run()
    assert _state(seat).lesson == "gradflow" and _state(seat).round == 2
    for s in students:
        s.run()
        assert any("110-layer plain net" in m for m in _texts(s))
        assert len([b for b in s.button if b.key.startswith("cl_vote_2_")]) == 3
    teacher.run()
    assert _voted(teacher) == "### 0 of 3 voted"


def test_a_students_forged_teacher_actions_are_refused(root):
    teacher, seat = _teacher(root)
    before = _state(seat)
    # teacher's parameters added to a join link: the page stays a student's
    forged = _page(root, join=seat.code, reveal="1", lesson="block", **{"class": "new"})
    assert classroom.TEACHER not in forged.session_state
    assert any("follows the teacher's" in c.value for c in forged.caption)
    # the worst case: a page holding the class's code with a guessed token presses the teacher's buttons
    guess = _page(root, lesson="lesion")
    guess.session_state[classroom.TEACHER] = classroom.Seat(seat.code, codes.new_token())
    guess.run()
    guess.button(key="cl_reveal").click().run()
    assert any("Refused: only the page that started this class" in w.value for w in guess.warning)
    guess.selectbox(key="ls_pick").set_value("block").run()
    assert not guess.exception and _state(seat) == before  # nothing revealed, the lesson unchanged


def test_a_flood_of_votes_from_one_page_counts_one_vote(root):
    teacher, seat = _teacher(root)
    s = _page(root, join=seat.code)
    for i in range(1000):
        s.button(key=f"cl_vote_1_{i % 4}").click().run()
    assert any("Too many predictions at once" in w.value for w in s.warning)
    teacher.run()
    assert _voted(teacher) == "### 1 of 1 voted"
    assert classroom.rooms().my_vote(_state(seat), s.session_state[classroom.STUDENT].secret) == \
        (Limits().votes - 1) % 4  # the last vote let through counts


def test_random_codes_are_refused_with_a_message(root):
    teacher, seat = _teacher(root)
    at = _page(root, join="")
    rng, said = random.Random(1), set()
    for _ in range(1000):
        at.query_params["join"] = "".join(rng.choice(codes.ALPHABET) for _ in range(8))
        at.run()
        assert not at.button and len(at.error) == 1
        said.add(at.error[0].value[:20])
    assert said == {"No class has this co", "Too many tries from "}
    at.query_params["join"] = seat.code  # even the right code waits now
    at.run()
    assert at.error[0].value.startswith("Too many tries")
    assert classroom.rooms().tally(_state(seat)).present == 0


@pytest.mark.parametrize("text, says", [("hello", "holds no class code"), ("ABCD-EFGH", "No class has"),
                                        ("<script>x</script>" * 9, "holds no class code")])
def test_a_bad_or_unknown_code_is_a_message(root, text, says):
    at = _page(root, join=text)
    assert says in at.error[0].value and not at.exception


def test_an_ended_class_tells_its_students(root):
    teacher, seat = _teacher(root)
    s = _page(root, join=seat.code)
    teacher.button(key="cl_end").click().run()
    s.run()
    assert any("No class has this code" in e.value for e in s.error) and not s.button


def test_chinese_pages(root):
    teacher, seat = _teacher(root, lang="zh")
    s = _page(root, join=seat.code, lang="zh")
    s.button(key="cl_vote_1_3").click().run()
    teacher.run()
    assert _voted(teacher) == "### 已投票 1 / 1"
    assert any("留出准确率" in m for m in _texts(s)) and "你的预测：**D**" in _texts(s)


def test_every_refusal_and_every_poll_has_its_words():
    for lang in ("en", "zh"):
        strings = STRINGS[lang]
        assert all(f"cl_no_{r.value}" in strings for r in Reason)
        for lesson, poll in POLLS.items():
            keys = [f"cl_poll_{lesson}_q"] + [f"cl_poll_{lesson}_{i}" for i in range(poll.choices)]
            assert all(k in strings for k in keys), lesson
            assert f"cl_poll_{lesson}_{poll.choices}" not in strings
            assert (f"cl_poll_{lesson}_m" in strings) == bool(poll.facts), lesson
    assert classroom.TITLES == TITLE_KEYS and set(POLLS) == set(TITLE_KEYS)


HOSTILE = ["[Join here](http://example.com)", "![x](http://example.com/p.png)", "<script>alert(1)</script>",
           "ABCD-EFGH&class=new", "ABCD EFGH", "abcd-efgh", "ＡＢＣＤ-ＥＦＧＨ", "\x00\n- item", "9" * 5000,
           ""]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=hs.one_of(hs.sampled_from(HOSTILE), hs.text(max_size=60)),
       extra=hs.sampled_from([{}, {"class": "new"}, {"lesson": "block"}, {"reveal": "1"}, {"lang": "zh"}]))
def test_hostile_join_links_are_one_message_and_echo_nothing(root, value, extra):
    at = _page(root, join=value, **extra)
    assert not at.exception and len(at.error) == 1 and not at.button  # joined nothing, asked nothing
    sentences = {classroom.refusal(r, extra.get("lang", "en")) for r in Reason}
    assert at.error[0].value in sentences  # one of the fixed sentences: nothing of the link echoed
    assert classroom.TEACHER not in at.session_state  # a join link never leads a class
