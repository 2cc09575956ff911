"""The bench's browser figures measure what they say (scripts/bench/browser.py, run as `make
bench` runs it, on a small export): cold starts are painted after the health check answers, and
every timed slider move is read from the page's own websocket (a fragment run, with the widget
states the What-if really sends). No timing is asserted: the machine may be busy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from devtools.generated_export import make_export
from limitlens import plan
from limitlens.i18n import LANGS
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


def test_cold_start_and_slider_figures_come_from_the_pages_themselves(tmp_path):
    export = tmp_path / "支付宝交易明细(bench).csv"
    export.write_bytes(make_export(2_000))
    args = ["--file", str(export), "--parts", "cold,slider", "--cold", "1", "--repeat", "2"]
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.bench.browser", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    out = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    # Home in both languages and the two-line page, each painted after its health check
    for key in ("cold_home_ms_zh", "cold_home_ms_en"):
        assert out[key] > out["cold_health_s"] * 1000, key
    assert out["cold_home_floor_ms"] > out["cold_health_floor_s"] * 1000
    worst = max(out["cold_home_ms_zh"], out["cold_home_ms_en"])
    assert out["cold_home_ratio"] == pytest.approx(worst / out["cold_home_floor_ms"], rel=0.01)
    # the part after the health answer: one round, so each is that run's paint minus its health
    for lang in LANGS:
        assert 0 < out[f"cold_after_health_ms_{lang}"] < out[f"cold_home_ms_{lang}"], lang
    assert 0 < out["cold_after_health_floor_ms"] < out["cold_home_floor_ms"]
    # the first script run, off the websocket, is inside the part after the health answer
    for lang in LANGS:
        assert 0 < out[f"cold_first_run_ms_{lang}"] < out[f"cold_after_health_ms_{lang}"], lang
    assert 0 < out["cold_first_run_floor_ms"] < out["cold_after_health_floor_ms"]
    worst_after = max(out["cold_after_health_ms_zh"], out["cold_after_health_ms_en"])
    assert out["cold_after_health_ratio"] == pytest.approx(
        worst_after / out["cold_after_health_floor_ms"], rel=0.01
    )
    # the websocket says each timed move reran a fragment only, and how many widget states the
    # What-if sends: every lever and more, which the floor page then copies
    assert out["slider_rerun_fragment_scoped"] is True
    assert out["slider_rerun_floor_widgets"] > len(plan.levers())
    for key in ("slider_rerun_ms", "slider_rerun_floor_ms", "slider_rerun_one_slider_ms"):
        assert out[key] > 0, key
    # the server's part of a move is inside what the browser waits for it
    assert out["slider_rerun_ms"] <= out["browser_slider_ms_p95"]
    assert "cold_home_ms_zh" in out and "browser_upload_to_factors_ms" not in out  # --parts


def test_the_import_profile_sees_home_import_its_own_code_and_the_floor_nothing():
    """scripts/bench/importtime.py, as documented: Home's first run imports the app's packages
    (and none of the heavy ones a bare page does not), the two-line page hardly anything."""
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.bench.importtime", "--lang", "en", "--top", "5"],
        capture_output=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    out = json.loads(proc.stdout.decode())
    home, floor = out["home"], out["floor"]
    assert home["modules_at_health"] > 100 and floor["modules_at_health"] > 100
    assert home["modules_in_first_run"] > floor["modules_in_first_run"]
    assert len(home["slowest"]) == 5
    assert {"limitlens", "components"} <= set(out["home_only_top_level"])
    assert not {"pandas", "pyarrow", "plotly", "scipy", "streamlit"} & set(
        out["home_only_top_level"]
    )


# The page counts its animation frames (window.__frame); __seenFrame is the first frame the
# bench's check held in.
_COUNT_FRAMES = """() => {
  window.__frame = 0;
  window.__seenFrame = null;
  const tick = () => { window.__frame += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}"""
# A heading that appears `delay` ms after the wait starts, noting the frame it appeared in.
_LATE_HEADING = """delay => {
  window.__shownFrame = null;
  setTimeout(() => {
    const h = document.createElement('h1');
    h.textContent = 'Done';
    document.body.append(h);
    window.__shownFrame = window.__frame;
  }, delay);
}"""


def _noting_check(monkeypatch):
    """The bench's check, noting the frame it first held in."""
    from scripts.bench import browser as bench

    noting = f"""args => {{
  const held = ({bench.DRAWN})(args);
  if (held && window.__seenFrame === null) window.__seenFrame = window.__frame;
  return held;
}}"""
    monkeypatch.setattr(bench, "DRAWN", noting)
    return bench


def test_the_bench_sees_a_page_when_it_is_drawn_not_at_playwrights_next_poll(browser, monkeypatch):
    """Playwright's locator waits poll from outside at 0, 20, 70, 170, 270, 770 ms…, so a page
    drawn after 270 ms was timed up to 500 ms late. The bench's check runs in the page on every
    animation frame: it first holds in the frame after the heading appears. Counted in the
    page's own frames, not in time, so a busy machine (fewer frames a second) changes nothing."""
    bench = _noting_check(monkeypatch)
    page = browser.new_page()
    try:
        page.set_content("<body></body>")
        page.evaluate(_COUNT_FRAMES)
        page.evaluate(_LATE_HEADING, 400)
        bench.drawn(page, ("h1", "Done"), idle=False)
        shown, seen = page.evaluate("[window.__shownFrame, window.__seenFrame]")
    finally:
        page.close()
    assert shown is not None and seen is not None  # the check ran in the page
    assert 0 <= seen - shown <= 2  # the next frame (or the one after, by callback order)


def test_the_bench_counts_a_page_drawn_once_its_skeletons_are_gone(browser, monkeypatch):
    """Streamlit draws a grey skeleton until an element's code has loaded: a page whose run has
    ended but that still shows one is not drawn yet (it was timed so, ~1 s early, before)."""
    bench = _noting_check(monkeypatch)
    page = browser.new_page()
    try:
        page.set_content(
            '<div data-testid="stApp" data-test-script-state="notRunning"><h1>Done</h1>'
            '<div data-testid="stSkeleton">…</div></div>'
        )
        page.evaluate(_COUNT_FRAMES)
        page.evaluate(
            """() => setTimeout(() => {
  document.querySelector('[data-testid=stSkeleton]').remove();
  window.__goneFrame = window.__frame;
}, 300)"""
        )
        bench.drawn(page, ("h1", "Done"))
        gone, seen = page.evaluate("[window.__goneFrame, window.__seenFrame]")
    finally:
        page.close()
    assert gone is not None and seen is not None and seen >= gone


def test_a_visitor_acts_on_a_page_that_has_been_quiet_for_a_while(browser):
    """new_page returns once the page has drawn and then had no download and no long task for
    QUIET_MS: a person picks a file on a loaded page, not while it fetches the code it asked for."""
    from scripts.bench import browser as bench

    html = (
        '<div data-testid="stApp" data-test-script-state="notRunning"><h1>Done</h1></div>'
        "<script>setTimeout(() => { const end = performance.now() + 120;"
        " while (performance.now() < end) {} window.__busyEnd = performance.now(); }, 100)"
        "</script>"
    )
    page = bench.new_page(browser, "data:text/html," + html, "Done")
    try:
        busy_end, now = page.evaluate("[window.__busyEnd, performance.now()]")
    finally:
        page.context.close()
    assert busy_end is not None  # the long task ran before the page counted as quiet
    assert now - busy_end >= bench.QUIET_MS
