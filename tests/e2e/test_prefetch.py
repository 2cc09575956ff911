"""A visitor's first page loads the code of Streamlit's heavier elements in idle time
(components/prefetch.py), and a page drawing them later takes it from the browser's module map."""

from __future__ import annotations

import pytest

from components.prefetch import chunk_files
from tests.e2e.conftest import navigate, open_page, use_persona

pytestmark = pytest.mark.e2e

REQUESTED = """names => names.map(n => performance.getEntriesByType('resource')
  .filter(e => e.name.endsWith('/static/js/' + n)).length)"""


def test_the_first_page_loads_the_charts_code_and_the_factors_page_reuses_it(browser, server):
    page, errors = open_page(browser, f"{server.url}/?lang=en", locale="en-US")  # Home: no chart
    try:
        names = list(chunk_files())
        assert not page.locator("[data-testid=stPlotlyChart]").count()
        # the loader takes no room: no empty row's gap above the page
        shown = page.evaluate(
            """() => [...document.querySelectorAll('script[data-ll-prefetch]')]
  .map(s => s.closest('[data-testid=stElementContainer]').checkVisibility())"""
        )
        assert shown == [False]
        page.wait_for_function(f"names => ({REQUESTED})(names).every(n => n === 1)", arg=names)
        use_persona(page, "en")
        navigate(page, "en", "factors")  # draws a chart, a metric, a slider, a grid
        assert page.locator("[data-testid=stPlotlyChart] .main-svg").count()
        assert page.evaluate(REQUESTED, names) == [1] * len(names)  # fetched once, reused
        assert not errors, errors
    finally:
        page.context.close()
