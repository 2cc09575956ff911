"""Streamlit's element code, loaded while the browser has nothing else to do.

Streamlit 1.67 loads an element's code the first time a page shows one: plotly's (4.7 MB), the
data grid's, a metric's, a slider's; evaluating them is one ~0.8 s task on this machine's main
thread. Meanwhile the element is a grey skeleton. The first page that shows them after an upload (Factors) paid it all
on the user's clock, ~1 s after its run had ended. This asks the browser to load that code once
per tab, in idle time, on whichever page a visitor opens first: by the time they have picked a
file, it is there. The chunks are the ones Streamlit's own lazy loaders import, so a page that
draws them later takes them from the browser's module map.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

# The elements our pages draw whose code Streamlit loads on first use (what Home does not load
# itself: a walk through every page lists them). Fetched at once; each is evaluated as it
# arrives (plotly, the largest file, last).
CHUNKS = tuple(
    "Metric Button Spinner Slider Checkbox NumberInput Selectbox TextInput DownloadButton "
    "DataFrame PlotlyChart".split()
)
JS_DIR = Path(st.__file__).parent / "static" / "static" / "js"

# Relative to Streamlit's own entry script, wherever the app is served from (a base path on a
# host). Once per tab: window state survives Streamlit's page switches. A second after the page
# is drawn, when idle: evaluating plotly is one ~0.8 s task on the main thread, and the page's
# own first work (a cold start's last renders) comes first. The style takes the element out of
# the page's layout (it would leave an empty row's gap at the top).
SCRIPT = """<style>
[data-testid=stElementContainer]:has(> [data-testid=stHtml] > script[data-ll-prefetch]) {
  display: none;
}
</style>
<script data-ll-prefetch>
(() => {
  if (window.__llPrefetch) return;
  window.__llPrefetch = true;
  const entry = document.querySelector('script[type=module][src*="static/js/index."]');
  if (!entry) return;
  const load = () => %s.forEach(name => import(new URL(name, entry.src).href).catch(() => {}));
  const idle = window.requestIdleCallback || (f => setTimeout(f, 200));
  setTimeout(() => idle(load, {timeout: 5000}), 1000);
})();
</script>"""


@cache
def chunk_files() -> tuple[str, ...]:
    """The installed Streamlit's file for each of CHUNKS (a name its build no longer has is
    skipped: the page only loads slower; tests/unit/test_prefetch.py notices)."""
    found = (sorted(JS_DIR.glob(f"{name}.*.js")) for name in CHUNKS)
    return tuple(files[0].name for files in found if len(files) == 1)


def prefetch() -> None:
    """Draw the loader (nothing visible). Constant text: nothing from a user goes into it."""
    st.html(SCRIPT % json.dumps(chunk_files()), unsafe_allow_javascript=True, width="content")
