"""axe-core on every page, in both languages, at phone and desktop width, with a sample loaded:
no serious or critical violation may come from our own markup.

What Streamlit itself causes is measured in the same run on a bare two-line app started the same
way (tests/e2e/bare_app.py, same config); a violation is set apart as Streamlit's only when the
bare page shows the same rule on the same kind of element. axe-core is the axe.min.js inside the
axe-playwright-python wheel, evaluated in the page: no request leaves 127.0.0.1 (checked). Every
result, all impacts, is saved to artifacts/axe/<run>.json for reading.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe

from components import pages
from devtools.browser import StreamlitServer
from limitlens.catalog import GROUPS
from limitlens.i18n import LANGS, t
from tests.conftest import ROOT
from tests.e2e.conftest import navigate, open_page, rerun, select_tab, use_persona

pytestmark = pytest.mark.e2e

AXE_DIR = ROOT / "artifacts" / "axe"
BLOCKING = ("serious", "critical")
WIDTHS = (1280, 390)
PAGES = pages.ids()
TEST_ID = re.compile(r'data-testid="([^"]+)"')
# The tabs past the first one, by label key, on the pages that have them.
TABS = {
    "data": ("ui.data.tab_manual", "ui.data.tab_profile"),
    "factors": tuple(f"ui.group.{g}" for g in GROUPS[1:]),
}


def signature(rule: str, node: dict) -> tuple[str, str]:
    """A violation's rule and the kind of element it is on (Streamlit's test id, else the tag):
    generated class names differ between pages, the kind of element does not."""
    html = node.get("html", "")
    found = TEST_ID.search(html.split(">", 1)[0])
    tag = re.match(r"<\s*([a-zA-Z0-9-]+)", html)
    return rule, found.group(1) if found else (tag.group(1).lower() if tag else "?")


def run_axe(page) -> dict:
    """axe's full answer for the page as it stands (violations of every impact)."""
    return Axe().run(page, options={"resultTypes": ["violations"]}).response


def blocking(response: dict) -> list[tuple[dict, dict]]:
    return [
        (v, node) for v in response["violations"] if v["impact"] in BLOCKING for node in v["nodes"]
    ]


def _save(name: str, data: object) -> None:
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    (AXE_DIR / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))


def _outside(page) -> list[str]:
    """Record every request the page makes that is not to the local server."""
    seen: list[str] = []

    def on_request(request) -> None:
        if not request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            seen.append(request.url)

    page.on("request", on_request)
    return seen


@pytest.fixture(scope="module")
def streamlit_own(browser) -> Iterator[set[tuple[str, str]]]:
    """Serious and critical violations of a bare Streamlit page, at both widths, light and dark."""
    bare = StreamlitServer("tests/e2e/bare_app.py")
    found: set[tuple[str, str]] = set()
    results = {}
    try:
        for width, dark in [(w, d) for w in WIDTHS for d in (False, True)]:
            page, errors = open_page(browser, bare.url, width=width, dark=dark)
            try:
                response = run_axe(page)
                results[f"{width}{'-dark' if dark else ''}"] = response["violations"]
                found |= {signature(v["id"], n) for v, n in blocking(response)}
            finally:
                page.context.close()
    finally:
        bare.stop()
    _save("bare_streamlit", {"blocking_signatures": sorted(found), "violations": results})
    yield found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_has_no_serious_violation_of_our_own(
    browser, server, streamlit_own, lang, width
):
    _check_every_page(browser, server, streamlit_own, lang, width, dark=False)


def test_the_dark_palette_has_no_serious_violation_of_our_own(browser, server, streamlit_own):
    # Users keep Streamlit's light/dark switch (.streamlit/config.toml sets both palettes).
    _check_every_page(browser, server, streamlit_own, "zh", 390, dark=True)


def _check_every_page(browser, server, streamlit_own, lang: str, width: int, *, dark: bool):
    page, errors = open_page(browser, f"{server.url}/?lang={lang}", width=width, dark=dark)
    outside = _outside(page)
    report: dict[str, object] = {"lang": lang, "width": width, "dark": dark, "pages": {}}
    ours: list[str] = []
    streamlits: list[str] = []
    try:
        use_persona(page, lang)
        assert page.evaluate("typeof axe") == "undefined"  # only our run brings it in
        for page_id in PAGES:
            if page_id != "home":
                navigate(page, lang, page_id)
            views = [(page_id, run_axe(page))]
            # Tabs draw their content once opened: every tab is checked, as a user opens it.
            for tab in TABS.get(page_id, ()):
                select_tab(page, t(lang, tab))
                views.append((f"{page_id}+{tab.rsplit('.', 1)[-1]}", run_axe(page)))
            if page_id == "factors":  # the trend section, opened as a user does
                summary = page.get_by_text(t(lang, "trend.section.title"), exact=True)
                rerun(page, summary.click)
                views.append(("factors+trend", run_axe(page)))
            for view, response in views:
                report["pages"][view] = response["violations"]
                for v, node in blocking(response):
                    line = (
                        f"{view}: {v['id']} ({v['impact']}) {node['target']} {node['html'][:120]}"
                    )
                    own = signature(v["id"], node) in streamlit_own
                    (streamlits if own else ours).append(line)
        report["axe_version"] = page.evaluate("axe.version")
        report["ours_blocking"], report["streamlit_blocking"] = ours, streamlits
        _save(f"app-{lang}-{width}{'-dark' if dark else ''}", report)
        assert outside == [], outside
        assert ours == [], "\n".join(ours)
    finally:
        page.context.close()


def test_signature_names_the_kind_of_element():
    node = {"html": '<button kind="secondary" data-testid="stBaseButton-secondary" class="x">'}
    assert signature("button-name", node) == ("button-name", "stBaseButton-secondary")
    assert signature("color-contrast", {"html": "<p>首页</p>"}) == ("color-contrast", "p")
