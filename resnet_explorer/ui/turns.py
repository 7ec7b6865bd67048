"""The server's sessions take turns: one rerun's Python runs at a time in this process.

Every rerun (a page's, or one fragment's) runs in a thread of the one server process, and all share
one interpreter lock with the event loop that sends every page its elements. Run together, N reruns
each took about N times longer, and the event loop, which gives the lock up at every message it sends,
waited behind all of them: under a class's load the slowest reruns came from that crowd, not from any
one rerun's own work (benchmarks/bench_load.py measures both ways, `--no-turns`). Taking turns, a
rerun runs at full speed and the event loop waits behind one at most.

The turn is re-entrant: a full run holds it from its first line to its last, and the views and
fragments it draws inside it pass through freely; a fragment's own rerun takes it in `safe.view`.
A rerun that waits on something slow (an upload being read, a shared store's network) holds everyone
else's turn meanwhile: keep such work out of the page, or bounded.
"""

from __future__ import annotations

import os
import threading
from contextlib import AbstractContextManager, nullcontext

OFF_ENV = "RESNET_EXPLORER_NO_TURNS"  # "1": reruns run side by side, as Streamlit runs them by default

_TURN = threading.RLock()
_TAKEN = os.environ.get(OFF_ENV) != "1"


def turn() -> AbstractContextManager:
    """Hold this process's turn for the block (at once if this thread already holds it)."""
    return _TURN if _TAKEN else nullcontext()
