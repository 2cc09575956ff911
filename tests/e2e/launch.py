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
# started instead of guessing a time: Streamlit flips [data-test-script-state] on stApp.
RUN_COUNTER = """
(() => {
  window.__llRuns = 0;
  // Records are batched: rebuild the sequence of states from their old values, so a run that
  // starts and ends within one batch is still counted.
  new MutationObserver((records) => {
    const states = records
      .filter(r => r.type === 'attributes' && r.target.dataset.testid === 'stApp')
      .map(r => r.oldValue);
    if (!states.length) return;
    states.push(document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state'));
    for (let i = 1; i < states.length; i++) {
      if (states[i] === 'notRunning' && states[i - 1] !== 'notRunning') window.__llRuns += 1;
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                         attributeFilter: ['data-test-script-state']});
})();
"""
