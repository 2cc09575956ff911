"""The Plan page's presenter: one path from the user's factors to a plan (`PlanState`) and the
pieces the page and the report show, shared by the Plan page and the `report` command so both
produce the same file. Pure (no streamlit): core calls, figures from limitlens/charts, display
text from the i18n catalogs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import plotly.io as pio

from limitlens import catalog, model, plan, projection
from limitlens import format as fmt
from limitlens.charts.plan import fig_projection
from limitlens.charts.whatif import fig_points, fig_range
from limitlens.factors import FactorSet
from limitlens.format import money
from limitlens.i18n import t
from limitlens.method import summary as model_summary
from limitlens.plan import text as plan_text
from limitlens.report import (
    Comparison,
    ReportContent,
    Snapshot,
    compare,
    income_sources,
    render,
    value_rows,
)


@dataclass(frozen=True)
class PlanState:
    values: dict[str, Any]
    estimate: model.Estimate
    target: int | None = None
    max_changes: int = plan.DEFAULT_MAX_CHANGES
    seek: plan.GoalSeek | None = None
    chosen: plan.Plan | None = None
    projection: pd.DataFrame | None = None
    reached: int | None = None
    actions: list[plan.Action] = field(default_factory=list)
    reasons: list[plan.Reason] = field(default_factory=list)  # why not higher
    allow_borrowing: bool = False  # the user opted in to plans that borrow


def plan_state(
    values: dict[str, Any],
    target: int | None,
    max_changes: int,
    index: int = 0,
    assumed: tuple[str, ...] = (),
    allow_borrowing: bool = False,
) -> PlanState:
    """Goal seek for `target`, plan `index` chosen, its projection and ranked actions, and why
    the estimate is not higher; `assumed` inputs (catalog defaults) widen the ranges; plans and
    reasons borrow only if `allow_borrowing`."""
    est = model.estimate(values, assumed)
    reasons = plan.why_not_higher(values, assumed, allow_borrowing)
    common = {"reasons": reasons, "allow_borrowing": allow_borrowing}
    if target is None:
        return PlanState(values, est, None, max_changes, **common)
    seek = plan.seek(values, target, max_changes, assumed=assumed, allow_borrowing=allow_borrowing)
    if not seek.plans or not seek.plans[0].changes:  # none found, or the target is already met
        return PlanState(values, est, seek.target, max_changes, seek, **common)
    chosen = seek.plans[min(index, len(seek.plans) - 1)]
    proj = projection.project(values, chosen.action_values(), projection.HORIZON, assumed)
    reached = projection.first_reached(proj, seek.target)
    acts = plan.actions(values, chosen)
    return PlanState(
        values, est, seek.target, max_changes, seek, chosen, proj, reached, acts, **common
    )


def when(today: date, months: int, lang: str) -> str:
    """The calendar month `months` after `today`: 2027年3月 / Mar 2027."""
    return fmt.month(*fmt.months_after(today, months), lang)


def month_ticks(today: date, n: int, lang: str) -> list[str]:
    """Names of months 0..n for a chart axis, the year where it changes (limitlens/format.py)."""
    return fmt.month_ticks(today, n, lang)


def labels(lang: str) -> dict[str, str]:
    return {f.id: f.label(lang) for f in catalog.factors()}


def change_text(fid: str, before: Any, after: Any, lang: str) -> str:
    f = catalog.by_id()[fid]
    return t(
        lang,
        "plan.change_line",
        label=f.label(lang),
        before=f.display_value(before, lang),
        after=f.display_value(after, lang),
    )


def _period(history: pd.DataFrame | None) -> tuple[date, date] | None:
    if history is None or history.empty or history["time"].isna().all():
        return None
    return history["time"].min().date(), history["time"].max().date()


def snapshot(
    fs: FactorSet, history: pd.DataFrame | None, state: PlanState, today: date
) -> Snapshot:
    """What the report remembers (never transactions, counterparties or file names)."""
    e = state.estimate
    chosen = state.chosen
    plan_part = None if chosen is None else chosen.to_json()
    proj = () if state.projection is None else tuple(int(v) for v in state.projection["mid"])
    return Snapshot(
        date=today,
        factors=dict(state.values),
        sources=dict(fs.sources),
        estimate={"eligible": e.eligible, "low": e.low, "mid": e.mid, "high": e.high},
        period=_period(history),
        target=state.target,
        plan=plan_part,
        projection=proj,
    )


def comparison_text(cmp: Comparison, lang: str) -> tuple[str, list[dict[str, str]]]:
    """One summary sentence and a row per moved factor (display text)."""
    before, after = int(cmp.before.estimate["mid"]), int(cmp.after.estimate["mid"])
    delta = after - before
    parts = [
        t(
            lang,
            "report.compare.summary",
            then=cmp.before.date.isoformat(),
            count=cmp.months,
            before=money(before),
            after=money(after),
            delta=f"{'+' if delta >= 0 else '−'}{money(abs(delta))}",
        )
    ]
    target = money(cmp.before.target or 0)
    expected = money(cmp.expected_mid or 0)
    parts.append(t(lang, f"report.compare.{cmp.status}", target=target, expected=expected))
    table = catalog.by_id()
    rows = []
    for r in cmp.factors.itertuples(index=False):
        f = table[r.factor]
        rows.append(
            {
                "label": f.label(lang),
                "before": f.display_value(r.before, lang),
                "after": f.display_value(r.after, lang),
                "move": t(lang, f"report.move.{r.move}"),
                "move_class": r.move,
            }
        )
    return " ".join(parts), rows


def _plan_text(
    state: PlanState, lang: str, today: date, sources: dict[str, str] | None = None
) -> tuple[str, list[dict[str, str]]]:
    seek, chosen = state.seek, state.chosen
    if seek is None:
        return "", []
    head = []
    if seek.current[1] >= seek.target:
        head.append(
            t(lang, "report.already", mid=money(seek.current[1]), target=money(seek.target))
        )
    elif not seek.reachable:
        head.append(
            t(
                lang,
                "report.unreachable",
                target=money(seek.target),
                count=seek.max_changes,
                max=money(seek.max_mid),
            )
        )
        head += plan_text.caps(seek, state.values, lang, state.estimate.assumed)
    if chosen is None or not chosen.changes:
        return " ".join(head), []
    head.append(
        t(
            lang,
            "report.plan_summary",
            target=money(seek.target),
            low=money(chosen.low),
            mid=money(chosen.mid),
            high=money(chosen.high),
            effort=plan_text.effort_words(chosen.effort, lang),
            count=chosen.months,
        )
    )
    if state.reached is not None and seek.reachable:
        head.append(
            t(lang, "report.reached_in", month=state.reached, when=when(today, state.reached, lang))
        )
    elif seek.reachable:
        head.append(t(lang, "report.not_reached"))
    head.append(plan_text.effort_scale_note(lang))
    rows = [
        {
            "step": str(i),
            "change": change_text(a.factor, a.before, a.after, lang),
            "gain": f"{a.gain:+,}",
            "effort": plan_text.effort_words(a.effort, lang),
            "months": str(a.months),
            "advice": plan_text.step_advice(a, state.values, sources or {}, lang),
        }
        for i, a in enumerate(state.actions, 1)
    ]
    return " ".join(head), rows


def answer_line(state: PlanState, lang: str, today: date) -> str:
    """The plan in one line, for the top of the report."""
    if state.seek is None:
        return plan_text.plan_line(None, None, "", lang)
    hit = "" if state.reached is None else when(today, state.reached, lang)
    return plan_text.plan_line(state.seek, state.chosen, hit, lang)


def figures(state: PlanState, lang: str, today: date) -> dict[str, Any]:
    """The report's charts: now vs. plan, points per factor, the projection."""
    names = labels(lang)
    out: dict[str, Any] = {}
    if state.chosen is not None:
        changes = state.chosen.values()
        planned = model.estimate(
            {**state.values, **changes}, [a for a in state.estimate.assumed if a not in changes]
        )
        fig = fig_range(state.estimate, planned, lang, title=False)
        rows = [t(lang, "report.chart.now"), t(lang, "report.chart.planned")]
        old = [t(lang, "model.chart.baseline"), t(lang, "model.chart.scenario")]
        fig.update_traces(y=rows)
        for note in fig.layout.annotations:  # "not eligible" notes sit on a row
            if note.y in old:
                note.y = rows[
                    old.index(note.y)
                ]  # "now vs. the chosen plan", not a what-if scenario
        fig.update_layout(height=290)
        out["range"] = fig
    out["points"] = fig_points(state.estimate, lang, names, title=False)
    if state.projection is not None and state.target is not None:
        ticks = month_ticks(today, len(state.projection) - 1, lang)
        label = "" if state.reached is None else when(today, state.reached, lang)
        out["projection"] = fig_projection(
            state.projection, state.target, lang, ticks, state.reached, label, title=False
        )
    for fig in out.values():
        # Importing streamlit makes its own plotly template the default, and that one leaves the
        # styling to the app; a report stands alone, so it names plotly's template itself. No
        # width: each chart takes its box's (phone, desktop or the printed page), and its text
        # stays at the theme's 13 px (about 10 pt on paper). Titles are the page's own captions
        # (they wrap on a phone); the top margin leaves a legend room for a second line.
        fig.update_layout(template=pio.templates["plotly"], autosize=True, width=None, margin_t=64)
    return out


