"""What a training run records, and where each recorded number sits in the network.

`LayerMap` reads the layer -> block -> stage mapping, and which layers are stem, residual branch,
shortcut projection or head, from the NetSpec the model was built from: the lab never parses
module names. `Trace` holds one net's numbers as plain lists (exportable as CSV or JSON).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict, dataclass, field

from ..config import NetConfig
from ..spec import NetSpec, Op, OpKind

WEIGHTED = (OpKind.CONV, OpKind.FC)
ROLES = ("stem", "branch", "shortcut", "head")


@dataclass(frozen=True)
class LayerMap:
    """Every conv/linear layer in forward order, with its block, stage and role; every block."""

    layers: tuple[str, ...]
    layer_block: tuple[str, ...]  # block name, or "stem" / "head" outside blocks
    layer_stage: tuple[str, ...]  # "stem", "layer1", ..., "head"
    layer_role: tuple[str, ...]  # one of ROLES
    blocks: tuple[str, ...]
    block_stage: tuple[str, ...]
    residual: tuple[bool, ...]  # per block: has a shortcut
    downsamples: tuple[bool, ...]  # per block: changes shape (stride or channels)
    stages: tuple[str, ...]  # the stages that hold blocks, in order
    params: tuple[int, ...]  # weights of each layer, so layers of different sizes can be compared

    @classmethod
    def of(cls, spec: NetSpec) -> LayerMap:
        rows: list[tuple[str, str, str, str, int]] = []

        def add(ops: tuple[Op, ...], block: str, stage: str, role: str) -> None:
            rows.extend((op.name, block, stage, role, op.weights) for op in ops if op.kind in WEIGHTED)

        add(spec.stem, "stem", "stem", "stem")
        for stage in spec.stages:
            for b in stage.blocks:
                # Module registration order (the order of model.parameters()): pre, branch, shortcut.
                add(b.pre + b.branch, b.name, stage.name, "branch")
                add(b.shortcut, b.name, stage.name, "shortcut")
        add(spec.head, "head", "head", "head")
        layers, layer_block, layer_stage, layer_role, params = (tuple(c) for c in zip(*rows))
        blocks = spec.blocks
        return cls(layers, layer_block, layer_stage, layer_role, tuple(b.name for b in blocks),
                   tuple(spec.stages[b.stage].name for b in blocks), tuple(b.is_residual for b in blocks),
                   tuple(b.downsamples for b in blocks), tuple(s.name for s in spec.stages), params)


@dataclass(frozen=True)
class StageStats:
    norm: float  # L2 norm of all the stage's weight gradients (grows with the stage's size)
    per_weight: float  # its root mean square per weight: norm / sqrt(number of weights)
    relative: float  # norm of the gradient / norm of the weights (scale-free; nan if no weights)


@dataclass
class Trace:
    """Everything one net recorded; lists indexed [step] or [step][layer or block]."""

    label: str  # "net" or "twin"
    config: NetConfig  # as trained (fitted to the lab's data)
    map: LayerMap
    step: list[int] = field(default_factory=list)
    time_s: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)  # on the step's batch, train mode, before the update
    grad_norm: list[list[float]] = field(default_factory=list)
    update_ratio: list[list[float]] = field(default_factory=list)
    weight_norm: list[list[float]] = field(default_factory=list)  # before the step's update
    act_mean: list[list[float]] = field(default_factory=list)
    act_std: list[list[float]] = field(default_factory=list)
    shortcut_grad: list[list[float]] = field(default_factory=list)  # 0 in a plain block
    branch_grad: list[list[float]] = field(default_factory=list)
    note: str = ""  # what was done to this net beyond its config (e.g. the twin's init), an i18n key
    # Held-out accuracy in eval mode (running BN statistics), measured now and then: (step, accuracy).
    eval_accuracy: list[tuple[int, float]] = field(default_factory=list)

    PER_STEP = ("step", "time_s", "lr", "loss", "accuracy")
    PER_LAYER = ("grad_norm", "update_ratio", "weight_norm")
    PER_BLOCK = ("act_mean", "act_std", "shortcut_grad", "branch_grad")

    @property
    def layers(self) -> tuple[str, ...]:
        return self.map.layers

    @property
    def blocks(self) -> tuple[str, ...]:
        return self.map.blocks

    @property
    def residual(self) -> tuple[bool, ...]:
        return self.map.residual

    def __len__(self) -> int:
        return len(self.step)

    def append(self, step: int, seconds: float, lr: float, record: dict) -> None:
        self.step.append(step)
        self.time_s.append(seconds)
        self.lr.append(lr)
        for name in ("loss", "accuracy", *self.PER_LAYER, *self.PER_BLOCK):
            getattr(self, name).append(record[name])

    def head(self, n: int) -> Trace:
        """The first n steps, as a new Trace sharing the (never modified) rows."""
        cut = {name: getattr(self, name)[:n] for name in self.PER_STEP + self.PER_LAYER + self.PER_BLOCK}
        held_out = [(s, a) for s, a in self.eval_accuracy if s < n]
        return Trace(self.label, self.config, self.map, **cut, note=self.note, eval_accuracy=held_out)

    def _group(self, i: int, keys: tuple[str, ...]) -> dict[str, float]:
        sums: dict[str, float] = {}
        for key, g in zip(keys, self.grad_norm[i]):
            sums[key] = sums.get(key, 0.0) + g * g
        return {k: math.sqrt(v) for k, v in sums.items()}

    def block_grad_norms(self, i: int = -1) -> dict[str, float]:
        """L2 norm of all conv/linear weight gradients of each block at step index i."""
        out = self._group(i, self.map.layer_block)
        return {b: out[b] for b in self.blocks if b in out}

    def stage_grad_norms(self, i: int = -1) -> dict[str, float]:
        """The same per stage: "stem", "layer1", ..., "head"."""
        return self._group(i, self.map.layer_stage)

    def stage_stats(self, i: int = -1) -> dict[str, StageStats]:
        """Per stage ("stem", "layer1", ..., "head") at step index i: gradient sizes that compare
        across stages of different sizes."""
        acc: dict[str, list[float]] = {}
        rows = zip(self.map.layer_stage, self.map.params, self.grad_norm[i], self.weight_norm[i])
        for stage, n, g, w in rows:
            a = acc.setdefault(stage, [0.0, 0.0, 0.0])
            a[0], a[1], a[2] = a[0] + g * g, a[1] + n, a[2] + w * w
        return {s: StageStats(math.sqrt(g2), math.sqrt(g2 / n), math.sqrt(g2 / w2) if w2 > 0 else math.nan)
                for s, (g2, n, w2) in acc.items()}

    def to_dict(self) -> dict:
        m = self.map
        meta = {"label": self.label, "layers": list(m.layers), "layer_block": list(m.layer_block),
                "layer_stage": list(m.layer_stage), "layer_role": list(m.layer_role),
                "layer_params": list(m.params),
                "blocks": list(m.blocks), "residual": list(m.residual), "note": self.note,
                "config": self.config.as_dict(), "eval_accuracy": [list(p) for p in self.eval_accuracy]}
        series = {name: getattr(self, name) for name in self.PER_STEP + self.PER_LAYER + self.PER_BLOCK}
        return meta | series

    # -- on the wire: a lab run streams its traces from the worker as JSON (runs/, a "lab" task) --
    def meta(self) -> dict:
        """The fixed fields (label, config, layer map, note) as plain JSON values."""
        return {"label": self.label, "config": self.config.as_dict(), "map": asdict(self.map),
                "note": self.note}

    @classmethod
    def from_meta(cls, meta: dict) -> Trace:
        """The empty Trace a run's start describes."""
        layer_map = LayerMap(**{k: tuple(v) for k, v in meta["map"].items()})
        return cls(meta["label"], NetConfig(**meta["config"]), layer_map, note=meta.get("note", ""))

    def delta(self, sent: dict[str, int]) -> dict:
        """What the growing lists gained since `sent` (updated in place): {field: [new items]}."""
        out = {}
        for name in self.PER_STEP + self.PER_LAYER + self.PER_BLOCK + ("eval_accuracy",):
            items = getattr(self, name)
            if len(items) > sent.get(name, 0):
                out[name] = [list(x) if isinstance(x, tuple) else x for x in items[sent.get(name, 0):]]
                sent[name] = len(items)
        return out

    def extend(self, delta: dict) -> None:
        for name, items in delta.items():
            getattr(self, name).extend(tuple(x) for x in items) if name == "eval_accuracy" \
                else getattr(self, name).extend(items)

    def csv_header(self) -> list[str]:
        cols = ["net", *self.PER_STEP]
        cols += [f"{m}:{layer}" for m in self.PER_LAYER for layer in self.layers]
        cols += [f"{m}:{block}" for m in self.PER_BLOCK for block in self.blocks]
        return cols

    def csv_rows(self) -> list[list]:
        rows = []
        for i in range(len(self)):
            row: list = [self.label] + [getattr(self, m)[i] for m in self.PER_STEP]
            for m in self.PER_LAYER + self.PER_BLOCK:
                row += getattr(self, m)[i]
            rows.append(row)
        return rows


def traces_csv(traces: list[Trace]) -> str:
    """One CSV for a run: a row per net per step; twin nets get their own header block if they differ."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = None
    for tr in traces:
        if tr.csv_header() != header:
            header = tr.csv_header()
            writer.writerow(header)
        writer.writerows(tr.csv_rows())
    return out.getvalue()
