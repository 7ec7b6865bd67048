"""The run layer: long work (training, lessons' experiments) done in worker processes, never in the
web server's, and watched by any number of pages. Torch-free: the tasks themselves (runs/tasks.py
names them) are imported only by the workers that run them.

    base.py       states, requests, events, the snapshot, the run-handle Protocol, the two rules
    store.py      the store interface; memory.py (the default) and redis_store.py implement it
    handle.py     a run read through a store (written once for both)
    scheduler.py  the default back end's queue dispatchers and their child worker processes
    worker.py     the one worker loop (a task's Control) and the child worker over stdin/stdout
    redis_worker.py   the worker loop over Redis (a consumer group)
    tasks.py      the table of task kinds
    service.py    `Runs`, what a server process holds
"""

from .base import (
    IDLE_TIMEOUT_S,
    End,
    Event,
    Halt,
    Progress,
    Reason,
    Request,
    RunHandle,
    Snapshot,
    Start,
    State,
    Step,
)
from .service import Runs, open_runs

__all__ = ["IDLE_TIMEOUT_S", "End", "Event", "Halt", "Progress", "Reason", "Request", "RunHandle", "Runs",
           "Snapshot", "Start", "State", "Step", "open_runs"]
