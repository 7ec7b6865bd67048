"""The table of tasks a worker can run: a kind -> the function that runs it, named by import path so
that this module (and the whole run layer) never imports torch; the worker imports a task's module
when it first runs one.

A task is `fn(settings: dict, ctl: Control) -> result` (plain JSON values): it reports as it goes with
`ctl.step(done, data)` (a lab run's numbers) or `ctl.progress(done, label)` (an experiment's), each of
which also ends it, between two units of work, when it is stopped, unwatched or past its time budget.
Adding an experiment = one row here, the function, and its view.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

TASKS: dict[str, str] = {
    "lab": "resnet_explorer.lab.task:train",  # the gradient lab: a net and its twin, every number a step
    "lesson_net": "resnet_explorer.lessons.tasks:train_net",  # one net of the degradation lesson
    "lesion_net": "resnet_explorer.lessons.tasks:lesion_net",  # one net trained, then lesioned block by block
    "gradflow": "resnet_explorer.lessons.tasks:gradflow_sweep",  # gradients at initialisation over depths
}
# Run once in each worker process before its first task: thread policy and slow imports.
PREPARE = "resnet_explorer.lab.budget:prepare_worker"


def resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def load(kind: str) -> Callable[..., Any]:
    """The function of a task kind; KeyError for a kind not in the table."""
    return resolve(TASKS[kind])
