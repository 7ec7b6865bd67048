"""Gradient flow at initialisation: one backward pass, no training.

He et al. 2015 (section 4.1) show plain nets getting *worse* with depth and argue it is not
vanishing gradients "as the forward-propagated signals have non-zero variances" with BatchNorm.
At initialisation the picture depends on the regime (measured by `depth_sweep`, CIFAR nets 8-110):
- no normalisation, PyTorch's default init (a sixth of Kaiming's variance for a conv with as many
  input as output channels): a plain net's gradient vanishes towards the input, to exactly 0 in
  float32 by depth 56; a residual net keeps it within a small factor;
- no normalisation, Kaiming init (He et al. 2015b): a plain net's gradient shrinks towards the
  input, tens of times over 110 layers (the lesson reads the range over its seeds from its
  recording), while a residual net's explodes: each block adds its branch, dL/dx = dL/dy (1 + dF/dx)
  (He et al. 2016, eq. 5), so the signal's variance grows block by block (first/last about 1e8 at depth 110);
- BatchNorm: a deep plain net's gradient grows towards the input (Yang et al. 2019, "A Mean Field
  Theory of Batch Normalization"; Balduzzi et al. 2017); a residual net's grows far less, but still
  with depth (tens to about a hundred at depth 110);
- residual branches that start at zero (zero-init last BN, Goyal et al. 2017; without BN the last
  conv of each branch zeroed, as Fixup and SkipInit do): every block starts as its shortcut and the
  gradient along the shortcuts is flat at every depth; the branch weights get no gradient until
  their zeroed layer has moved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from ..model import build_model, zero_branches
from ..presets import preset
from ..spec import build_spec
from . import data as datasets
from .instrument import weight_layers
from .trace import LayerMap
from .training import lab_config, to_input

SWEEP_DEPTHS = (8, 20, 56, 110)  # CIFAR nets have 6n+2 layers (He et al. 2015, section 4.2)
INITS = ("pytorch", "kaiming")
KINDS = ("plain", "residual", "zero_init")  # zero_init: residual, branches starting at zero
VALUES = ("stream", "signal", "norms")


@dataclass(frozen=True)
class Flow:
    depth: int
    kind: str  # one of KINDS
    batchnorm: bool
    init: str
    layers: tuple[str, ...]  # conv/linear layers, input to output
    roles: tuple[str, ...]  # of each layer: "stem", "branch", "shortcut" or "head" (from the spec)
    norms: tuple[float, ...]  # L2 norm of dL/d(weight) of each
    # Root mean square of dL/d(output) of each: the backpropagated signal that "vanishes" or
    # "explodes" (Glorot & Bengio 2010 show it can shrink with depth while weight gradients stay
    # level). Per unit, as in He et al. 2015b's analysis of Var[dL/dx], so wide and narrow layers compare.
    signal: tuple[float, ...]
    # The same at each block's output: the gradient along the main path (the shortcuts' path).
    stream: tuple[float, ...]

    @property
    def residual(self) -> bool:
        return self.kind != "plain"

    def convs(self, values: str = "signal") -> tuple[float, ...]:
        """`values` along the main path, input to output: per block for "stream", else per
        main-path conv ("signal" or "norms"; fc and shortcut projections left out)."""
        if values == "stream":
            return self.stream
        return tuple(v for role, v in zip(self.roles, getattr(self, values)) if role in ("stem", "branch"))

    def ratio(self, values: str = "signal") -> float:
        """First / last: << 1 vanishing, >> 1 exploding, near 1 level. nan where either end has
        no gradient at all (0/0, or x/0, is no ratio)."""
        convs = self.convs(values)
        first, last = convs[0], convs[-1]
        if not (first > 0 and last > 0 and math.isfinite(first) and math.isfinite(last)):
            return math.nan
        return first / last


def cifar_config(depth: int, kind: str = "residual", batchnorm: bool = True):
    """The CIFAR net of He et al. 2015 (section 4.2) of a depth, as a preset with n blocks a stage."""
    if depth < 8 or (depth - 2) % 6:
        raise ValueError(f"CIFAR nets have 6n+2 layers (8, 14, 20, ...), not {depth}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    n = (depth - 2) // 6
    base = preset("plain20" if kind == "plain" else "resnet20")
    return base.replace(stages=(n, n, n), batchnorm=batchnorm, zero_init_residual=kind == "zero_init")


def _init(model, init: str, seed: int) -> None:
    """init="pytorch": every conv back to nn.Conv2d's default, then the zero-init branches zeroed again
    (build_model zeroed them: model.zero_branches)."""
    if init == "pytorch":
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            for m in model.modules():
                if isinstance(m, torch.nn.Conv2d):
                    m.reset_parameters()
        zero_branches(model)


def grad_at_init(cfg, seed: int = 0, batch: int = 16, init: str = "kaiming") -> Flow:
    """Gradients after one backward pass of the cross-entropy on a fixed batch of synthetic images,
    with the net freshly initialised (train mode: batch statistics).

    init="kaiming" is the model's own (He et al. 2015b, which keeps a plain ReLU net's signal at
    constant variance); init="pytorch" is nn.Conv2d's default: uniform with variance 1/(3 fan_in),
    a sixth of Kaiming's 2/fan_out where fan_in = fan_out, the init of a hand-built net."""
    if init not in INITS:
        raise ValueError(f"init must be one of {', '.join(INITS)}, not {init!r}")
    ds = datasets.synthetic(n=batch, seed=seed)
    x, y = to_input(torch.from_numpy(ds.images)), torch.from_numpy(ds.labels)
    spec = build_spec(lab_config(cfg))
    model = build_model(spec, seed=seed)
    _init(model, init, seed)
    model.train()
    where = LayerMap.of(spec)
    layers = weight_layers(model, where)
    watched = [name for name, _ in layers] + list(where.blocks)
    outputs: dict[str, torch.Tensor] = {}
    hooks = [model.get_submodule(name).register_forward_hook(
        lambda m, i, out, name=name: outputs.__setitem__(name, out)) for name in watched]
    try:
        loss = F.cross_entropy(model(x), y)
    finally:
        for h in hooks:
            h.remove()
    grads = torch.autograd.grad(loss, [outputs[n] for n in watched], retain_graph=True)
    loss.backward()
    with torch.no_grad():
        norms = torch.stack(list(torch._foreach_norm([w.grad for _, w in layers]))).tolist()
        rms = [n / g.numel() ** 0.5 for n, g in
               zip(torch.stack(list(torch._foreach_norm(list(grads)))).tolist(), grads)]
    kind = "plain" if not any(where.residual) else "zero_init" if cfg.zero_init_residual else "residual"
    n = len(layers)
    return Flow(spec.depth, kind, cfg.batchnorm, init, where.layers, where.layer_role, tuple(norms),
                tuple(rms[:n]), tuple(rms[n:]))


def depth_sweep(depths: tuple[int, ...] = SWEEP_DEPTHS, init: str = "pytorch", seed: int = 0,
                batch: int = 16) -> list[Flow]:
    """Every depth and kind (plain, residual, zero-init residual), with and without BatchNorm."""
    return [grad_at_init(cifar_config(d, kind, bn), seed, batch, init)
            for bn in (True, False) for kind in KINDS for d in depths]
