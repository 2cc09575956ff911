"""data/plan.toml, the planner's rules: what each lever costs and how fast it arrives, what time
does by itself, what follows from the actions, and what borrowing costs. Loaded and checked here
only; the search, the projection and the Method page read it through `params()`."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from limitlens import catalog
from limitlens.paths import DATA_DIR

PLAN_FILE = DATA_DIR / "plan.toml"
RULES: tuple[str, ...] = ("at", "window", "rate")
TIME_RULES: tuple[str, ...] = ("grow", "age_out")
HORIZON = 12  # months a plan may take to show in full, and the projection covers
TOL = 1e-9  # values on a step grid compare within this


@cache
def params() -> dict[str, Any]:
    """data/plan.toml, checked against the factor catalog (ValueError when inconsistent)."""
    with PLAN_FILE.open("rb") as fh:
        raw = tomllib.load(fh)
    table = catalog.by_id()
    catalog.check_keyed(
        "plan.toml [factor]", raw["factor"], lambda f: f.actionable and f.direction != "none"
    )
    for fid, spec in raw["factor"].items():
        if spec["rule"] not in RULES:
            raise ValueError(f"plan.toml: {fid} has unknown rule {spec['rule']!r}")
        if spec["start"] < 0 or spec["full"] < 0 or spec["start"] + spec["full"] <= 0:
            raise ValueError(f"plan.toml: {fid} needs a positive effort")
        need = {"at": "months", "window": "window", "rate": "per_month"}[spec["rule"]]
        if need not in spec:
            raise ValueError(f"plan.toml: {fid} ({spec['rule']}) lacks {need!r}")
    for fid, spec in raw["time"].items():
        if fid not in table or spec["rule"] not in TIME_RULES:
            raise ValueError(f"plan.toml: bad time rule for {fid!r}")
    for fid, spec in raw["follows"].items():
        if fid not in table or fid in raw["factor"] or spec["rule"] != "rate":
            raise ValueError(f"plan.toml: {fid!r} cannot follow (a lever, or not a factor)")
        stray = [a for a in spec["per_unit"] if a not in raw["factor"]]
        if stray:
            raise ValueError(f"plan.toml: {fid} follows {stray[0]!r}, which is no lever")
    return raw
