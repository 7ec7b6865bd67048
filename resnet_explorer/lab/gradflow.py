"""Gradient flow at initialisation: one backward pass, no training.

He et al. 2015 (section 4.1) show plain nets getting *worse* with depth and argue it is not
vanishing gradients "as the forward-propagated signals have non-zero variances" with BatchNorm.
At initialisation the picture depends on normalisation: without BatchNorm a plain net's gradient
decays layer by layer towards the input (vanishing); with BatchNorm a deep plain net's gradient
*grows* towards the input (exploding: Yang et al. 2019, "A Mean Field Theory of Batch
Normalization"; Balduzzi et al. 2017, "The Shattered Gradients Problem"). Identity shortcuts keep
the gradient within a small factor at every depth (He et al. 2016, eq. 5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from ..config import NetConfig
from ..model import build_model
from ..presets import preset
from ..spec import build_spec
from . import data as datasets
from .instrument import weight_layers
from .trace import LayerMap
from .training import lab_config, to_input

SWEEP_DEPTHS = (8, 20, 56, 110)
INITS = ("pytorch", "kaiming")  # CIFAR nets have 6n+2 layers (He et al. 2015, section 4.2)


@dataclass(frozen=True)
class Flow:
    depth: int
    residual: bool
    batchnorm: bool
    init: str
    layers: tuple[str, ...]  # conv/linear layers, input to output
    roles: tuple[str, ...]  # of each layer: "stem", "branch", "shortcut" or "head" (from the spec)
    norms: tuple[float, ...]  # L2 norm of dL/d(weight) of each
    # Root mean square of dL/d(output) of each: the backpropagated signal that "vanishes" or
    # "explodes" (Glorot & Bengio 2010 show it can shrink with depth while weight gradients stay
    # level). Per unit, as in He et al. 2015b's analysis of Var[dL/dx], so wide and narrow layers compare.
    signal: tuple[float, ...]

    def convs(self, values: str = "signal") -> tuple[float, ...]:
        """`values` ("signal" or "norms") of the main-path convs (fc and shortcut projections left out)."""
        return tuple(v for role, v in zip(self.roles, getattr(self, values))
                     if role in ("stem", "branch"))

    def ratio(self, values: str = "signal") -> float:
        """First conv / last conv: << 1 vanishing, >> 1 exploding, near 1 healthy."""
        convs = self.convs(values)
        first, last = convs[0], convs[-1]
        if last == 0 or not math.isfinite(last):
            return math.inf if first > 0 else math.nan
        return first / last


def cifar_config(depth: int, residual: bool = True, batchnorm: bool = True) -> NetConfig:
    if depth < 8 or (depth - 2) % 6:
        raise ValueError(f"CIFAR nets have 6n+2 layers (8, 14, 20, ...), not {depth}")
    n = (depth - 2) // 6
    base = preset("resnet20" if residual else "plain20")  # He et al. 2015, section 4.2
    return base.replace(stages=(n, n, n), batchnorm=batchnorm)


def grad_at_init(cfg: NetConfig, seed: int = 0, batch: int = 16, init: str = "kaiming") -> Flow:
    """Gradient norm of every conv/linear weight after one backward pass of the cross-entropy on a
    fixed batch of synthetic images, with the net freshly initialised (train mode: batch statistics).

    init="kaiming" is the model's own (He et al. 2015b, which keeps a plain ReLU net's signal at
    constant variance); init="pytorch" is nn.Conv2d's default (uniform, a third of that variance),
    the init of a hand-built net, under which a plain net without BatchNorm loses its gradient."""
    if init not in INITS:
        raise ValueError(f"init must be one of {', '.join(INITS)}, not {init!r}")
    ds = datasets.synthetic(n=batch, seed=seed)
    x, y = to_input(torch.from_numpy(ds.images)), torch.from_numpy(ds.labels)
    spec = build_spec(lab_config(cfg))
    model = build_model(spec, seed=seed)
    if init == "pytorch":
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            for m in model.modules():
                if isinstance(m, torch.nn.Conv2d):
                    m.reset_parameters()
    model.train()
    where = LayerMap.of(spec)
    layers = weight_layers(model, where)
    modules = dict(model.named_modules())
    outputs: dict[str, torch.Tensor] = {}
    hooks = [modules[name].register_forward_hook(
        lambda m, i, out, name=name: outputs.__setitem__(name, out)) for name, _ in layers]
    try:
        loss = F.cross_entropy(model(x), y)
    finally:
        for h in hooks:
            h.remove()
    names = [name for name, _ in layers]
    signal_grads = torch.autograd.grad(loss, [outputs[n] for n in names], retain_graph=True)
    loss.backward()
    with torch.no_grad():
        norms = torch.stack(list(torch._foreach_norm([w.grad for _, w in layers]))).tolist()
        signal = [n / g.numel() ** 0.5 for n, g in
                  zip(torch.stack(list(torch._foreach_norm(list(signal_grads)))).tolist(), signal_grads)]
    return Flow(spec.depth, any(where.residual), cfg.batchnorm, init, tuple(names), where.layer_role,
                tuple(norms), tuple(signal))


def depth_sweep(depths: tuple[int, ...] = SWEEP_DEPTHS, init: str = "pytorch", seed: int = 0,
                batch: int = 16) -> list[Flow]:
    """Every depth, plain and residual, with and without BatchNorm."""
    return [grad_at_init(cifar_config(d, residual, bn), seed, batch, init)
            for bn in (True, False) for residual in (False, True) for d in depths]
