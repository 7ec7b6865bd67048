"""The server a load test runs against: one Streamlit process, or the multi-process set-up
(deploy/start.sh), on free loopback ports; and the memory of every process it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} was not healthy after {timeout:.0f} s")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry))
    return kids


def descendants(pid: int) -> list[int]:
    kids, out, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def tree_rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


class Server:
    """`start()` returns the base URL; `pids()` every process started; `stop()` ends them all."""

    def __init__(self, root: Path, replicas: int = 0, extra_env: dict[str, str] | None = None):
        self.root, self.replicas = root, replicas
        self.env = os.environ | (extra_env or {})
        self.proc: subprocess.Popen | None = None

    def start(self) -> str:
        port = free_port()
        if self.replicas:
            cmd = ["bash", str(self.root / "deploy" / "start.sh"), "--replicas", str(self.replicas),
                   "--port", str(port)]
        else:
            cmd = [sys.executable, "-m", "streamlit", "run", str(self.root / "app.py"),
                   "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
        # Its own process group, so stop() ends it and everything it started, and nothing else.
        self.log = tempfile.NamedTemporaryFile("w", prefix="rex-load-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=self.env, start_new_session=True,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        print(f"server log: {self.log.name}")
        wait_healthy(url, self.proc)
        return url

    def pids(self) -> list[int]:
        return descendants(self.proc.pid) if self.proc and self.proc.poll() is None else []

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
