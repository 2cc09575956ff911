"""The What-if page under load: no exception in the server's own log.

A lever moved while a full run of the page is still going cuts that run short; the rerun the
move asks for must draw the estimate all the same (issue 18, item 4). The short load test
(scripts/load_test.py, 3 sessions) counts every exception in the server's log as an error."""

from __future__ import annotations

import json
import subprocess
import sys

from limitlens.i18n import t
from scripts.load_test import SLIDER, server_exceptions
from tests.conftest import ROOT
from tests.e2e.conftest import open_page, wait_idle


def test_server_exceptions_are_read_from_the_log():
    log = (
        "2026-12-07 16:23:03.870 Uncaught app execution\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in <module>\n'
        "    st.metric()\n"
        "streamlit.errors.StreamlitInvalidLayoutContextError: A fragment tried to write\n"
        "\n"
        "2026-12-07 16:23:04.000 Task exception was never retrieved\n"
        "Traceback (most recent call last):\n"
        "ValueError: boom\n"
    )
    assert server_exceptions(log) == [
        "streamlit.errors.StreamlitInvalidLayoutContextError: A fragment tried to write",
        "ValueError: boom",
    ]
    assert server_exceptions("  You can now view your Streamlit app\n") == []


def test_a_lever_moved_during_a_full_run_raises_nothing(browser, fresh_server):
    """Reset starts a full run of the page; the slider is pressed at once, while it runs."""
    page, errors = open_page(browser, f"{fresh_server.url}/whatif?lang=en")
    slider = page.locator(SLIDER)
    reset = page.get_by_role("button", name=t("en", "ui.whatif.reset"))
    for _ in range(8):
        slider.press("ArrowRight")
        wait_idle(page)
        reset.click(no_wait_after=True)
        slider.press("ArrowRight")  # while the full run Reset started is drawing the page
        wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    assert errors == []
    assert server_exceptions(fresh_server.output(tail=10**7)) == []


def test_short_load_test_has_no_server_exception():
    """The script as a user runs it (its own process: Playwright's async API and its own
    server environment), 3 sessions for 15 s."""
    proc = subprocess.run(
        [sys.executable, "scripts/load_test.py", "--sessions", "3", "--seconds", "15"]
        + ["--personas", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.stdout.strip(), proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert out["server_exceptions"] == 0, out["server_exception_samples"]
    assert out["errors"] == 0, out["error_samples"]
    assert out["own_numbers"], out
    assert out["slider_moves"] > 0
    assert proc.returncode == 0, proc.stderr[-3000:]
