"""The load tests themselves (bench_load.py, a class of students clicking; bench_class.py, a class
voting): a short, bounded run against a server it starts, over the websocket protocol, ends by
itself with the documented last line and no errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASS_LAST = re.compile(r"^class: students=(\d+) votes_sent=(\d+) votes_counted=(\d+) p50_ms=(\d+) "
                        r"p95_ms=(\d+) errors=(\d+)$")
LAST = re.compile(r"^load: sessions=(\d+) reruns=(\d+) errors=(\d+) p50_ms=(\d+) p95_ms=(\d+) max_ms=(\d+) "
                  r"peak_rss_mib=(\d+)$")


def test_bench_load_runs_a_small_class_and_reports_one_line():
    out = subprocess.run([sys.executable, "benchmarks/bench_load.py", "--sessions", "2", "--seconds", "8",
                          "--runs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    last = out.stdout.strip().splitlines()[-1]
    m = LAST.match(last)
    assert m, last
    sessions, reruns, errors, p50, p95, top, rss = map(int, m.groups())
    assert sessions == 2 and errors == 0 and reruns >= 2  # at least each student's opening link
    assert p50 <= p95 <= top and rss > 100  # a Streamlit process with torch is well over 100 MiB
    assert "fragment reruns" in out.stdout  # the training run started and its page polled it


def test_bench_load_refuses_anything_but_loopback():
    out = subprocess.run([sys.executable, "benchmarks/bench_load.py", "--url", "ws://example.org:80"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "loopback addresses only" in out.stderr


def test_bench_class_runs_a_small_class_and_reports_one_line():
    out = subprocess.run([sys.executable, "benchmarks/bench_class.py", "--students", "4", "--window", "2"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    m = CLASS_LAST.match(out.stdout.strip().splitlines()[-1])
    assert m, out.stdout[-2000:]
    students, sent, counted, p50, p95, errors = map(int, m.groups())
    assert students == sent == counted == 4 and errors == 0 and p50 <= p95
    assert "projector: vote -> the teacher's count" in out.stdout and "lab run: steps" in out.stdout


def test_bench_class_refuses_anything_but_loopback():
    out = subprocess.run([sys.executable, "benchmarks/bench_class.py", "--url", "ws://example.org:80"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "loopback addresses only" in out.stderr
