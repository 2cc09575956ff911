"""What the browser checks start, in one place for the browser tests (tests/e2e/conftest.py), the
browser bench and the load test (scripts/): `streamlit run SCRIPT` on a free 127.0.0.1 port,
waited on until healthy, and Debian's headless Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
HEALTHY_WITHIN_S = 60
CHROMIUM = os.environ.get("LIMITLENS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class ServerError(RuntimeError):
    """The server exited or did not answer its health check; the message ends with its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """A fresh, headless `streamlit run SCRIPT` (no file watcher, no usage stats), healthy once
    constructed. `log(port)` opens its log (default: a temporary file); `.output()` is the log's
    tail, for failure messages; `.stop()` ends the server and closes the log."""

    def __init__(
        self,
        script: str = "app.py",
        *,
        log: Callable[[int], IO[str]] | None = None,
        poll_s: float = 0.3,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log(self.port) if log is not None else tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_healthy(script, poll_s)

    def _wait_healthy(self, script: str, poll_s: float) -> None:
        deadline = time.monotonic() + HEALTHY_WITHIN_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"streamlit {script} exited early:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(poll_s)
        message = f"streamlit {script} did not become healthy:\n{self.output()}"
        self.stop()
        raise ServerError(message)

    def output(self, tail: int = 4000) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-tail:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


# Counts finished script runs (full or fragment), so a test can wait for the run its own action
# started instead of guessing a time. It reads what the server says: each websocket message is
# one ForwardMsg, and a finished run is its field 6 (script_finished, a varint), except value 2,
# a run cut short by the next one. The page's [data-test-script-state] cannot tell: a run of a
# few milliseconds starts and ends within one React render, and the attribute never changes.
RUN_COUNTER = """
(() => {
  window.__llRuns = 0;
  const varint = (b, i) => {
    let v = 0, s = 0, x;
    do { x = b[i++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return [v, i];
  };
  const finished = (buf) => {
    const b = new Uint8Array(buf);
    for (let i = 0; i < b.length;) {
      let key, v;
      [key, i] = varint(b, i);
      const field = Math.floor(key / 8), wire = key % 8;
      if (wire === 0) { [v, i] = varint(b, i); if (field === 6) return v !== 2; }
      else if (wire === 2) { [v, i] = varint(b, i); i += v; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return false;
    }
    return false;
  };
  const count = (data) => {
    if (data instanceof ArrayBuffer) { if (finished(data)) window.__llRuns += 1; }
    else if (data instanceof Blob) data.arrayBuffer().then(count);
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => count(e.data));
    }
  };
})();
"""
