"""Pure: a NetSpec -> one standalone PyTorch file (torch only) that builds exactly that network.

The file lists the net's ops as data (the same table the layer view shows) and builds every op as a
module under the same name as `model.build_model`, so its state_dict loads into ours and back with
strict=True. `build_model()` returns the nn.Module; run as a script it prints its parameter count.
"""

from __future__ import annotations

from .analysis import Analysis
from .spec import Op

_HEADER = '''"""{title}, as built by ResNet Explorer. Standalone: needs only torch.

{params:,} parameters, {macs:,} MACs for one {h}x{w} image (conv and linear multiply-accumulates).
Settings: {settings}

Each op is one row below, (name, kind, in_channels, out_channels, kernel, stride, padding, groups,
bias); module names match torchvision's where torchvision has the same layer.
Run `python {{this file}}` to print the parameter count.
"""

import torch
import torch.nn.functional as F
from torch import nn

'''

_BODY = '''

class ZeroPadShortcut(nn.Module):
    """Shortcut option A (He et al. 2015, 3.3): subsample by the stride, append zero channels."""

    def __init__(self, in_ch, out_ch, stride):
        super().__init__()
        self.extra, self.stride = out_ch - in_ch, stride

    def forward(self, x):
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        return F.pad(x, (0, 0, 0, 0, 0, self.extra)) if self.extra else x


def make(kind, cin, cout, k, s, p, g, bias):
    if kind == "conv":
        return nn.Conv2d(cin, cout, k, s, p, groups=g, bias=bias)
    if kind == "bn":
        return nn.BatchNorm2d(cout)
    if kind == "relu":
        return nn.ReLU()
    if kind == "maxpool":
        return nn.MaxPool2d(k, s, p)
    if kind == "avgpool":
        return nn.AdaptiveAvgPool2d(1)
    if kind == "fc":
        return nn.Linear(cin, cout)
    if kind == "identity":
        return nn.Identity()
    if kind == "zero_pad":
        return ZeroPadShortcut(cin, cout, s)
    raise ValueError(kind)


class Block(nn.Module):
    """[pre-activation] -> F(x) (+ shortcut(x)) -> [ReLU after the addition]."""

    def __init__(self, pre, branch, shortcut, post):
        super().__init__()
        self.pre, self.branch, self.post = (self._add(ops) for ops in (pre, branch, post))
        self.has_shortcut = bool(shortcut)
        if shortcut and shortcut[0][0].startswith("downsample"):
            self.downsample = nn.Sequential(*(make(*op[1:]) for op in shortcut))
        elif shortcut:
            self.shortcut = make(*shortcut[0][1:])

    def _add(self, ops):
        for name, *args in ops:
            self.add_module(name, make(*args))
        return [name for name, *_ in ops]

    def forward(self, x):
        for name in self.pre:
            x = self._modules[name](x)
        out = x
        for name in self.branch:
            out = self._modules[name](out)
        if self.has_shortcut:
            short = self.downsample if hasattr(self, "downsample") else self.shortcut
            out = out + short(x)
        for name in self.post:
            out = self._modules[name](out)
        return out


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        for name, *args in STEM:
            self.add_module(name, make(*args))
        for stage, blocks in STAGES:
            self.add_module(stage, nn.Sequential(*(Block(*b) for b in blocks)))
        for name, *args in HEAD:
            self.add_module(name, make(*args))

    def forward(self, x):
        for name, *_ in STEM:
            x = self._modules[name](x)
        for stage, _ in STAGES:
            x = self._modules[stage](x)
        for name, *_ in HEAD[:-1]:
            x = self._modules[name](x)
        return self._modules[HEAD[-1][0]](torch.flatten(x, 1))


def build_model():
    """The network, initialised as torchvision does: Kaiming-normal convs (fan_out; He et al. 2015b,
    "Delving Deep into Rectifiers"), BN 1 and 0."""
    model = ResNet()
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
    for name in ZERO_INIT:  # each residual branch starts at zero: its last BN's gamma, or its last conv
        nn.init.zeros_(model.get_submodule(name).weight)
    return model


if __name__ == "__main__":
    net = build_model()
    print(sum(p.numel() for p in net.parameters()))
'''


def _row(op: Op, prefix: str = "") -> str:
    name = op.name[len(prefix) + 1:] if prefix else op.name
    bias = bool(getattr(op, "bias", False))  # convs have no bias unless the spec gives one
    return (f"({name!r}, {op.kind.value!r}, {op.in_ch}, {op.out_ch}, {op.kernel}, {op.stride}, "
            f"{op.padding}, {op.groups}, {bias})")


def _ops(ops: tuple[Op, ...], prefix: str, indent: str) -> str:
    if not ops:
        return "[]"
    return "[\n" + "".join(f"{indent}    {_row(op, prefix)},\n" for op in ops) + f"{indent}]"


def pytorch_source(a: Analysis, title: str = "ResNet") -> str:
    """One runnable .py file that builds the analysed network (same module names, same parameter count)."""
    from .model import zero_init_layers  # model.py imports torch: only this function needs it

    spec, config = a.spec, a.config
    settings = ", ".join(f"{k}={v}" for k, v in config.as_dict().items())
    parts = [_HEADER.format(title=title, params=a.totals.params, macs=a.totals.macs,
                            h=config.input_size[0], w=config.input_size[1], settings=settings)]
    parts.append(f"STEM = {_ops(spec.stem, '', '')}\n\n")
    parts.append("# (stage, [(pre, branch, shortcut, post) of each block])\nSTAGES = [\n")
    for stage in spec.stages:
        parts.append(f"    ({stage.name!r}, [\n")
        for b in stage.blocks:
            short_prefix = b.name
            lists = [_ops(b.pre, b.name, " " * 8), _ops(b.branch, b.name, " " * 8),
                     _ops(b.shortcut, short_prefix, " " * 8), _ops(b.post, b.name, " " * 8)]
            parts.append(f"        # {b.name}\n        (" + ", ".join(lists) + "),\n")
        parts.append("    ]),\n")
    parts.append("]\n\n")
    parts.append(f"HEAD = {_ops(spec.head, '', '')}\n\n")
    parts.append(f"ZERO_INIT = {list(zero_init_layers(spec))!r}\n")
    parts.append(_BODY)
    return "".join(parts)


def torchinfo_text(a: Analysis, depth: int = 3) -> str:
    """torchinfo's own summary of the analysed net's model, on the meta device (no weights allocated)."""
    import torch
    import torchinfo

    from .model import build_model

    config = a.config
    with torch.device("meta"):
        model = build_model(a.spec)
    stats = torchinfo.summary(model, input_size=(1, config.in_channels, *config.input_size),
                              device="meta", depth=depth, verbose=0,
                              col_names=("output_size", "num_params", "mult_adds"),
                              row_settings=("var_names",))
    return str(stats) + "\n"
