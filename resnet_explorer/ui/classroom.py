"""Class mode on the server's pages, the shared part: the one Classroom (on the run layer's store,
ui/runs.py, so pages on every replica are one class), this page's seat in its own session state (a
teacher's token or a student's id: never in a link, never sent to the browser), who the page is
for the rate limits, the join link and its QR code (drawn here by segno, nothing fetched), and the
sentence for every refusal."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import segno
import streamlit as st

from ..classroom import Classroom, ClassState, Client, Reason, Refused, codes
from ..i18n import t
from .runs import registry

TEACHER, STUDENT, PAGE, NOTE = "cl_teacher", "cl_student", "cl_page", "cl_note"
# The lessons' titles (the lessons tab has the same table; a test keeps them equal).
TITLES = {"block": "ls_block_title", "degradation": "ls_deg_title", "lesion": "ls_les_title",
          "gradflow": "ls_grad_title", "bottleneck": "ls_bot_title", "batchnorm": "ls_bn_title",
          "responses": "ls_resp_title"}
_BASE = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~/\-]*)?")


@dataclass(frozen=True)
class Seat:
    code: str
    secret: str  # the teacher's token, or the student's id


@st.cache_resource(show_spinner=False)
def rooms() -> Classroom:
    return Classroom(registry().store)


def page() -> str:
    """This page's random id (one per browser tab: Streamlit's session)."""
    if PAGE not in st.session_state:
        st.session_state[PAGE] = codes.new_id()
    return st.session_state[PAGE]


def address() -> str | None:
    """The network address the page comes from, for the rate limits. Streamlit gives none for a
    loopback connection: then the page came through this machine's nginx (deploy/start.sh), which
    appends the browser's address to X-Forwarded-For, so its last entry is the one nginx saw."""
    ip = st.context.ip_address
    if isinstance(ip, str) and ip:
        return ip[:64]
    forwarded = st.context.headers.get("X-Forwarded-For")
    last = forwarded.rsplit(",", 1)[-1].strip() if isinstance(forwarded, str) else ""
    return last[:64] or None


def client() -> Client:
    return Client(page(), address())


def teacher_seat() -> Seat | None:
    return st.session_state.get(TEACHER)


def student_seat() -> Seat | None:
    return st.session_state.get(STUDENT)


def refusal(reason: Reason, lang: str) -> str:
    return t(f"cl_no_{reason.value}", lang)


def note(reason: Reason) -> None:
    """A refusal to say on the page's next draw (callbacks run before it)."""
    st.session_state[NOTE] = reason


def show_note(lang: str) -> None:
    reason = st.session_state.pop(NOTE, None)
    if isinstance(reason, Reason):
        st.warning(refusal(reason, lang))


def start(lesson: str) -> None:
    """Start a class on `lesson`, led by this page (a button's callback, or the link ?class=new)."""
    try:
        code, token = rooms().start(lesson, client())
    except Refused as e:
        note(e.reason)
        return
    st.session_state[TEACHER] = Seat(code, token)


def act(action: str, *args: object) -> ClassState | None:
    """One of the teacher's actions (move, publish, reveal, again, end) with this page's token; a
    page without one is refused like any other, and the refusal said on the page."""
    seat = teacher_seat()
    try:
        if seat is None:
            raise Refused(Reason.NOT_TEACHER)
        return getattr(rooms(), action)(seat.code, seat.secret, *args)
    except Refused as e:
        note(e.reason)
        if e.reason is Reason.NO_CLASS:
            st.session_state.pop(TEACHER, None)
        return None


def end() -> None:
    act("end")
    st.session_state.pop(TEACHER, None)


def join_link(code: str, lang: str) -> str:
    """The students' link: this page's own address (as the teacher's browser has it) with the code."""
    url = st.context.url or ""
    m = _BASE.match(url)
    base = m.group(0) if m and len(url) <= 300 else ""
    if base and not base.endswith("/"):
        base += "/"
    return f"{base}?join={codes.shown(code)}" + ("&lang=zh" if lang == "zh" else "")


def on_localhost(link: str) -> bool:
    return bool(re.match(r"https?://(localhost|127\.|\[::1\])", link))


@st.cache_data(max_entries=32, show_spinner=False)
def qr_png(text: str) -> bytes:
    """The QR code of `text` as a PNG (segno writes PNG itself: no imaging library, no network)."""
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=10, border=2)
    return buf.getvalue()


def poll_text(lesson: str, part: str, lang: str, facts: dict | None = None) -> str | None:
    """A poll's text (`q`, a choice's number, or `m`, the measured line) with the lesson's numbers;
    None when a number it needs is missing."""
    try:
        return t(f"cl_poll_{lesson}_{part}", lang).format(**(facts or {}))
    except (KeyError, ValueError, IndexError):
        return None
