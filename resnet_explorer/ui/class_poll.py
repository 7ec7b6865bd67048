"""The page leading a class (the teacher's, on the projector): the Start button or the join panel
(link, code, QR code) at the top of the lessons, and under each lesson's question the class's
poll: its choices, a bar chart of the votes with "N of M voted", kept current by a fragment that
reads only the shared counts, and the Reveal / Ask again buttons, whose effect every student's
page shows at its next poll."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ..classroom import LETTERS, ClassState, Tally, shown_code
from ..i18n import t
from ..palette import OKABE_ITO
from . import classroom, projector, safe
from .safe import plain

TALLY_S = 1.0  # the projector's poll of the counts: a vote shows within about a second


def from_link(lesson: str, lang: str) -> None:
    """`?class=new`: start a class on the lesson the link names (once; the parameter is dropped,
    so reloading the page does not start another). Any other value is a message."""
    value = st.query_params.get("class")
    st.query_params.pop("class", None)
    if value != "new":
        st.warning(t("cl_class_param", lang))
        return
    st.query_params.pop("tab", None)  # the lessons
    if classroom.teacher_seat() is None:
        classroom.start(lesson)


def teach(lesson: str, lang: str, on: bool) -> None:
    """At the top of the lessons: Start, or, for the page leading a class, the class moved to this
    lesson and its join panel."""
    classroom.show_note(lang)
    seat = classroom.teacher_seat()
    state = classroom.rooms().state(seat.code) if seat else None
    if seat is not None and state is None:
        st.session_state.pop(classroom.TEACHER, None)
        st.warning(t("cl_lost", lang))
    if state is None:
        st.button(t("cl_start", lang), key="cl_start", help=t("cl_start_help", lang),
                  on_click=classroom.start, args=(lesson,))
        return
    if state.lesson != lesson:
        classroom.act("move", lesson)
    c1, c2 = st.columns([3, 1])
    show = c1.toggle(t("cl_show_join", lang), value=True, key="cl_show_join")
    c2.button(t("cl_end", lang), key="cl_end", on_click=classroom.end)
    if show:
        _join_panel(seat.code, lang, on)


def _join_panel(code: str, lang: str, on: bool) -> None:
    link = classroom.join_link(code, lang)
    qr, text = st.columns([1, 2] if on else [1, 3])
    if link.startswith("http"):
        qr.image(classroom.qr_png(link), width="stretch")
    text.markdown(f"### {t('cl_join_title', lang)}\n{t('cl_join_at', lang)}\n\n## {plain(link)}\n\n"
                  f"### {t('cl_code', lang, code=shown_code(code))}")
    if classroom.on_localhost(link):
        text.warning(t("cl_localhost", lang))


def poll(lesson: str, answer: str, lang: str, facts: dict | None) -> bool | None:
    """The class's poll under the question, on the page leading the class (True once revealed);
    None on any other page, or when the class is on another lesson."""
    seat = classroom.teacher_seat()
    state = classroom.rooms().state(seat.code) if seat else None
    if state is None or state.lesson != lesson:
        return None
    if facts is not None and not state.revealed:
        state = classroom.act("publish", facts) or state
    text = classroom.poll_text
    lines = [f"- **{LETTERS[i]}** · {text(lesson, str(i), lang)}" for i in range(state.poll.choices)]
    choices, votes = st.columns([2, 3])  # side by side on the projector, one under the other on a phone
    choices.markdown(f"**{t('cl_poll_head', lang)}** {text(lesson, 'q', lang)}\n\n" + "\n".join(lines))
    with votes:
        every = None if state.revealed else TALLY_S
        st.fragment(run_every=every)(_tally)(seat.code, lang, projector.enabled())
    if not state.revealed:
        st.button(t("cl_reveal", lang), key="cl_reveal", type="primary", on_click=classroom.act,
                  args=("reveal", facts))
        return False
    st.success(answer)
    right = state.right
    if right is None:
        st.markdown(t("cl_no_right", lang))
    else:
        st.markdown(t("cl_right", lang, letter=LETTERS[right], text=text(lesson, str(right), lang)))
    st.button(t("cl_again", lang), key="cl_again", on_click=classroom.act, args=("again",))
    return True


def _tally(code: str, lang: str, on: bool) -> None:
    safe.view(_draw_tally, lang, code, lang, on)


def _draw_tally(code: str, lang: str, on: bool) -> None:
    state = classroom.rooms().state(code)
    if state is None:
        st.warning(t("cl_lost", lang))
        return
    tally = classroom.rooms().tally(state)
    st.markdown(f"### {t('cl_voted', lang, n=tally.voted, m=tally.present)}")
    st.plotly_chart(figure(state, tally, lang, on), key="cl_tally_chart", config={"displayModeBar": False})


def figure(state: ClassState, tally: Tally, lang: str, on: bool) -> go.Figure:
    """One bar a choice; after the reveal the right one is hatched, coloured and labelled (not told
    by hue alone)."""
    letters = list(LETTERS[:len(tally.counts)])
    right = state.right if state.revealed else None
    colours = [OKABE_ITO["bluish_green"] if i == right else OKABE_ITO["blue"] for i in range(len(letters))]
    mark = t("cl_right_mark", lang)
    marks = [f"{n}  ✓ {mark}" if i == right else str(n) for i, n in enumerate(tally.counts)]
    size = projector.PLOT_FONT[on]
    fig = go.Figure(go.Bar(x=letters, y=list(tally.counts), text=marks, textposition="outside",
                           marker=dict(color=colours, pattern=dict(shape=["/" if i == right else ""
                                                                          for i in range(len(letters))]))))
    top = max(max(tally.counts, default=0), 1)
    fig.update_layout(height=300 if not on else 380, margin=dict(l=40, r=20, t=20, b=40), showlegend=False,
                      font=dict(size=size), uirevision="tally",
                      xaxis=dict(title=t("cl_choice", lang), tickfont=dict(size=size + 2)),
                      yaxis=dict(title=t("cl_votes", lang), range=[0, top * 1.25], dtick=max(1, top // 5),
                                 tickfont=dict(size=size - 2)))
    return fig
