"""data/plan.toml as the Method page's tables: per lever its effort, time, reach and why; what
follows from the actions and what borrowing costs. Column names and cells are translated."""

from __future__ import annotations

import pandas as pd

from limitlens import catalog
from limitlens.i18n import t
from limitlens.plan.moves import levers
from limitlens.plan.rules import params


def follows_table(lang: str) -> pd.DataFrame:
    """What follows from the actions (data/plan.toml [follows]) and what borrowing costs
    ([borrowing]), as one display table for the Method page: the action, its effect, why."""
    p = params()
    table = catalog.by_id()
    rows = []
    for outcome, spec in p["follows"].items():
        for fid, rate in spec["per_unit"].items():
            f = table[fid]
            # a yes/no once, an amount per CNY 10,000, a share over its whole 0-100 %
            how, size = (
                ("bool", 1) if f.kind == "bool" else ("money", 10_000) if f.money else ("share", 1)
            )
            rows.append(
                {
                    t(lang, "advice.col.action"): f.label(lang),
                    t(lang, "advice.col.effect"): t(
                        lang,
                        f"advice.follow_{how}",
                        outcome=table[outcome].label(lang),
                        rate=f"{rate * size:g}",
                    ),
                    t(lang, "advice.col.why"): spec[f"why_{lang}"],
                }
            )
    b = p["borrowing"]
    low, high = (f"{r:.3%}" for r in b["daily_rate"])
    rows.append(
        {
            t(lang, "advice.col.action"): t(lang, "advice.borrow_optin"),
            t(lang, "advice.col.effect"): t(lang, "advice.interest_rule", low=low, high=high),
            t(lang, "advice.col.why"): b[f"why_{lang}"],
        }
    )
    return pd.DataFrame(rows)


def method_table(lang: str) -> pd.DataFrame:
    """data/plan.toml as one display table for the Method page: per lever its effort, how it
    arrives over time, how far a plan may move it, the advice it belongs to, why, and the
    source; then what time does by itself. Column names are translated."""
    p = params()
    table = catalog.by_id()

    def col(key: str) -> str:
        return t(lang, f"plan.col.{key}")

    rows = []
    for fid in levers():
        spec = p["factor"][fid]
        reach = []
        if "max_rise" in spec:
            reach.append(
                t(
                    lang,
                    "plan.reach_rise",
                    share=f"{spec['max_rise']:.0%}",
                    min=f"{spec['min_rise']:,}",
                )
            )
        if "max_add_income_months" in spec:
            reach.append(t(lang, "plan.reach_income", count=spec["max_add_income_months"]))
        rows.append(
            {
                col("factor"): table[fid].label(lang),
                col("effort"): t(lang, "plan.effort_rule", start=spec["start"], full=spec["full"]),
                col("time"): t(lang, f"plan.rule.{spec['rule']}", **spec),
                col("reach"): t(lang, "ui.sentence_sep").join(reach) or "—",
                col("advice"): t(lang, f"plan.advice.{spec['advice']}"),
                col("why"): spec[f"why_{lang}"],
                col("source"): t(lang, f"model.source.{spec['source']}"),
            }
        )
    for fid, spec in p["time"].items():
        rows.append(
            {
                col("factor"): table[fid].label(lang),
                col("effort"): "—",
                col("time"): t(lang, f"plan.rule.{spec['rule']}", **spec),
                col("reach"): "—",
                col("advice"): "—",
                col("why"): spec[f"why_{lang}"],
                col("source"): t(lang, f"model.source.{spec['source']}"),
            }
        )
    return pd.DataFrame(rows)
