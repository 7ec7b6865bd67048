"""Watch a ResNet train: per-step numbers from hooks, gathered with one host transfer a step.

What is recorded, per step:
- the L2 norm of the gradient of every conv/linear weight (the layers whose depth the papers count);
- the L2 norm of each of those weights before the update;
- the update-to-weight ratio ||w_after - w_before|| / ||w_before|| of the same weights (a healthy
  value is around 1e-3 a step: Karpathy, "A Recipe for Training Neural Networks", 2019);
- mean and standard deviation of every block's output;
- at every block, the gradient reaching its input x through the shortcut and through the residual
  branch F. He et al. 2016 ("Identity Mappings", eq. 5) write dL/dx = dL/dy (1 + dF/dx): with an
  identity shortcut the first term is the addition's output gradient passed on unchanged.

Cost: the norms are batched (`torch._foreach_norm`, one `torch.stack`) and turned into Python numbers
with a single `.tolist()` a step; there is no per-layer `.item()` (each would be a device sync).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from ..model import ResidualBlock, ResNet
from .trace import LayerMap


def weight_layers(model: ResNet, layers: LayerMap | None = None) -> list[tuple[str, nn.Parameter]]:
    """(name, weight) of every conv and linear layer of the model's spec, in forward order."""
    layers = layers or LayerMap.of(model.spec)
    return [(name, model.get_submodule(name).weight) for name in layers.layers]


class Instrument:
    """Hooks on one model; `step(...)` runs one training step and returns its numbers.

    Split of the gradient at a block input x (after any shared pre-activation): a forward pre-hook
    hands the shortcut module, and the branch's first module, each its own view of x with a tensor
    hook on it, so each hook sees dL/dx through that path only; in a plain block the branch carries
    all of it. (Full backward hooks give the same numbers but wrap every call in a Python autograd
    Function: about 5% of a CPU training step, against ~0 for a view.)
    """

    def __init__(self, model: ResNet):
        self.model = model
        self.map = LayerMap.of(model.spec)  # where every layer and block sits, from the spec
        self.weights = [w for _, w in weight_layers(model, self.map)]
        self.blocks: list[ResidualBlock] = [model.get_submodule(b) for b in self.map.blocks]
        nb = len(self.blocks)
        zero = torch.zeros((), device=self.weights[0].device)
        self._zero = zero
        self._act: list[torch.Tensor] = [zero] * (2 * nb)  # sum and sum of squares per block
        self._act_n = [1] * nb
        self._shortcut: list[torch.Tensor] = [zero] * nb
        self._branch: list[torch.Tensor] = [zero] * nb
        self._handles: list = []
        self.attach()

    def attach(self) -> None:
        """Register the hooks (done on construction; `remove()` takes them off again)."""
        if self._handles:
            return
        for i, block in enumerate(self.blocks):
            self._handles.append(block.register_forward_hook(self._act_hook(i)))
            first = block._modules[block.branch_names[0]]
            self._handles.append(first.register_forward_pre_hook(self._split_hook(self._branch, i)))
            if block.shortcut_path is not None:
                self._handles.append(
                    block.shortcut_path.register_forward_pre_hook(self._split_hook(self._shortcut, i)))

    def _act_hook(self, i: int):
        # Sum and dot product are single vectorised passes; torch.std_mean (Welford) took ~15 ms
        # a block on one CPU thread, a tenth of a ResNet-20 step.
        def hook(module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
            flat = output.detach().reshape(-1)
            self._act[2 * i], self._act[2 * i + 1] = flat.sum(), torch.dot(flat, flat)
            self._act_n[i] = flat.numel()
        return hook

    @staticmethod
    def _split_hook(store: list, i: int):
        def record(grad: torch.Tensor) -> None:
            store[i] = torch.linalg.vector_norm(grad)

        def pre_hook(module: nn.Module, args: tuple) -> tuple:
            x = args[0].view_as(args[0])  # this path's own handle on x
            if x.requires_grad:
                x.register_hook(record)
            return (x, *args[1:])
        return pre_hook

    def remove(self) -> None:
        for h in self._handles:
            h.remove()
        self._handles.clear()

    def step(self, x: torch.Tensor, y: torch.Tensor, optimizer: torch.optim.Optimizer) -> dict:
        """One SGD/Adam step on (x, y) with everything recorded; returns plain Python numbers."""
        logits = self.model(x)
        loss = F.cross_entropy(logits, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        grads = [w.grad if w.grad is not None else torch.zeros_like(w) for w in self.weights]
        with torch.no_grad():
            before = [w.detach().clone() for w in self.weights]
            optimizer.step()
            deltas = torch._foreach_sub([w.detach() for w in self.weights], before)
            numbers = torch.stack(
                list(torch._foreach_norm(grads)) + list(torch._foreach_norm(deltas))
                + list(torch._foreach_norm(before)) + self._act + self._shortcut + self._branch
                + [loss.detach(), (logits.argmax(1) == y).sum().to(loss.dtype)]
            ).tolist()
        return self._unpack(numbers, len(y))

    def _unpack(self, v: list[float], batch: int) -> dict:
        n, nb = len(self.weights), len(self.blocks)
        grad, delta, weight = v[:n], v[n:2 * n], v[2 * n:3 * n]
        o = 3 * n
        act = v[o:o + 2 * nb]
        o += 2 * nb
        shortcut, branch = v[o:o + nb], v[o + nb:o + 2 * nb]
        for i in range(nb):  # reset, so a block skipped by a later step cannot repeat a stale value
            self._shortcut[i] = self._branch[i] = self._zero
        return {
            "loss": v[-2],
            "accuracy": v[-1] / batch,
            "grad_norm": grad,
            "update_ratio": [d / w if w > 0 else 0.0 for d, w in zip(delta, weight)],
            "weight_norm": weight,
            "act_mean": [s / n for s, n in zip(act[0::2], self._act_n)],
            "act_std": [_std(s, ss, n) for s, ss, n in zip(act[0::2], act[1::2], self._act_n)],
            "shortcut_grad": shortcut,
            "branch_grad": branch,
        }


def _std(total: float, squares: float, n: int) -> float:
    """Sample standard deviation from a sum and a sum of squares (as torch.std: n - 1)."""
    if n < 2:
        return 0.0
    mean = total / n
    return math.sqrt(max(squares - n * mean * mean, 0.0) / (n - 1))
