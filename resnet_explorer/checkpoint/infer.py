"""Key names and weight shapes -> NetConfig, with what the weights say and what they cannot say.

Read from the shapes (torchvision's names; names.py maps the others onto them):
- stem: conv1's kernel (7x7: ImageNet, 3x3: CIFAR), its in-channels, its width, a bias;
- stages: blocks per `layerN`; a stage whose block 0 has a conv1 and no conv2 opens with a
  transition layer (Transition.CONV);
- block: bottleneck when blocks have a conv3; widths from the blocks' outputs (a bottleneck's is 4x its
  width); groups from conv2's weight (out, in/groups, 3, 3), width per group and Wide ResNet's k from
  the inner width (torchvision's wide_resnet50_2 is k=2 here, as in presets.py);
- shortcut: projections (`downsample.0`) exactly where the shape changes (B), in every block (C), or
  nowhere (A or none: their weights are identical, so A, the paper's CIFAR nets, is assumed);
- pre-activation: a `final_bn` (this project's name for the BN before the pool);
- classes from fc, BatchNorm from running statistics.
Not in the weights, so assumed and stated: stride placement in a bottleneck, input size, A against
none, zero-init (it is how weights start, not what they are).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..config import Block, NetConfig, Shortcut, Stem, StrideAt, Transition
from ..fields import ConfigError
from ..options import parse_value
from .errors import CheckpointError, Note
from .names import not_a_resnet

_BLOCK = re.compile(r"^layer(\d+)\.(\d+)\.")
CHOICES = ("stride_at", "input_size", "shortcut")  # what the user may set: the weights cannot tell


@dataclass(frozen=True)
class Inference:
    config: NetConfig
    found: tuple[Note, ...]  # read from the weights
    assumed: tuple[Note, ...]  # not in the weights: the value taken, and what else it could be


def _ints(values) -> str:
    return ",".join(map(str, values))


def _stages(keys: list[str]) -> list[list[int]]:
    blocks: dict[int, set[int]] = {}
    for k in keys:
        m = _BLOCK.match(k)
        if m:
            blocks.setdefault(int(m[1]), set()).add(int(m[2]))
    if not blocks:
        raise not_a_resnet(keys)
    if sorted(blocks) != list(range(1, len(blocks) + 1)) or len(blocks) > 6:
        raise CheckpointError("ck_stage_names", stages=", ".join(f"layer{s}" for s in sorted(blocks)[:8]))
    out = []
    for s in sorted(blocks):
        if sorted(blocks[s]) != list(range(len(blocks[s]))):
            raise CheckpointError("ck_block_names", stage=f"layer{s}")
        out.append(sorted(blocks[s]))
    return out


def _shape(shapes: Mapping[str, tuple[int, ...]], key: str, dims: int = 4) -> tuple[int, ...]:
    shape = shapes.get(key)
    if shape is None or len(shape) != dims:
        raise CheckpointError("ck_missing", key=key, dims=dims)
    return tuple(shape)


def _grouped(planes: list[int], inners: list[int], g: int) -> tuple[int, int] | None:
    """(width_per_group, k) with int(planes * wpg / 64) * g * k == inner at every stage (as
    NetConfig.inner_width computes it), k as small as possible: ResNeXt writes its widths per group."""
    for k in range(1, 65):
        if inners[0] % (g * k):
            continue
        per = inners[0] // (g * k)
        for wpg in range(max(1, -(-per * 64 // planes[0])), 4097):
            if int(planes[0] * (wpg / 64.0)) != per:
                break
            if all(int(p * (wpg / 64.0)) * g * k == i for p, i in zip(planes, inners)):
                return wpg, k
    return None


def _widths(block: Block, outs: list[int], inners: list[int], groups: int, stem: int) -> dict:
    """widths, width_multiplier, width_per_group that give these block outputs and inner widths."""
    n = len(outs)
    if block is Block.BASIC:
        k = outs[0] // stem if stem and outs[0] % stem == 0 else 1
        if k > 1 and all(outs[s] == stem * k * 2**s for s in range(n)):
            return {"widths": tuple(stem * 2**s for s in range(n)), "width_multiplier": k}
        return {"widths": tuple(outs), "width_multiplier": 1}
    planes = [max(1, o // 4) for o in outs]
    ratio = inners[0] // planes[0]
    if groups == 1 and ratio >= 1 and all(i == p * ratio for i, p in zip(inners, planes)):
        return {"widths": tuple(planes), "width_multiplier": ratio}  # Wide ResNet's k
    wpg, k = _grouped(planes, inners, groups) or ((inners[0] // groups) * 64 // planes[0], 1)
    return {"widths": tuple(planes), "width_per_group": max(1, wpg), "groups": groups,
            "width_multiplier": k}


def _shortcut(blocks: list[tuple[bool, bool]], choice: object) -> tuple[Shortcut, Note]:
    """blocks: (has a projection, changes shape) of each residual block."""
    proj = [p for p, _ in blocks]
    if all(p == c for p, c in blocks) and any(proj):
        return Shortcut.B, Note("ck_found_shortcut_b", "shortcut")
    if proj and all(proj):
        return Shortcut.C, Note("ck_found_shortcut_c", "shortcut")
    if not any(proj):
        chosen = Shortcut(choice) if choice in (Shortcut.A, Shortcut.NONE) else Shortcut.A
        return chosen, Note("ck_assumed_shortcut", "shortcut", {"value": chosen.value})
    odd = sum(p != c for p, c in blocks)
    return Shortcut.B, Note("ck_found_shortcut_mixed", "shortcut", {"n": odd})


def infer(shapes: Mapping[str, tuple[int, ...]], choices: Mapping[str, str] | None = None) -> Inference:
    """The NetConfig these state_dict shapes describe. `choices` sets what the weights cannot tell
    (CHOICES, as text like the CLI flags and the URL: {"stride_at": "v1", "input_size": "64"})."""
    keys = list(shapes)
    try:
        picked = {k: parse_value(k, v) for k, v in (choices or {}).items() if k in CHOICES}
    except ConfigError as err:
        raise CheckpointError("ck_config", message=str(err)) from None
    if "conv1.weight" not in shapes:
        raise not_a_resnet(keys)
    c0, in_ch, kh, kw = _shape(shapes, "conv1.weight")
    if kh != kw or kh not in (3, 7):
        raise CheckpointError("ck_stem_kernel", k=f"{kh}x{kw}")
    stem = Stem.IMAGENET if kh == 7 else Stem.CIFAR
    stages = _stages(keys)
    transition = len(stages) > 1 and all(f"layer{s + 1}.0.conv2.weight" not in shapes
                                         for s in range(1, len(stages)))
    bottleneck = any(k.endswith(".conv3.weight") for k in keys)
    block = Block.BOTTLENECK if bottleneck else Block.BASIC
    last = 3 if bottleneck else 2  # the conv whose output is the block's
    outs, inners, groups, residual = [], [], set(), []
    for s, idx in enumerate(stages):
        first = 1 if transition and s > 0 else 0
        if len(idx) <= first:
            raise CheckpointError("ck_block_names", stage=f"layer{s + 1}")
        for i in idx[first:]:
            name = f"layer{s + 1}.{i}"
            conv1 = _shape(shapes, f"{name}.conv1.weight")
            out = _shape(shapes, f"{name}.conv{last}.weight")[0]
            if i == first:
                outs.append(out)
                inners.append(conv1[0])
                if bottleneck:
                    conv2 = _shape(shapes, f"{name}.conv2.weight")
                    groups.add(conv1[0] // max(1, conv2[1]))
            stride = 2 if (i == 0 and s > 0) else 1  # after a transition layer: 1
            residual.append((f"{name}.downsample.0.weight" in shapes, stride != 1 or conv1[1] != out))
    if "fc.weight" not in shapes:
        raise CheckpointError("ck_no_fc")
    classes, fc_in = _shape(shapes, "fc.weight", 2)
    preact = "final_bn.weight" in shapes
    shortcut, shortcut_note = _shortcut(residual, picked.get("shortcut"))
    opts: dict[str, object] = dict(
        stem=stem, block=block, stages=tuple(len(idx) - (1 if transition and s > 0 else 0)
                                             for s, idx in enumerate(stages)),
        shortcut=shortcut, preact=preact, in_channels=in_ch, num_classes=classes,
        batchnorm=any(k.endswith(".running_var") for k in keys),
        conv_bias=any(k.endswith(".bias") and (k.startswith("conv1.") or ".conv" in k) for k in keys),
        transition=Transition.CONV if transition else Transition.BLOCK,
        **_widths(block, outs, inners, max(groups) if groups else 1, c0))
    opts["stem_channels"] = 0 if c0 == opts["widths"][0] else c0
    found = [Note("ck_found_stem", "stem", {"k": kh, "stem": stem.value, "c": c0, "in": in_ch}),
             Note("ck_found_stages", "stages", {"block": block.value, "stages": _ints(opts["stages"])}),
             Note("ck_found_widths", "widths", {"widths": _ints(opts["widths"]), "outs": _ints(outs)}),
             shortcut_note, Note("ck_found_classes", "num_classes", {"n": classes, "c": fc_in})]
    if bottleneck:
        found.append(Note("ck_found_groups", "groups", {"g": opts.get("groups", 1),
                                                        "wpg": opts.get("width_per_group", 64)}))
    if opts.get("width_multiplier", 1) > 1:
        found.append(Note("ck_found_wide", "width_multiplier", {"k": opts["width_multiplier"]}))
    if preact:
        found.append(Note("ck_found_preact", "preact"))
    if transition:
        found.append(Note("ck_found_transition", "transition"))
    if opts["conv_bias"]:
        found.append(Note("ck_found_bias", "conv_bias"))
    if not opts["batchnorm"]:
        found.append(Note("ck_found_no_bn", "batchnorm"))
    assumed = [] if shortcut_note.key != "ck_assumed_shortcut" else [shortcut_note]
    if shortcut_note in assumed:
        found.remove(shortcut_note)
    default_stride = StrideAt.V1 if (preact and bottleneck and stem is Stem.CIFAR) else StrideAt.V1_5
    opts["stride_at"] = StrideAt(picked.get("stride_at", default_stride))
    if bottleneck:
        assumed.append(Note("ck_assumed_stride", "stride_at", {"value": opts["stride_at"].value}))
    size = 224 if stem is Stem.IMAGENET else 16 if in_ch == 1 else 32
    opts["input_size"] = picked.get("input_size", (size, size))
    h, w = opts["input_size"]
    assumed.append(Note("ck_assumed_input", "input_size", {"size": f"{h}x{w}", "stem": stem.value}))
    if not opts["batchnorm"]:  # no final_bn to tell: the same convs in either order of ReLU
        assumed.append(Note("ck_assumed_preact", "preact"))
    assumed.append(Note("ck_assumed_zero_init", "zero_init_residual"))
    try:
        cfg = NetConfig(**opts)
    except ConfigError as err:
        raise CheckpointError("ck_config", message=str(err)) from None
    return Inference(cfg, tuple(found), tuple(assumed))

