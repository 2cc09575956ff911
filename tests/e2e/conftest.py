"""Real browser tests: `streamlit run` on a free 127.0.0.1 port, driven by Playwright in Debian's
headless Chromium (never a downloaded browser). Missing Chromium fails loudly: never a skip."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devtools.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PROBE_404,
    RUN_COUNTER,
    StreamlitServer,
    wait_idle,
)
from tests.conftest import ROOT

SHOTS = ROOT / "artifacts" / "screenshots"


class Server(StreamlitServer):
    """A fresh `streamlit run app.py`, its log in artifacts/server-<port>.log."""

    def __init__(self) -> None:
        super().__init__(
            "app.py",
            log=lambda port: open(ROOT / "artifacts" / f"server-{port}.log", "w+"),  # noqa: SIM115
        )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # Playwright's 5 s is short for a loaded 2-core machine
    assert Path(CHROMIUM).exists(), (
        f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium) "
        "or apt-get install chromium fonts-noto-cjk"
    )
    from playwright.sync_api import sync_playwright

    (ROOT / "artifacts").mkdir(exist_ok=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def fresh_server() -> Iterator[Server]:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    server = Server()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    s = Server()
    yield s
    s.stop()


def open_page(
    browser,
    url: str,
    *,
    width: int = 1280,
    height: int = 900,
    locale: str = "zh-CN",
    dark: bool = False,
):
    """Open `url`, wait until the script has finished; returns (page, console errors)."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale=locale,
        color_scheme="dark" if dark else "light",
    )
    context.add_init_script(RUN_COUNTER)
    # Every wait is for a condition; CI's busy 2-core machine only makes conditions come later.
    context.set_default_timeout(60_000)
    page = context.new_page()
    errors: list[str] = []

    def on_console(msg) -> None:
        url = (msg.location or {}).get("url", "")
        # Streamlit's own base-path probe on a deep link asks /<page>/_stcore/health and
        # /host-config first and gets 404 before it finds the root (streamlit/streamlit#7074).
        if msg.type == "error" and not PROBE_404.search(url):
            errors.append(f"{msg.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=45_000)
    wait_idle(page)
    return page, errors


def runs(page) -> int:
    return page.evaluate("window.__llRuns")


def wait_for_run(page, before: int, timeout: float = 90_000) -> None:
    """Until a run has finished since the run count was `before`."""
    page.wait_for_function("n => window.__llRuns > n", arg=before, timeout=timeout)


def rerun(page, action: Callable[[], object], timeout: float = 90_000) -> None:
    """Do `action`, then wait for the script run it starts to finish and the page to settle."""
    before = runs(page)
    action()
    wait_for_run(page, before, timeout)
    wait_idle(page, timeout)


# Room for a cold server under load (first imports, first goal seek) in a wait that must end.
COLD_MS = 180_000


def act_until(
    page, act: Callable[[], object], wait: Callable[[], object], done: Callable[[], bool], what: str
) -> None:
    """Do `act` until `done()`, as a user would do it again: on a busy machine an action that
    lands while a rerun redraws its element is lost. After each `act`, `wait()` (a Playwright
    wait that raises on timeout) for its effect; when it times out, let the app go idle first,
    since a slow run is not a lost action and repeating it would stop that run."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        if done():
            return
        act()
        try:
            wait()
            return
        except (AssertionError, PlaywrightTimeout):
            wait_idle(page, COLD_MS)
    if not done():
        raise AssertionError(f"three tries never {what}")


def select_tab(page, name: str) -> None:
    """Open the tab `name` as a user does, by clicking it until it is the selected one, then
    wait for the run the switch starts: the app's tabs rerun to draw the open one."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.get_attribute("aria-selected") == "true":
        wait_idle(page)
        return  # already open: a click would start nothing to wait for
    before = runs(page)
    act_until(
        page,
        tab.click,
        lambda: expect(tab).to_have_attribute("aria-selected", "true", timeout=15_000),
        lambda: tab.get_attribute("aria-selected") == "true",
        f"opened the tab {name!r}",
    )
    # A cold server's first import of the page's modules can take long on a loaded machine.
    page.wait_for_function("n => window.__llRuns > n", arg=before, timeout=120_000)
    wait_idle(page, 120_000)


def use_persona(page, lang: str, persona: str = "steady_employee") -> None:
    """Load a sample on Home as a user does, clicking its button until it reads "in use" (a lost
    click once left every later step without the sample)."""
    from playwright.sync_api import expect

    from limitlens.i18n import t

    button = page.locator(f".st-key-ll_persona_{persona} button")
    in_use = t(lang, "ui.home.in_use")
    act_until(
        page,
        button.click,
        lambda: expect(button).to_contain_text(in_use, timeout=30_000),
        lambda: in_use in button.inner_text(),
        f"loaded the sample {persona}",
    )
    wait_idle(page, COLD_MS)


def screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main container, so grow the viewport first."""
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12000)})
    wait_idle(page)
    page.screenshot(path=path, full_page=True)


def navigate(page, lang: str, page_id: str) -> None:
    """Go to a page the way a user does, by its link in the navigation (the sidebar, opened
    first on a phone), so the session and its data stay; a page.goto would reload and clear it."""
    from limitlens.i18n import t

    sidebar = page.get_by_test_id("stSidebar")
    phone = sidebar.get_attribute("data-collapsed") == "true"  # slid off-screen
    if phone:
        page.get_by_test_id("stExpandSidebarButton").click()
        page.locator("[data-testid=stSidebar][data-collapsed=false]").wait_for(state="attached")
    sidebar.get_by_role("link", name=t(lang, f"ui.nav.{page_id}")).click()
    page.locator("h1").first.filter(has_text=t(lang, f"ui.{page_id}.title")).wait_for()
    wait_idle(page)
    if phone and sidebar.get_attribute("data-collapsed") == "false":
        # Streamlit keeps the sidebar open after a page link: the user closes it.
        page.get_by_test_id("stSidebarCollapseButton").get_by_role("button").click()
        page.locator("[data-testid=stSidebar][data-collapsed=true]").wait_for(state="attached")


def open_offline(browser, path: Path, viewport: dict) -> tuple:
    """A saved report opened from disk in its own context with every other request refused (a
    report needs nothing but itself): (page, console and page errors, every URL requested)."""
    context = browser.new_context(viewport=viewport)
    context.route("**/*", lambda r: r.continue_() if r.request.url == path.as_uri() else r.abort())
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, errors, requests


def pdf_pages(pdf: Path, stem: str, dpi: int) -> list[Path]:
    """The PDF's pages as SHOTS/<stem>-<n>.png (pdftoppm), earlier ones of that stem removed."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (apt-get install poppler-utils) turns the PDF into PNGs"
    for old in SHOTS.glob(f"{stem}-*.png"):
        old.unlink()
    cmd = [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(SHOTS / stem)]
    subprocess.run(cmd, check=True, timeout=120)
    return sorted(SHOTS.glob(f"{stem}-*.png"))
