"""Two lessons read off the trained lesion nets (lesion.py `lesion_nets`): no training here.

- `bn_modes`: BatchNorm in training mode (statistics of the current batch) against evaluation mode
  (running statistics gathered during training), numbers for one layer and for the whole net.
- `layer_responses`: He et al. 2015, Fig. 7: the standard deviation of each block's last BN output
  (the residual function F before the addition), plain against residual twins.
- `bn_study`, `response_study`: both on the shipped nets and one batch of held-out images, as the
  lessons' scenes (ui/lessons/batchnorm.py) and pages (pages/forward_lessons.py) show them.
"""

from __future__ import annotations

import copy

import torch

from ..model import ResNet
from ..spec import OpKind
from .lesion import DEPTHS, lesion_nets
from .nets import held_out_images, net_name

BN_IMAGES = 256  # one batch of held-out images
BN_NET = net_name(DEPTHS[True], True)  # the BatchNorm lesson's net: the lesion lesson's residual one
Responses = list[tuple[str, bool, list[tuple[str, float]]]]  # (net, residual, (block, std) each) each


def _last_bn(model: ResNet, block) -> torch.nn.BatchNorm2d:
    name = [op.name for op in block.branch if op.kind is OpKind.BN][-1]
    return model.get_submodule(name)


@torch.no_grad()
def bn_modes(model: ResNet, x: torch.Tensor, y: torch.Tensor, channels: int = 4) -> dict[str, object]:
    """The stem's BatchNorm on one batch, both ways, and the net's accuracy both ways.

    Training mode normalises with the batch's own mean and variance, so an image's output depends
    on the other images in its batch; evaluation mode uses the running averages, so it does not."""
    model = copy.deepcopy(model)  # train mode updates running statistics: never touch the caller's
    conv, bn = model.get_submodule("conv1"), model.get_submodule("bn1")
    z = conv(x)
    batch_mean, batch_var = z.mean((0, 2, 3)), z.var((0, 2, 3), unbiased=False)
    # Read before any forward pass in training mode moves them.
    running_mean, running_var = bn.running_mean.clone(), bn.running_var.clone()
    # One output value, image 0, centre pixel, channel 0, by hand both ways (y = g (z - m)/sqrt(v + eps) + b).
    c, h, w = 0, z.shape[2] // 2, z.shape[3] // 2
    z0 = z[0, c, h, w]

    def by_hand(mean: torch.Tensor, var: torch.Tensor) -> float:
        return float(bn.weight[c] * (z0 - mean[c]) / torch.sqrt(var[c] + bn.eps) + bn.bias[c])

    model.eval()
    eval_acc = float((model(x).argmax(1) == y).float().mean())
    # The same image 0 in two different batches: eval mode gives the same logits, train mode does not.
    other = torch.cat([x[:1], x.flip(0)[: len(x) // 2]])
    eval_shift = float((model(x)[0] - model(other)[0]).abs().max())
    model.train()
    train_acc = float((model(x).argmax(1) == y).float().mean())
    train_shift = float((model(x)[0] - model(other)[0]).abs().max())
    # Each image alone in training mode: normalised by its own statistics only.
    single_acc = float(sum(int(model(x[i:i + 1]).argmax(1) == y[i]) for i in range(len(y))) / len(y))
    k = min(channels, len(batch_mean))
    return {
        "layer": "bn1", "batch": len(y), "channels": k,
        "batch_mean": batch_mean[:k].tolist(), "running_mean": running_mean[:k].tolist(),
        "batch_var": batch_var[:k].tolist(), "running_var": running_var[:k].tolist(),
        "z": float(z0), "out_train": by_hand(batch_mean, batch_var),
        "out_eval": by_hand(running_mean, running_var),
        "acc_eval": eval_acc, "acc_train_batch": train_acc, "acc_train_single": single_acc,
        "shift_eval": eval_shift, "shift_train": train_shift,
    }


@torch.no_grad()
def layer_responses(model: ResNet, x: torch.Tensor) -> list[tuple[str, float]]:
    """(block, std of its last BN's output) over `x`, in eval mode: the response of the residual
    function F (He et al. 2015, section 4.2, Fig. 7), or of the whole layer in a plain net."""
    stds: dict[str, float] = {}
    hooks = [_last_bn(model, b).register_forward_hook(
        lambda m, i, out, name=b.name: stds.__setitem__(name, float(out.std())))
        for b in model.spec.blocks]
    was = model.training
    model.eval()
    try:
        model(x)
    finally:
        model.train(was)
        for h in hooks:
            h.remove()
    return [(b.name, stds[b.name]) for b in model.spec.blocks]


def bn_study(seed: int = 0, n: int = BN_IMAGES) -> dict[str, object] | None:
    """`bn_modes` of the shipped BN_NET of `seed` on `n` held-out images; None without its weights.
    Seconds: each image also goes through the net alone."""
    try:
        model = next(m for name, _, m in lesion_nets(seed) if name == BN_NET)
    except FileNotFoundError:
        return None
    x, y = held_out_images(seed, n)
    return bn_modes(model, x, y)


def response_study(seed: int = 0, n: int = BN_IMAGES) -> Responses | None:
    """(name, residual, `layer_responses`) of each shipped lesion net of `seed` on `n` held-out images;
    None without their weights."""
    x, _ = held_out_images(seed, n)
    try:
        return [(name, residual, layer_responses(m, x)) for name, residual, m in lesion_nets(seed)]
    except FileNotFoundError:
        return None
