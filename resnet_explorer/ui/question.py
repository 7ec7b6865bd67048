"""The question/reveal frame every lesson opens with: the question put to the class, then a button
that reveals (or hides) the answer."""

from __future__ import annotations

import streamlit as st

from ..i18n import t


def ask(lesson: str, question: str, answer: str, lang: str) -> bool:
    """The question, then a button that reveals (or hides) the answer; True once revealed."""
    st.info(f"**{t('ls_question', lang)}** {question}")
    key = f"ls_revealed_{lesson}"
    # A callback flips the state before the script runs, so the button's label is right at once.
    st.button(t("ls_hide" if st.session_state.get(key) else "ls_reveal", lang), key=f"ls_btn_{lesson}",
              on_click=lambda: st.session_state.__setitem__(key, not st.session_state.get(key, False)))
    revealed = st.session_state.get(key, False)
    if revealed:
        st.success(answer)
    return revealed
