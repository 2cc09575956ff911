"""Load and memory test: N browser sessions on one `streamlit run` server, 127.0.0.1 only.

    .venv/bin/python scripts/load_test.py [--sessions 10] [--seconds 60] [--ttl 5] [--personas 10]

1. Warm-up: one session per persona (the 5 samples via Home, and the same 5 exports uploaded on
   the Data page without a profile: 10 different baselines), alone, records the baseline estimate it shows on
   the What-if page; all closed. The server's resident memory (RSS, /proc) is then the baseline.
2. Load: `--sessions` sessions at once (persona = i mod 10, each moving the Sesame slider its own
   number of steps), pressing the slider for `--seconds`. Slider-to-update latency = key press
   until the run it started has finished (the server's own message, devtools/browser.py's
   RUN_COUNTER; the address bar changes before the run ends). Each session checks
   that it still shows its own persona's baseline and its own slider value; any exception
   element or browser console error counts as an error, and so does every exception in the
   server's own log (stderr), which a browser may never show. Server RSS is sampled every 0.5 s.
3. Release: all sessions closed; after the disconnected-session TTL one probe session opens and
   closes (Streamlit purges expired sessions on access); RSS is measured again.

Prints one JSON object. Bounded in time (about `--seconds` + 2 minutes); starts the server on a
free 127.0.0.1 port with `--server.disconnectedSessionTTL=--ttl` (the production default is 120 s)
and always stops it. Not part of `make test`: results go into the README by hand (a short run,
3 sessions for 15 s, is: tests/e2e/test_whatif_under_load.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PROBE_404,
    RUN_COUNTER,
    StreamlitServer,
)
from limitlens.i18n import t  # noqa: E402
from limitlens.personas import persona_bytes, personas  # noqa: E402

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
SLIDER = ".st-key-ll_w_sesame_score input[type=range]"
TRACEBACK = "Traceback (most recent call last):"
_FRAME = re.compile(r"^\s|^$")  # a traceback's frames and source lines are indented


def server_exceptions(log: str) -> list[str]:
    """Every exception in a server log: the exception line that ends each traceback."""
    lines = log.splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.strip() != TRACEBACK:
            continue
        rest = (x for x in lines[i + 1 :] if not _FRAME.match(x))
        out.append(next(rest, TRACEBACK))
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Session:
    """One browser context. `persona` is "<id>" (the sample button on Home) or "<id>:upload"
    (its export uploaded on the Data page, so no declared profile: a different baseline)."""

    def __init__(self, browser, base: str, persona: str) -> None:
        self.browser, self.base, self.persona = browser, base, persona
        self.errors: list[str] = []
        self.latencies: list[float] = []

    async def open(self) -> None:
        self.ctx = await self.browser.new_context(viewport={"width": 1280, "height": 900})
        await self.ctx.add_init_script(RUN_COUNTER)
        self.page = await self.ctx.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        pid, _, how = self.persona.partition(":")
        if how == "upload":
            await self.page.goto(f"{self.base}/data?lang=en", timeout=120_000)
            await self.idle()
            await self.page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
                [{"name": f"{pid}.csv", "mimeType": "text/csv", "buffer": persona_bytes(pid)}]
            )
            await self.page.get_by_text(t("en", "ui.data.preview_title")).first.wait_for(
                timeout=120_000
            )
        else:
            await self.page.goto(f"{self.base}/?lang=en", timeout=120_000)
            await self.idle()
            button = self.page.locator(f".st-key-ll_persona_{pid} button")
            await button.click()
            # loaded when this persona's own button says so (the run may not have started yet)
            await button.filter(has_text=t("en", "ui.home.in_use")).wait_for(timeout=120_000)
        await self.idle()
        await self.page.get_by_role("link", name=t("en", "ui.nav.whatif")).first.click()
        await self.page.wait_for_url("**/whatif**", timeout=120_000)
        await self.idle()
        await self.page.locator(SLIDER).wait_for(state="attached", timeout=120_000)

    def _console(self, msg) -> None:
        url = (msg.location or {}).get("url", "")
        # Streamlit's base-path probe on a deep link (/data) 404s first: not an app error
        if msg.type == "error" and not PROBE_404.search(url):
            self.errors.append(f"{msg.text} ({url})")

    async def idle(self) -> None:
        await self.page.wait_for_selector(IDLE, timeout=120_000)

    async def baseline(self) -> str:
        label = f"{t('en', 'ui.whatif.baseline')} · {t('en', 'ui.whatif.mid_label')}"
        metric = self.page.locator("[data-testid=stMetric]").filter(has_text=label).first
        return (await metric.locator("[data-testid=stMetricValue]").inner_text()).strip()

    async def exceptions(self) -> int:
        return await self.page.locator("[data-testid=stException]").count()

    async def move(self, key: str) -> int:
        """Press `key` on the slider; wait until the run the move started has finished."""
        slider = self.page.locator(SLIDER)
        start_value = int(float(await slider.input_value()))
        before = await self.page.evaluate("window.__llRuns")
        start = time.perf_counter()
        await slider.press(key)
        value = int(float(await slider.input_value()))
        if value == start_value:
            return value
        await self.page.wait_for_function("n => window.__llRuns > n", arg=before, timeout=60_000)
        await self.idle()
        self.latencies.append(time.perf_counter() - start)
        return value

    async def run(self, until: float, steps: int) -> dict:
        slider = self.page.locator(SLIDER)
        self.home = int(float(await slider.input_value()))
        own = self.home
        going_up = True
        while time.monotonic() < until:
            for _ in range(steps):  # this session's own excursion, then back home
                own = await self.move("ArrowRight" if going_up else "ArrowLeft")
            going_up = not going_up
        shown = int(float(await slider.input_value()))
        return {
            "own_value_kept": shown == own,
            "shown": shown,
            "own": own,
            "home": self.home,
            "baseline": await self.baseline(),
        }

    async def close(self) -> None:
        await self.ctx.close()


async def main(args) -> dict:
    from playwright.async_api import async_playwright

    # samples and uploads alternating, so a short run still has both kinds
    ids = [x for p in personas() for x in (p.id, f"{p.id}:upload")][: args.personas]
    os.environ["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"] = str(args.ttl)
    (ROOT / "artifacts").mkdir(exist_ok=True)
    server = StreamlitServer(
        "app.py",
        log=lambda port: open(ROOT / "artifacts" / f"server-{port}.log", "w+"),  # noqa: SIM115
    )
    pid = server.proc.pid
    out: dict = {"sessions": args.sessions, "seconds": args.seconds, "ttl_s": args.ttl}
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            out["rss_start_mb"] = round(rss_mb(pid), 1)
            solo: dict[str, str] = {}
            for persona in ids:  # 1. warm-up, one at a time
                s = Session(browser, server.url, persona)
                await s.open()
                solo[persona] = await s.baseline()
                await s.close()
            await asyncio.sleep(args.ttl + 2)
            await probe(browser, server.url)
            out["rss_baseline_mb"] = round(rss_mb(pid), 1)

            peak = [rss_mb(pid)]
            done = asyncio.Event()

            async def sample() -> None:
                while not done.is_set():
                    peak.append(rss_mb(pid))
                    await asyncio.sleep(0.5)

            sampler = asyncio.create_task(sample())
            sessions = [
                Session(browser, server.url, ids[i % len(ids)]) for i in range(args.sessions)
            ]
            await asyncio.gather(*(s.open() for s in sessions))  # 2. load, all at once
            until = time.monotonic() + args.seconds
            results = await asyncio.gather(
                *(s.run(until, 1 + i % 3) for i, s in enumerate(sessions))
            )
            exceptions = sum([await s.exceptions() for s in sessions])
            logged = server_exceptions(server.output(tail=10**8))
            done.set()
            await sampler
            lat = sorted(x for s in sessions for x in s.latencies)
            out.update(
                {
                    "slider_moves": len(lat),
                    "p50_s": round(statistics.median(lat), 3) if lat else None,
                    "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 3) if lat else None,
                    "errors": exceptions + sum(len(s.errors) for s in sessions) + len(logged),
                    "error_samples": [e for s in sessions for e in s.errors][:5],
                    "server_exceptions": len(logged),
                    "server_exception_samples": logged[:5],
                    "own_numbers": all(
                        r["own_value_kept"] and r["baseline"] == solo[s.persona]
                        for r, s in zip(results, sessions, strict=True)
                    ),
                    "rss_peak_mb": round(max(peak), 1),
                    "checks": [
                        {**r, "persona": s.persona, "solo": solo[s.persona]}
                        for r, s in zip(results, sessions, strict=True)
                    ]
                    if args.verbose
                    else None,
                }
            )
            for s in sessions:  # 3. release
                await s.close()
            await asyncio.sleep(args.ttl + 2)
            await probe(browser, server.url)
            await asyncio.sleep(2)
            out["rss_after_close_mb"] = round(rss_mb(pid), 1)
            out["rss_retained_mb"] = round(out["rss_after_close_mb"] - out["rss_baseline_mb"], 1)
            await browser.close()
    finally:
        server.stop()
    return out


async def probe(browser, base: str) -> None:
    """Open and close one light session: Streamlit drops expired sessions when touched."""
    ctx = await browser.new_context()
    page = await ctx.new_page()
    await page.goto(f"{base}/method?lang=en", timeout=120_000)
    await page.wait_for_selector(IDLE, timeout=120_000)
    await ctx.close()


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--ttl", type=int, default=5, help="server.disconnectedSessionTTL")
    parser.add_argument("--personas", type=int, default=10, help="baselines used (1-10)")
    parser.add_argument("--verbose", action="store_true", help="per-session checks")
    args = parser.parse_args()
    out = asyncio.run(asyncio.wait_for(main(args), timeout=args.seconds + 600))
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["errors"] == 0 and out["own_numbers"] else 1


if __name__ == "__main__":
    raise SystemExit(cli())
