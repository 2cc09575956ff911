"""A What-if scenario as the widgets hold it and as the core reads it: the diff from a baseline
(`changes`) — only what the user moved. A value on its widget's grid is `Factor.snap_widget`.

Plain functions of values, so the page stays a drawing of them and the rules are tested here
(tests/unit/test_scenario.py)."""

from __future__ import annotations

from collections.abc import Mapping

from limitlens import catalog
from limitlens.catalog import Value


def changes(widget_values: Mapping[str, Value], baseline: Mapping[str, Value]) -> dict[str, Value]:
    """Only what the user moved, in the factors' own units: a widget still at the snapped
    baseline is no change, so a measured 14,975.99 shown on a 500-step slider is not reported
    as a move to 15,000."""
    table = catalog.by_id()
    changed: dict[str, Value] = {}
    for fid, shown in widget_values.items():
        f = table[fid]
        if shown == f.snap_widget(baseline[fid]):
            continue
        changed[fid] = f.from_widget(shown)
    return changed
