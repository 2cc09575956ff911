"""Plans: the least-effort changes that lift the estimate to a target, and why it is not higher.

One module family, each part with one job:

* `rules`: data/plan.toml (effort, time, reach, what follows, what borrowing costs), loaded and
  checked once; `limitlens.projection` reads it from here.
* `moves`: the levers, their candidate values, effort, and coherent units of levers.
* `result`: `Plan`, `GoalSeek`, `Action` and their one JSON shape (`to_json`), `make_plan`,
  `actions`.
* `search`: the exact goal seek (`seek`).
* `reasons`: why not higher (`why_not_higher`).
* `text`: what a plan means in words (verdicts, effort, how plans differ, caps, step advice).
* `method_tables`: data/plan.toml as the Method page's tables.
* `presenter`: the Plan page's and the report's state and display pieces (`plan_state`,
  `report_html`).
* `workload`: a fixed, diverse set of goal-seek cases for the benchmark.

The names below are the search's public API; `text`, `method_tables`, `presenter` and
`workload` are imported by name where needed (they pull in display and chart code the search never needs).
"""

from limitlens.plan.moves import candidates, effort, levers, unit_options, units
from limitlens.plan.reasons import Reason, why_not_higher
from limitlens.plan.result import (
    Action,
    Change,
    GoalSeek,
    Plan,
    actions,
    interest_cny_12m,
    make_plan,
)
from limitlens.plan.rules import HORIZON, params
from limitlens.plan.search import DEFAULT_MAX_CHANGES, MAX_PLANS, seek

__all__ = [
    "DEFAULT_MAX_CHANGES",
    "HORIZON",
    "MAX_PLANS",
    "Action",
    "Change",
    "GoalSeek",
    "Plan",
    "Reason",
    "actions",
    "candidates",
    "effort",
    "interest_cny_12m",
    "levers",
    "make_plan",
    "params",
    "seek",
    "unit_options",
    "units",
    "why_not_higher",
]
