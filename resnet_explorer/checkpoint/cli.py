"""`python -m resnet_explorer inspect FILE [--json]`: the net a weights file holds, and its counts.

A bad file prints one line on stderr and exits with status 2; nothing in the file is ever run.
Torch is imported only when the command runs, so the other commands start as fast as before.
"""

from __future__ import annotations

import argparse
import json
import sys

from .errors import DEFAULT_LIMIT_MB
from .infer import CHOICES


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="infer the ResNet in a .safetensors / .pt / .pth file and count it")
    p.add_argument("file", help="a state_dict saved as .safetensors, or with torch.save as .pt / .pth")
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.add_argument("--max-size", type=float, default=DEFAULT_LIMIT_MB,
                   help=f"refuse files larger than this many MB (default {DEFAULT_LIMIT_MB})")
    p.add_argument("--inside", action="store_true",
                   help="also BatchNorm gamma per block: switched-off channels, near-zero branches")
    p.add_argument("--stride-at", dest="stride_at", help="not in the weights: v1 | v1.5 (bottlenecks)")
    p.add_argument("--input-size", dest="input_size", help="not in the weights: e.g. 224 or 32x48")
    p.add_argument("--shortcut", help="A | none, when no block has a projection (same weights)")


def _text(s: dict, inside: list[dict] | None) -> str:
    f = s["file"]
    h, w = s["config"]["input_size"]
    lines = [f"file         {f['name']} ({f['format']}, {f['bytes']:,} bytes, {f['tensors']} tensors"
             + (f", state_dict under {f['state_dict_under']!r}" if f["state_dict_under"] else "") + ")"]
    if s["matches_preset"]:
        lines.append(f"net          preset {s['matches_preset']}")
    lines += [f"  {k:<20}{','.join(map(str, v)) if isinstance(v, list | tuple) else v}"
              for k, v in s["config"].items()]
    lines += [f"params       {s['params']:,}", f"MACs         {s['macs']:,} (one {h}x{w} image)",
              "read from the weights:", *(f"  - {n}" for n in s["renamed"] + s["found"]),
              "assumed (change with --stride-at, --input-size, --shortcut):",
              *(f"  - {n}" for n in s["assumed"].values()),
              f"strict load: {f['tensors']} tensors into the inferred net",
              "the same net: python -m resnet_explorer summary "
              + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in s["url_options"].items())]
    if inside is not None:
        off = [f"{r['block']} {r['off']}/{r['channels']}" for r in inside if r["off"]]
        small = [r["block"] for r in inside if r["near_zero"]]
        lines += [f"switched-off channels: {', '.join(off) or 'none'}",
                  f"near-zero branches: {', '.join(small) or 'none'}"]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from .errors import CheckpointError
    from .inside import OFF, SMALL, block_gammas
    from .opened import inspect_path, summary

    choices = {k: getattr(args, k) for k in CHOICES if getattr(args, k, None) is not None}
    if not args.max_size > 0:
        print("resnet_explorer: error: --max-size must be a number of MB above 0", file=sys.stderr)
        return 2
    try:
        opened = inspect_path(args.file, args.max_size, choices)
    except CheckpointError as err:
        print(f"resnet_explorer: error: {err}", file=sys.stderr)
        return 2
    s = summary(opened)
    inside = None
    if args.inside:
        inside = [{"block": r.block, "bns": r.bns, "channels": r.channels, "off": r.off,
                   "last_bn": r.last_bn or None, "last_bn_mean_abs_gamma": r.last_mean,
                   "near_zero": r.near_zero} for r in block_gammas(opened.model)]
        s["inside"] = {"off_below": OFF, "near_zero_below": SMALL, "blocks": inside}
    try:
        print(json.dumps(s) if args.json else _text(s, inside))
    except BrokenPipeError:  # e.g. `| head`
        sys.stderr.close()
    return 0
