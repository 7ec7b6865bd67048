"""The class benchmark itself: a short, bounded run against a server it starts ends by itself with
the documented last line, every vote counted and no errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAST = re.compile(r"^class: students=(\d+) votes_sent=(\d+) votes_counted=(\d+) p50_ms=(\d+) p95_ms=(\d+) "
                  r"errors=(\d+)$")


def test_bench_class_runs_a_small_class_and_reports_one_line():
    out = subprocess.run([sys.executable, "benchmarks/bench_class.py", "--students", "4", "--window", "2"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    m = LAST.match(out.stdout.strip().splitlines()[-1])
    assert m, out.stdout[-2000:]
    students, sent, counted, p50, p95, errors = map(int, m.groups())
    assert students == sent == counted == 4 and errors == 0 and p50 <= p95
    assert "projector: vote -> the teacher's count" in out.stdout and "lab run: steps" in out.stdout


def test_bench_class_refuses_anything_but_loopback():
    out = subprocess.run([sys.executable, "benchmarks/bench_class.py", "--url", "ws://example.org:80"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "loopback addresses only" in out.stderr