def figure_titles(lang: str) -> dict[str, str]:
    """Each report chart's caption, by the name `figures` gives it."""
    return {
        "range": t(lang, "report.chart.title_range"),
        "points": t(lang, "model.chart.title_points"),
        "projection": t(lang, "plan.chart.title_projection"),
    }


def reason_labels(reasons: list[plan.Reason], lang: str) -> list[str]:
    """Why not higher, as "label (+¥gain)": each gain is what that one change alone adds."""
    table = catalog.by_id()
    return [f"{table[r.id].label(lang)} (+{money(r.gain)})" for r in reasons]


def report_html(
    fs: FactorSet,
    history: pd.DataFrame | None,
    state: PlanState,
    lang: str,
    today: date,
    previous: Snapshot | None = None,
    *,
    include_personal: bool = False,
) -> str:
    """The complete report file, as the page offers it and the CLI writes it. Personal text
    (the names of who paid your income) is in it only when `include_personal` is asked for."""
    import plotly.offline

    snap = snapshot(fs, history, state, today)
    summary, plan_rows = _plan_text(state, lang, today, fs.sources)
    cmp_summary, cmp_rows = ("", [])
    if previous is not None:
        cmp_summary, cmp_rows = comparison_text(compare(previous, snap), lang)
    content = ReportContent(
        lang=lang,
        snapshot=snap,
        factor_rows=value_rows(state.values, fs.status, fs.sources, lang),
        why_not_higher=reason_labels(state.reasons, lang),
        reasons=[t(lang, f"model.gate.{r}") for r in state.estimate.reasons],
        figures={k: json.loads(v.to_json()) for k, v in figures(state, lang, today).items()},
        figure_titles=figure_titles(lang),
        rows=0 if history is None else len(history),
        income_sources=income_sources(history) if include_personal else [],
        plan_rows=plan_rows,
        plan_summary=summary,
        comparison_rows=cmp_rows,
        comparison_summary=cmp_summary,
        method=[t(lang, "report.method.p1"), *model_summary(lang), t(lang, "report.method.p3")],
        disclaimer=t(lang, "ui.disclaimer"),
        outcome=getattr(state.estimate, "outcome", ""),  # "" -> eligible or not, from the snapshot
        plan_line=answer_line(state, lang, today),
    )
    return render(content, plotly.offline.get_plotlyjs())
