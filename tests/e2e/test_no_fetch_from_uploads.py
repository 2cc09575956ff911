"""No page fetches anything named in an upload, a report or a link (issue 18, item 2).

A listener on 127.0.0.1 stands in for an attacker's server. Every value a user (or someone who
sent them a file or a link) controls names it in markdown image, link and HTML syntax: file
names, cells, cells that make a row be skipped (their reason quotes them), a tampered earlier
report, and a shared What-if link. The pages show them; the listener must hear nothing. A
control request from the page itself proves the listener would have heard a fetch."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from limitlens.i18n import t
from limitlens.report import SNAPSHOT_ID
from tests.e2e.conftest import SHOTS, navigate, open_page, screenshot, wait_idle
from tests.unit.test_snapshot_schema import genuine, set_path


class Listener(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        self.paths: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                listener.paths.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def lures(url: str, where: str) -> str:
    """Every way markdown or HTML could turn text into a request to `url`."""
    return (
        f"![x]({url}/{where}-img) <img src={url}/{where}-html> [y]({url}/{where}-link) "
        f"<{url}/{where}-auto> :material/home: $x$"
    )


def csv_export(url: str) -> bytes:
    lure = lures(url, "cell").replace('"', "")
    rows = [
        "time,amount,direction,category,counterparty,description,method,status",
        f'2026-01-10 09:00:00,8500.00,in,income,"{lure}","{lure}",余额,success',
        f'2026-01-12 12:30:00,36.50,out,,"{lure}",午餐,余额,success',
        f'"{lure}",12.00,out,,餐厅,午餐,余额,success',  # skipped: its reason quotes the cell
        f'2026-01-13 12:30:00,"{lure}",out,,餐厅,午餐,余额,success',
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def tampered_report(url: str) -> bytes:
    snap = set_path(genuine(), "factors.sesame_score", lures(url, "report"))
    snap["sources"]["sesame_score"] = lures(url, "source")
    return (
        f"<html><body>{lures(url, 'html')}"
        f'<script type="application/json" id="{SNAPSHOT_ID}">{json.dumps(snap)}</script>'
        "</body></html>"
    ).encode()


def test_no_page_fetches_what_an_upload_a_report_or_a_link_names(browser, server, listener):
    page, errors = open_page(browser, f"{server.url}/data?lang=en")
    asked: list[str] = []  # what the browser starts to fetch, as it starts it
    page.context.on("request", lambda r: asked.append(r.url))
    try:
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
            [
                {
                    "name": f"{lures(listener.url, 'name').replace('/', '∕')}.csv",
                    "mimeType": "text/csv",
                    "buffer": csv_export(listener.url),
                },
                {"name": "![n](x).csv", "mimeType": "text/csv", "buffer": b"\x00\x01 not csv"},
            ]
        )
        page.get_by_text(t("en", "ui.data.preview_title")).first.wait_for(timeout=60_000)
        wait_idle(page)
        body = page.inner_text("body")
        assert "cell-img" in body  # the lures are on the page, as text
        for page_id in ("factors", "whatif", "plan"):
            navigate(page, "en", page_id)
        page.locator(".st-key-ll_plan_upload input[type=file]").set_input_files(
            [{"name": "old.html", "mimeType": "text/html", "buffer": tampered_report(listener.url)}]
        )
        page.locator("[data-testid=stAlertContentError]").first.wait_for(timeout=60_000)
        wait_idle(page)
        assert page.locator("[data-testid=stException]").count() == 0
        error = page.locator("[data-testid=stAlertContentError]").first.inner_text()
        assert "report-img" not in error  # the message names the field, never the value
        screenshot(page, SHOTS / "plan-en-tampered-report.png")

        # a shared link in both spellings: one parameter per factor, and the short b/a/s codes
        params = {
            "lang": "en",
            "sesame_score": lures(listener.url, "link"),
            "b_income_monthly": lures(listener.url, "base"),
            "assumed": lures(listener.url, "assumed"),
            "b": "se735~" + lures(listener.url, "b"),
            "a": lures(listener.url, "a"),
            "s": "iq1~" + lures(listener.url, "s"),
        }
        page.goto(f"{server.url}/whatif?{urlencode(params)}")
        wait_idle(page)
        assert page.locator("[data-testid=stException]").count() == 0
        assert [u for u in asked if u.startswith(listener.url)] == []
        assert listener.paths == [], listener.paths

        # control: a request the page does make is heard
        page.evaluate("url => fetch(url, {mode: 'no-cors'}).catch(() => null)", f"{listener.url}/c")
        page.wait_for_function(
            "url => performance.getEntriesByType('resource').some(e => e.name === url)",
            arg=f"{listener.url}/c",
        )
        assert [u for u in asked if u.startswith(listener.url)] == [f"{listener.url}/c"]
        assert listener.paths == ["/c"]
    finally:
        page.context.close()
    assert not [e for e in errors if listener.url in e], errors
