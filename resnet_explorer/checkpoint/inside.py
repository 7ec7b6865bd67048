"""What the trained weights say, read from the loaded net (opened.py); numbers only, no drawing.

- `weight_norms`: each conv's and the fc's weight, as its L2 norm and its RMS (the norm over the square
  root of its size, so layers of different sizes compare).
- `block_gammas`: BatchNorm's scale gamma, block by block. A channel whose |gamma| is below OFF gives
  (nearly) the constant beta whatever its input: switched off (the channels network slimming prunes,
  Liu et al. 2017). For a post-activation residual block, the last BN's gamma scales F(x) itself:
  when its mean |gamma| is below SMALL the branch adds little to the shortcut, the "residual functions
  are small" finding of He et al. 2015 (section 4.2, Fig. 7) read off the weights.
- `lessons`: the BatchNorm lesson (lessons/bn.bn_modes) and the layer responses on the file's
  net, when its input fits a set that is made here: 1 channel -> the lessons' 16x16 gratings,
  3 channels -> the 32x32 synthetic shapes (twice the size for an ImageNet stem). The responses are
  the std of each branch's last BN or conv output (a pre-activation branch ends in a conv), which for
  post-activation nets is lessons/bn.layer_responses.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ..config import NetConfig
from ..model import ResNet
from ..spec import OpKind

OFF = 0.01  # |gamma| below this: the channel is switched off
SMALL = 0.1  # mean |gamma| of a branch's last BN below this (it starts at 1): a branch near zero
LESSON_IMAGES = 64  # images of the lessons on a file's net (ResNet-50 at 32x32: about a second)


@dataclass(frozen=True)
class LayerWeight:
    name: str
    kind: str  # "conv" | "fc"
    count: int
    norm: float
    rms: float


@dataclass(frozen=True)
class BlockGamma:
    block: str  # "stem", "layer2.0", "head"
    bns: int
    channels: int
    off: int  # channels with |gamma| < threshold
    last_bn: str  # the BN that scales the residual branch's output; "" if none does
    last_mean: float | None  # its mean |gamma|

    @property
    def near_zero(self) -> bool:
        return self.last_mean is not None and self.last_mean < SMALL


def weight_norms(model: ResNet) -> list[LayerWeight]:
    """Every conv and the fc, in the order of the net."""
    out = []
    for name, m in model.named_modules():
        if isinstance(m, torch.nn.Conv2d | torch.nn.Linear):
            w = m.weight.detach()
            norm = float(torch.linalg.vector_norm(w))
            out.append(LayerWeight(name, "fc" if isinstance(m, torch.nn.Linear) else "conv",
                                   w.numel(), norm, norm / w.numel() ** 0.5))
    return out


def _groups(model: ResNet) -> list[tuple[str, list[str], str]]:
    """(block, its BN names, the BN ending its residual branch or "") for stem, blocks and head."""
    spec = model.spec
    out = [("stem", [op.name for op in spec.stem if op.kind is OpKind.BN], "")]
    for b in spec.blocks:
        ops = [*b.pre, *b.branch, *b.shortcut]
        bns = [op.name for op in ops if op.kind is OpKind.BN]
        ends = b.branch[-1].kind is OpKind.BN if b.branch else False
        out.append((b.name, bns, b.branch[-1].name if ends and b.is_residual else ""))
    out.append(("head", [op.name for op in spec.head if op.kind is OpKind.BN], ""))
    return [g for g in out if g[1]]


def block_gammas(model: ResNet, threshold: float = OFF) -> list[BlockGamma]:
    rows = []
    for block, bns, last in _groups(model):
        gammas = [model.get_submodule(n).weight.detach().abs() for n in bns]
        mean = float(model.get_submodule(last).weight.detach().abs().mean()) if last else None
        rows.append(BlockGamma(block, len(bns), sum(g.numel() for g in gammas),
                               sum(int((g < threshold).sum()) for g in gammas), last, mean))
    return rows


def lesson_input(cfg: NetConfig, n: int = LESSON_IMAGES) -> tuple[torch.Tensor, torch.Tensor, str] | None:
    """Images (as the nets see them), labels and the set's name for a net of these input channels."""
    from ..lab import data
    from ..lab.training import to_input
    from ..lessons.nets import held_out_images

    if cfg.in_channels == 1:
        x, y = held_out_images(0, n)
        return x, y, "gratings"
    if cfg.in_channels == 3:
        ds = data.synthetic(n, seed=1)
        x = to_input(torch.from_numpy(ds.images))
        if cfg.stem.value == "imagenet":  # its stem divides by 4: at 32x32 the last stage would be 1x1
            x = torch.nn.functional.interpolate(x, scale_factor=2, mode="nearest")
        return x, torch.from_numpy(ds.labels), "synthetic"
    return None


@torch.no_grad()
def branch_responses(model: ResNet, x: torch.Tensor) -> list[tuple[str, float]]:
    """(block, std over `x` of the last BN or conv of its branch), eval mode: F(x)'s size, He et al.
    2015 Fig. 7; for a plain block, the whole layer's output."""
    stds: dict[str, float] = {}
    hooks = []
    for b in model.spec.blocks:
        last = [op.name for op in b.branch if op.kind in (OpKind.BN, OpKind.CONV)][-1]
        hooks.append(model.get_submodule(last).register_forward_hook(
            lambda m, i, out, name=b.name: stds.__setitem__(name, float(out.std()))))
    was = model.training
    model.eval()
    try:
        model(x)
    finally:
        model.train(was)
        for h in hooks:
            h.remove()
    return [(b.name, stds[b.name]) for b in model.spec.blocks]


def lessons(model: ResNet, n: int = LESSON_IMAGES) -> dict[str, object]:
    """Both lessons on the file's net, or the reason one cannot run ("why": an i18n key)."""
    from ..lessons.bn import bn_modes

    cfg = model.spec.config
    made = lesson_input(cfg, n)
    if made is None:
        return {"why": "ck_lesson_channels", "channels": cfg.in_channels}
    x, y, name = made
    out: dict[str, object] = {"data": name, "images": len(y), "responses": branch_responses(model, x)}
    stem_bn = any(op.name == "bn1" for op in model.spec.stem)
    if stem_bn:
        try:
            out["bn"] = bn_modes(model, x, y)  # it trains a deep copy, never the file's net
        except ValueError:  # training-mode BN on one image with a 1x1 map: one value per channel
            out["bn_why"] = "ck_lesson_bn_failed"
    else:
        out["bn_why"] = "ck_lesson_no_stem_bn"
    out["labels_fit"] = cfg.num_classes == 10
    return out
