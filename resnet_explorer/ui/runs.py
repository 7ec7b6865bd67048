"""The server's one `Runs` (runs/service.py), shared by every session: made once, with the thread
policy, in this process (`st.cache_resource`); in Redis when RESNET_EXPLORER_REDIS_URL is set."""

from __future__ import annotations

import streamlit as st

from ..lab.budget import Budget, configure_threads
from ..runs import Runs, open_runs


@st.cache_resource(show_spinner=False)
def registry() -> Runs:
    configure_threads()
    return open_runs()


@st.cache_resource(show_spinner=False)
def budget() -> Budget:
    """The time and memory a lab run may take on this server."""
    return Budget()


@st.cache_resource(show_spinner=False)
def gpu() -> bool:
    """Whether this server's own workers train on a GPU (the estimate of a run depends on it); a
    shared set-up's workers may be anywhere, so its estimates assume a CPU."""
    if registry().scheduler is None:
        return False
    import torch

    return torch.cuda.is_available()
