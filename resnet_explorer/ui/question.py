"""The question/reveal frame every lesson opens with: the question put to the class, then a button
that reveals (or hides) the answer. On the page leading a class (class mode, ui/class_poll.py) the
class's poll takes the button's place: the choices, the room's votes, and a reveal for every
student's screen; the lesson's measured numbers (`facts`) decide its right choice."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from . import class_poll


def ask(lesson: str, question: str, answer: str, lang: str, facts: dict | None = None) -> bool:
    """The question, then a button that reveals (or hides) the answer; True once revealed."""
    st.info(f"**{t('ls_question', lang)}** {question}")
    in_class = class_poll.poll(lesson, answer, lang, facts)
    if in_class is not None:
        return in_class
    key = f"ls_revealed_{lesson}"
    # A callback flips the state before the script runs, so the button's label is right at once.
    st.button(t("ls_hide" if st.session_state.get(key) else "ls_reveal", lang), key=f"ls_btn_{lesson}",
              on_click=lambda: st.session_state.__setitem__(key, not st.session_state.get(key, False)))
    revealed = st.session_state.get(key, False)
    if revealed:
        st.success(answer)
    return revealed
