"""`resnet-explorer serve`: the app, from any directory, with the settings it ships with.

Streamlit runs as its own program on the script inside the package (ui/script/app.py), whose
.streamlit/config.toml beside it brings the app's settings (headless, no usage statistics, no file
watcher, no garbage collection after every run, ...) wherever the command is started. This module
only starts that program; nothing here imports streamlit (it stays under ui/).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "ui" / "script" / "app.py"
PORT = 8501
# Loopback by default, as deploy/start.sh: a class reaches the machine with --address 0.0.0.0.
ADDRESS = "127.0.0.1"


def add_parser(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="start the app (Streamlit) on this machine; Ctrl-C stops it")
    serve.add_argument("--port", default=str(PORT), help=f"TCP port (default {PORT})")
    serve.add_argument("--address", default=ADDRESS,
                       help=f"address to listen on (default {ADDRESS}: this machine only; 0.0.0.0: a class)")


def check(port: str, address: str) -> tuple[int, str]:
    """The port as a number and the address, or ValueError with one sentence. A trial bind catches an
    address that is not this machine's and a port already taken before Streamlit would stop on either
    with a traceback."""
    if not (port.isdigit() and 1 <= int(port) <= 65535):
        raise ValueError(f"--port must be a whole number from 1 to 65535, not {port!r}")
    try:
        family, kind, proto, _, where = socket.getaddrinfo(address, int(port), type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server sets it
            probe.bind(where)
    except (OSError, UnicodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise ValueError(f"cannot listen on {address}:{port} ({reason})") from None
    return int(port), address


def command(port: int, address: str) -> list[str]:
    """The Streamlit command line. -P: the working directory is not put on sys.path, so a file there
    named like a module (plotly.py, torch.py) cannot shadow it."""
    return [sys.executable, "-P", "-m", "streamlit", "run", str(SCRIPT), "--server.port", str(port),
            "--server.address", address]


def run(args: argparse.Namespace) -> int:
    """Start the app: in place of this process where the OS allows it, so a signal sent to the command
    (Ctrl-C, a service manager's TERM) reaches the server itself."""
    try:
        port, address = check(args.port, args.address)
    except ValueError as err:
        print(f"resnet_explorer: error: {err}", file=sys.stderr)
        return 2
    if not SCRIPT.is_file():
        print(f"resnet_explorer: error: the app script is missing from the installation ({SCRIPT})",
              file=sys.stderr)
        return 1
    argv = command(port, address)
    sys.stdout.flush()
    if os.name == "posix":
        os.execv(argv[0], argv)
    try:
        return subprocess.call(argv)
    except KeyboardInterrupt:
        return 130
