"""What the browser checks start, in one place for the browser tests (tests/e2e/conftest.py), the
benchmark (scripts/bench/) and the load test (scripts/load_test.py): `streamlit run SCRIPT` on a
free 127.0.0.1 port, waited on until healthy, Debian's headless Chromium (never a downloaded
browser), and the waits that say a page is drawn."""

from __future__ import annotations

import os
import re
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

ROOT = Path(__file__).resolve().parents[1]
HEALTHY_WITHIN_S = 60
# Streamlit's own base-path probe on a deep link asks /<page>/_stcore/health and /host-config
# first and gets 404 before it finds the root (streamlit/streamlit#7074): not an app error.
PROBE_404 = re.compile(r"^http://127\.0\.0\.1:\d+/[a-z]+/_stcore/(health|host-config)$")
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
    tail, for failure messages; `.stop()` ends the server and closes the log. `cwd` is the
    checkout it runs from and `python_flags` go to its interpreter (the bench's `-X importtime`)."""

    def __init__(
        self,
        script: str = "app.py",
        *,
        log: Callable[[int], IO[str]] | None = None,
        poll_s: float = 0.3,
        cwd: Path = ROOT,
        python_flags: tuple[str, ...] = (),
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log(self.port) if log is not None else tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                *python_flags,
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
            cwd=cwd,
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
# For the benchmark it also logs, per finished run, the ms since the browser sent its last rerun
# request (BackMsg field 11, rerun_script: the server's time, the loopback and the browser
# taking in the run's messages, with no slider debounce or paint in it), the finish status (3: a fragment run) and how many widget
# states that request carried (ClientState field 2, WidgetStates field 1 repeated).
RUN_COUNTER = """
(() => {
  window.__llRuns = 0;
  window.__llRunLog = [];
  let sentAt = null, sentWidgets = null;
  const varint = (b, i) => {
    let v = 0, s = 0, x;
    do { x = b[i++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return [v, i];
  };
  // Each field of a protobuf message as [field, wire, value or [start, end] for bytes].
  const fields = (b, i = 0, end = b.length) => {
    const out = [];
    while (i < end) {
      let key, v;
      [key, i] = varint(b, i);
      const field = Math.floor(key / 8), wire = key % 8;
      if (wire === 0) { [v, i] = varint(b, i); out.push([field, wire, v]); }
      else if (wire === 2) { [v, i] = varint(b, i); out.push([field, wire, [i, i + v]]); i += v; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return out;
  };
  const finished = (buf) => {
    const b = new Uint8Array(buf);
    for (const [field, wire, v] of fields(b)) {
      if (field === 6 && wire === 0) return v;
    }
    return null;
  };
  const count = (data) => {
    if (data instanceof ArrayBuffer) {
      const status = finished(data);
      if (status !== null && status !== 2) {
        window.__llRuns += 1;
        const ms = sentAt === null ? null : performance.now() - sentAt;
        window.__llRunLog.push({ ms, status, widgets: sentWidgets });
      }
    }
    else if (data instanceof Blob) data.arrayBuffer().then(count);
  };
  const widgetsIn = (b) => {
    for (const [field, wire, r] of fields(b)) {
      if (field !== 11 || wire !== 2) continue;
      for (const [f2, w2, r2] of fields(b, r[0], r[1])) {
        if (f2 !== 2 || w2 !== 2) continue;
        return fields(b, r2[0], r2[1]).filter(([f3]) => f3 === 1).length;
      }
      return 0;
    }
    return null;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => count(e.data));
    }
    send(data) {
      try {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
          : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : null;
        const widgets = bytes === null ? null : widgetsIn(bytes);
        if (widgets !== null) { sentAt = performance.now(); sentWidgets = widgets; }
      } catch (e) { /* a message we cannot read is not a rerun request */ }
      return super.send(data);
    }
  };
})();
"""

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
# Idle means: the script is not running, nothing on the page is stale from the last run, no
# widget still waits for its code (Streamlit loads a slider's or a text box's code on first use
# and draws a grey skeleton meanwhile: on a busy machine a screenshot caught them), and every
# chart in view has drawn its SVG.
SETTLED = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale=true]')) return false;
  if (document.querySelector('[data-testid=stSkeleton]')) return false;
  // Charts draw when they come into view: ask it of the visible ones in the viewport.
  return [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
    .filter(c => {
      if (c.offsetParent === null) return false;
      const r = c.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    })
    .every(c => c.querySelector('.main-svg'));
}"""
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def wait_idle(page, timeout: float = 45_000) -> None:
    """Until the app is idle and drawn (see SETTLED), then two painted frames."""
    page.wait_for_function(SETTLED, timeout=timeout)
    page.evaluate(FRAMES)
    page.wait_for_function(SETTLED, timeout=timeout)
