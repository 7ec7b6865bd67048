"""The command line: `resnet-explorer serve | presets | summary | export | page | anatomy | inspect |
lesson ...` (or `python -m resnet_explorer ...`).

Its JSON output is the stable contract for outside checks. A bad flag or value prints one line
on stderr and exits with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import config, fields, serve
from . import formatting as fmt
from .analysis import CONVENTIONS, Analysis, memory_estimate
from .anatomy import block_anatomy
from .checkpoint import cli as checkpoint_cli
from .export import EXPORT_FORMATS, export_text, to_json
from .fields import ConfigError, Kind, by_key
from .lab.settings import TRAIN_OPTIONS
from .lessons import cli as lesson_cli
from .limits import checked_analysis
from .options import config_from_options
from .pages import cli as page_cli
from .presets import PRESETS
from .tool_counts import tool_table

# The CLI's one own option: the batch of the training-memory estimate, bounded as the lab's batch.
BATCH = by_key(TRAIN_OPTIONS)["batch"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage block
        raise SystemExit(_fail(message))


def _fail(message: str) -> int:
    print(f"resnet_explorer: error: {message}", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="resnet-explorer", description="Build any ResNet and count it exactly.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    serve.add_parser(sub)
    sub.add_parser("presets", help="print the preset names, one a line")
    summary = sub.add_parser("summary", help="layer table, Table-1 stages and totals")
    add_net_flags(summary)
    summary.add_argument("--batch-size", default="32", help=f"for the training-memory estimate "
                         f"({BATCH.lo:g} to {BATCH.hi:g})")
    summary.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    download = sub.add_parser("download-cifar10", help="fetch and verify CIFAR-10 (binary version); "
                              "nothing else ever downloads")
    download.add_argument("--root", default=os.environ.get("RESNET_EXPLORER_DATA", "data"),
                          help="folder for cifar-10-batches-bin (default: $RESNET_EXPLORER_DATA or data)")
    anatomy = sub.add_parser("anatomy", help="conv weights of one block: bottleneck vs basic")
    anatomy.add_argument("--width", type=int, default=256, help="block width d (default 256)")
    anatomy.add_argument("--ratio", type=int, default=4, help="bottleneck reduction (default 4)")
    export = sub.add_parser("export", help="the net as one file on stdout: " + " | ".join(EXPORT_FORMATS))
    add_net_flags(export)
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="what to print")
    page_cli.add_parser(sub, add_net_flags)
    lesson_cli.add_parsers(sub)
    checkpoint_cli.add_parser(sub)
    return parser


def add_net_flags(parser: argparse.ArgumentParser) -> None:
    """--preset and one flag per row of the option table (for every command that takes a net)."""
    parser.add_argument("--preset", help="start from a named network (see `presets`)")
    for opt in config.NET_OPTIONS:
        flags = ["--" + key.replace("_", "-") for key in (opt.key, *opt.aliases)]
        if opt.kind is Kind.BOOL:
            parser.add_argument(*flags, dest=opt.key, action=argparse.BooleanOptionalAction,
                                help=fields.help_text(opt))
        else:
            parser.add_argument(*flags, dest=opt.key, help=fields.help_text(opt))


def net_options(args: argparse.Namespace) -> dict[str, str]:
    """The net flags given, as text options for options.config_from_options (as in a URL)."""
    keys = ["preset", *(opt.key for opt in config.NET_OPTIONS)]
    values = {k: getattr(args, k, None) for k in keys}
    return {k: str(v).lower() if isinstance(v, bool) else v for k, v in values.items() if v is not None}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(r, widths)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def to_text(a: Analysis, batch_size: int) -> str:
    t = a.totals
    layers = _table(("name", "kind", "output", "params", "MACs", "formula"),
                    [(r.name, r.kind.value, fmt.shape(r.out_shape), fmt.num(r.params), fmt.num(r.macs),
                      fmt.macs_formula(r) or fmt.params_formula(r)) for r in a.rows])
    stages = _table(("layer", "output", "block", "params", "MACs"),
                    [(s.name, fmt.shape(s.output_shape), fmt.block_text(s), fmt.num(s.params),
                      fmt.num(s.macs)) for s in a.stages])
    mem = memory_estimate(t, batch_size)
    totals = [
        f"params            {fmt.num(t.params)} (trainable {fmt.num(t.trainable_params)}; "
        f"buffers {fmt.num(t.buffers)})",
        f"MACs              {fmt.num(t.macs)} ({fmt.short(t.macs)}; {CONVENTIONS['macs']})",
        f"FLOPs             {fmt.num(t.flops)} ({CONVENTIONS['flops']})",
        f"training memory   {fmt.size(mem.total('sgd'))} SGD-momentum, {fmt.size(mem.total('adam'))} Adam "
        f"at batch {batch_size} (activations {fmt.size(mem.activations)})",
    ]
    tools = _table(("tool_totals", "tool", "total"),
                   [(r.key, r.tool, fmt.num(r.value)) for r in tool_table(a)])
    return "\n\n".join([layers, stages, "\n".join(totals), tools])


def anatomy_text(width: int, ratio: int) -> str:
    bottleneck, basic = block_anatomy("bottleneck", width, ratio), block_anatomy("basic", width)
    small = block_anatomy("basic", max(1, width // ratio))
    lines = [f"bottleneck {width}-d: " + " + ".join(fmt.num(c.weights) for c in bottleneck.convs)
             + f" = {fmt.num(bottleneck.weights)}",
             f"two 3x3 convs at {width}-d: {fmt.num(basic.weights)} "
             f"({basic.weights / bottleneck.weights:.1f}x the bottleneck)",
             f"basic block {small.width}-d: {fmt.num(small.weights)}"]
    return "\n".join(lines)


def _export(args: argparse.Namespace) -> int:
    try:
        analysis = checked_analysis(config_from_options(net_options(args)))
    except ConfigError as err:
        return _fail(str(err))
    try:
        sys.stdout.write(export_text(analysis, args.format, title=args.preset or "ResNet"))
    except BrokenPipeError:  # e.g. `| head`
        sys.stderr.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # --help exits 0; errors were printed as one line
        return int(exit_.code or 0)
    if args.command == "serve":
        return serve.run(args)
    if args.command == "presets":
        print("\n".join(PRESETS))
        return 0
    if args.command == "download-cifar10":
        from .lab.data import DataError, download_cifar10  # only this command needs the network

        try:
            print(download_cifar10(args.root))
        except (DataError, OSError) as err:
            print(f"resnet_explorer: error: {err}", file=sys.stderr)
            return 1
        return 0
    if args.command in ("lesson", "lesion"):
        return lesson_cli.run(args)
    if args.command == "export":
        return _export(args)
    if args.command == "page":
        return page_cli.run(args, net_options(args))
    if args.command == "inspect":
        return checkpoint_cli.run(args)
    if args.command == "anatomy":
        if not (1 <= args.width <= 8192 and 1 <= args.ratio <= args.width):
            return _fail("--width must be 1..8192 and --ratio 1..width")
        print(anatomy_text(args.width, args.ratio))
        return 0
    try:
        batch = fields.coerce(BATCH, fields.parse_text(BATCH, args.batch_size))
        analysis = checked_analysis(config_from_options(net_options(args)))
    except ConfigError as err:
        return _fail(str(err).replace("batch=", "--batch-size=", 1))
    out = json.dumps(to_json(analysis, batch)) if args.json else to_text(analysis, batch)
    try:
        print(out)
    except BrokenPipeError:  # e.g. `| head`
        sys.stderr.close()
    return 0
