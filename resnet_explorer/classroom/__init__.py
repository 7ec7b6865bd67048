"""Class mode, without Streamlit: a teacher starts a class, students join it by a short code, each
predicts the answer to the lesson's question on their own screen, and the teacher reveals it.

- codes.py: join codes, teacher tokens, page and student ids
- polls.py: each lesson's answer choices and how the right one is found
- state.py: the class's state, its tally, limits, refusals and record names
- room.py: the operations, on the run layer's store (so every replica's pages are one class)
"""

from .codes import parse as parse_code
from .codes import shown as shown_code
from .polls import LETTERS, POLLS, Poll
from .room import Classroom
from .state import ClassState, Client, Limits, Reason, Refused, Tally

__all__ = ["LETTERS", "POLLS", "ClassState", "Classroom", "Client", "Limits", "Poll", "Reason", "Refused",
           "Tally", "parse_code", "shown_code"]
