"""`resnet-explorer page`: a static page written to a file (wired into cli.py).

    resnet-explorer page --preset resnet50 --lang zh -o resnet50.html      the layer tab of a net
    resnet-explorer page --lesson bottleneck --preset resnet50 -o b.html   a lesson (with that net)

A lesson's page is written with the scene's default choices. `-o -` writes to stdout. A bad flag, a
shipped file the lesson reads that is missing, or an unwritable file is one line on stderr and status
2 (1 for the file), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..fields import ConfigError
from ..i18n import LANGUAGES
from ..limits import checked_analysis
from ..options import config_from_options
from .lessons import LESSONS, lesson_page
from .report import net_report


def add_parser(sub: argparse._SubParsersAction,
               add_net_flags: Callable[[argparse.ArgumentParser], None]) -> None:
    page = sub.add_parser("page", help="write a self-contained HTML page (opens offline): a net's layer "
                          "report, or a lesson with --lesson")
    add_net_flags(page)
    page.add_argument("--lesson", choices=LESSONS, help="a lesson's page instead of the net's report")
    page.add_argument("--lang", choices=tuple(LANGUAGES), default="en", help="en or zh (default en)")
    page.add_argument("-o", "--output", required=True, help="the HTML file to write, or - for stdout")


def _fail(message: str, status: int = 2) -> int:
    print(f"resnet_explorer: error: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace, options: dict[str, str]) -> int:
    """Build the page named by the flags (net flags as text options, as cli.net_options gives them)."""
    try:
        analysis = checked_analysis(config_from_options(options))
    except ConfigError as err:
        return _fail(str(err))
    if args.lesson:
        try:
            page = lesson_page(args.lesson, analysis.config, args.lang)
        except (FileNotFoundError, ValueError) as err:
            return _fail(str(err))
    else:
        page = net_report(analysis, args.lang)
    text = page.render()
    if args.output == "-":
        try:
            sys.stdout.write(text)
        except BrokenPipeError:  # e.g. `| head`
            sys.stderr.close()
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as err:
        return _fail(f"cannot write {args.output}: {err.strerror or err}", 1)
    print(args.output)
    return 0
