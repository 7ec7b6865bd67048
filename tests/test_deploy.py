"""deploy/start.sh: nginx in front of two replicas, Redis and a worker (headers, sticky cookie,
websocket). Needs Debian's nginx and redis-server; skipped with a message without them. The shared
store and its workers are tested in tests/test_redis_worker.py."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("nginx") is None or shutil.which("redis-server") is None,
                    reason="Debian's nginx and redis-server are needed for the multi-process set-up")
def test_the_multi_process_set_up_starts_behind_nginx_with_security_headers(root, port, until):
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    port = port()
    proc = subprocess.Popen(["bash", str(root / "deploy" / "start.sh"), "--replicas", "2", "--workers", "1",
                             "--port", str(port)], cwd=root, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        until(lambda: _get(url + "/_stcore/health") is not None or proc.poll() is not None, 240, 0.2)
        assert proc.poll() is None, "deploy/start.sh exited"
        page = _get(url + "/")
        csp = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "http:" not in csp and "https:" not in csp and "*" not in csp  # no outside host
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert "rex_route=" in page.headers["Set-Cookie"]  # the sticky-session cookie
        with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                     open_timeout=30) as ws:  # the app's websocket, through the proxy
            msg = BackMsg()
            msg.rerun_script.query_string = "preset=resnet18"
            ws.send(msg.SerializeToString())
            finished = False
            end = time.monotonic() + 120
            while not finished and time.monotonic() < end:
                fwd = ForwardMsg()
                fwd.ParseFromString(ws.recv(timeout=120))
                finished = fwd.WhichOneof("type") == "script_finished"
            assert finished
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            r.read()
            return r
    except OSError:
        return None


