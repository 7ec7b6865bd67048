"""A student's page in a class (`?join=CODE`): one column that fits a 360 px phone, no sidebar and
no tabs. It follows the teacher's page: a fragment polls the class's record (one read) and draws
the current lesson's question with its choices, the student's own prediction (changeable until the
reveal), then the answer beside it. The student id is made by the server at the join and kept in
this page's session: nothing the browser sends names a student."""

from __future__ import annotations

import time

import streamlit as st

from ..classroom import LETTERS, ClassState, Reason, Refused, parse_code, shown_code
from ..i18n import t
from . import classroom, safe

POLL_S = 2.0  # the lesson and the reveal reach the page within this (60 pages: 30 small reruns a second)
SEEN_EVERY_S = 10.0  # how often a page says it is still open (counted in "of M" for Limits.present_s)
GONE, FAILED, SEEN = "cl_gone", "cl_failed", "cl_seen"
PARAMS = {"join", "lang"}
_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 36rem; padding: 3.5rem 1rem 4rem; }
[data-testid="stMain"] [data-testid="stButton"] button { min-height: 3rem; }
[data-testid="stMain"] [data-testid="stButton"] button p { font-size: 1.05rem; }
</style>"""


def show(lang: str) -> None:
    st.html(_CSS)
    st.markdown(f"#### {t('cl_student_title', lang)}")
    if set(st.query_params) - PARAMS:  # e.g. a student adding &reveal=1 or &lesson=... to the link
        st.caption(t("cl_follow_only", lang))
    seat = _joined(lang)
    if seat is None:
        return
    if st.session_state.get(GONE) == seat.code:
        st.error(classroom.refusal(Reason.NO_CLASS, lang))
        return
    st.fragment(run_every=POLL_S)(_live)(seat, lang)


def _joined(lang: str) -> classroom.Seat | None:
    """This page's seat in the class the link names: joined once; a link that failed is said again
    without a new try (the tries are rate-limited)."""
    text = str(st.query_params.get("join", ""))[:64]
    seat = classroom.student_seat()
    if seat is not None and seat.code == parse_code(text):
        return seat
    failed = st.session_state.get(FAILED)
    if failed is not None and failed[0] == text:
        st.error(classroom.refusal(failed[1], lang))
        return None
    try:
        state, member = classroom.rooms().join(text, classroom.client())
    except Refused as e:
        st.session_state[FAILED] = (text, e.reason)
        st.error(classroom.refusal(e.reason, lang))
        return None
    seat = classroom.Seat(state.code, member)
    st.session_state[classroom.STUDENT] = seat
    st.session_state[SEEN] = time.monotonic()
    return seat


def _live(seat: classroom.Seat, lang: str) -> None:
    safe.view(_draw, lang, seat, lang)


def _draw(seat: classroom.Seat, lang: str) -> None:
    rooms = classroom.rooms()
    state = rooms.state(seat.code)
    if state is None:  # ended or expired: say so, and stop polling
        st.session_state[GONE] = seat.code
        st.rerun(scope="app")
    if time.monotonic() - st.session_state.get(SEEN, 0.0) > SEEN_EVERY_S:
        rooms.seen(seat.code, seat.secret)
        st.session_state[SEEN] = time.monotonic()
    title = t(classroom.TITLES[state.lesson], lang)
    st.caption(t("cl_student_code", lang, code=shown_code(seat.code), title=title))
    st.markdown(f"**{classroom.poll_text(state.lesson, 'q', lang)}**")
    classroom.show_note(lang)
    mine = rooms.my_vote(state, seat.secret)
    if state.revealed:
        _answer(state, mine, lang)
        return
    st.caption(t("cl_predict", lang))
    for i in range(state.poll.choices):
        st.button(f"**{LETTERS[i]}** · {classroom.poll_text(state.lesson, str(i), lang)}",
                  key=f"cl_vote_{state.round}_{i}", type="primary" if mine == i else "secondary",
                  width="stretch", on_click=_vote, args=(seat, state.round, i))
    if mine is not None:
        st.markdown(t("cl_your_vote", lang, letter=LETTERS[mine]))


def _answer(state: ClassState, mine: int | None, lang: str) -> None:
    """The answer and the student's own prediction side by side (a table keeps two columns on a phone)."""
    def said(choice: int | None, none: str) -> str:
        return t(none, lang) if choice is None else \
            f"**{LETTERS[choice]}** · {classroom.poll_text(state.lesson, str(choice), lang)}"

    right = state.right
    st.markdown(f"| {t('cl_answer_h', lang)} | {t('cl_yours_h', lang)} |\n|---|---|\n"
                f"| {said(right, 'cl_answer_none')} | {said(mine, 'cl_no_vote')} |")
    if right is not None and mine is not None:
        if mine == right:
            st.success(t("cl_you_right", lang))
        else:
            st.info(t("cl_you_wrong", lang))
    measured = classroom.poll_text(state.lesson, "m", lang, dict(state.facts)) if state.facts else None
    if measured:
        st.caption(measured)


def _vote(seat: classroom.Seat, round_: int, choice: int) -> None:
    try:
        classroom.rooms().vote(seat.code, seat.secret, round_, choice)
    except Refused as e:
        classroom.note(e.reason)
