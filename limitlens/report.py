"""The report a user keeps: one self-contained HTML file, and the snapshot inside it that lets a
later visit say what changed. Also the normalized history for download, identifiers masked.

* `render(ReportContent) -> str`: the whole report (plotly.js embedded, so it opens offline; A4
  print styles; every piece of user text escaped; the snapshot as inert JSON).
* `Snapshot`: what a report remembers: date, factor values and their sources, the estimate, the
  target and plan with its projected central estimate by month. Never transactions, counterparties
  or file names.
* `read_snapshot(bytes)`: a previous report back into a Snapshot (ReportError on anything else;
  the schema and its limits: limitlens/snapshot_schema.py).
* `compare(before, after)`: each factor's movement, the estimate's, and whether the plan is on
  track (the estimate against the plan's projection at the months elapsed).
* `masked_history(history)`: the normalized history with people's names and long numbers masked.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from limitlens import catalog, snapshot_schema, whatif
from limitlens.catalog import Value
from limitlens.i18n import t
from limitlens.snapshot_schema import SNAPSHOT_VERSION, ReportError

SNAPSHOT_ID = "limitlens-snapshot"
MAX_REPORT_BYTES = 20 * 1024 * 1024  # the app's upload limit; a report is about 5 MB
DAYS_PER_MONTH = 365.25 / 12
_SNAPSHOT_OPEN = b'<script type="application/json" id="' + SNAPSHOT_ID.encode() + b'">'


# ---------------------------------------------------------------- snapshot


@dataclass(frozen=True)
class Snapshot:
    date: date
    factors: dict[str, Value]  # every catalog id -> value
    sources: dict[str, str]  # id -> inferred | declared | default
    estimate: dict[str, Any]  # eligible, low, mid, high
    period: tuple[date, date] | None = None  # the data the factors were measured on
    target: int | None = None
    plan: dict[str, Any] | None = (
        None  # changes {id: value}, limit {low, mid, high}, effort, months
    )
    projection: tuple[int, ...] = ()  # the plan's central estimate by month, 0..12

    def to_json(self) -> dict[str, Any]:
        return {
            "limitlens_snapshot": SNAPSHOT_VERSION,
            "date": self.date.isoformat(),
            "period": [d.isoformat() for d in self.period] if self.period else None,
            "factors": self.factors,
            "sources": self.sources,
            "estimate": self.estimate,
            "target": self.target,
            "plan": self.plan,
            "projection": list(self.projection),
        }

    @classmethod
    def from_json(cls, raw: Any, today: date | None = None) -> Snapshot:
        """Validated strictly (limitlens/snapshot_schema.py): a report file comes from the user
        and may have been edited. `today`: a report dated later is refused."""
        return cls(**snapshot_schema.fields(raw, today))


def _script_json(data: Any) -> str:
    """JSON that cannot end its <script> element early (nor start a comment)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def read_snapshot(data: bytes, today: date | None = None) -> Snapshot:
    """The snapshot inside a LimitLens report (ReportError for anything else, with one message
    in the user's language). `today`: a report dated later is refused."""
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError("too_large", mb=str(MAX_REPORT_BYTES // (1024 * 1024)))
    # Two finds, not a lazy regex: retried from every opening tag, `.*?` took minutes on a file
    # of nothing but opening tags.
    start = data.find(_SNAPSHOT_OPEN)
    end = data.find(b"</script>", start) if start >= 0 else -1
    if end < 0:
        raise ReportError("no_snapshot")
    body = data[start + len(_SNAPSHOT_OPEN) : end]
    return Snapshot.from_json(snapshot_schema.load(body), today)


# ---------------------------------------------------------------- comparison


@dataclass(frozen=True)
class Comparison:
    before: Snapshot
    after: Snapshot
    months: int  # whole months between the two reports
    factors: pd.DataFrame  # factor, before, after, move (better | worse | changed)
    status: str  # reached | on_track | behind | no_plan
    expected_mid: int | None  # what the plan's projection expected by now
    progress: pd.DataFrame  # factor, start, planned, now, done (share of the planned move, 0..1)


def movement(fid: str, before: Value, after: Value) -> str:
    """better | worse | same | changed (a factor without a better side)."""
    if before == after:
        return "same"
    f = catalog.by_id()[fid]
    if f.direction == "none":
        return "changed"
    if f.kind == "bool":
        return "better" if bool(after) == bool(f.good) else "worse"
    b, a = float(before), float(after)
    if f.direction == "up":
        return "better" if a > b else "worse"
    if f.direction == "down":
        return "better" if a < b else "worse"
    best = float(whatif.extremes(fid)[1])  # a peak: closer to the best value is better
    return "better" if abs(a - best) < abs(b - best) else "worse"


def compare(before: Snapshot, after: Snapshot) -> Comparison:
    days = (after.date - before.date).days
    months = max(0, int(days / DAYS_PER_MONTH + 1e-9))
    moved = [fid for fid in catalog.ids() if before.factors[fid] != after.factors[fid]]
    factors = pd.DataFrame(
        {
            "factor": pd.Series(moved, dtype=object),
            "before": pd.Series([before.factors[f] for f in moved], dtype=object),
            "after": pd.Series([after.factors[f] for f in moved], dtype=object),
            "move": pd.Series(
                [movement(f, before.factors[f], after.factors[f]) for f in moved], dtype=object
            ),
        }
    )
    expected = None
    progress_rows = []
    now_mid = int(after.estimate["mid"])
    if before.plan is None or before.target is None:
        status = "no_plan"
    else:
        if before.projection:
            expected = int(before.projection[min(months, len(before.projection) - 1)])
        if now_mid >= before.target:
            status = "reached"
        elif expected is not None and now_mid >= expected:
            status = "on_track"
        else:
            status = "behind"
        for fid, planned in before.plan["changes"].items():
            start, now = before.factors[fid], after.factors[fid]
            if isinstance(planned, bool) or not isinstance(planned, int | float):
                done = 1.0 if now == planned else 0.0
            else:
                span = float(planned) - float(start)
                done = (float(now) - float(start)) / span if span else 1.0
            progress_rows.append(
                {
                    "factor": fid,
                    "start": start,
                    "planned": planned,
                    "now": now,
                    "done": min(max(done, 0.0), 1.0),
                }
            )
    progress = pd.DataFrame(progress_rows, columns=["factor", "start", "planned", "now", "done"])
    return Comparison(before, after, months, factors, status, expected, progress)


# ---------------------------------------------------------------- masked history (CSV)

_PERSON_CATEGORIES = ("transfer_in", "transfer_out", "red_packet")
_LONG_NUMBER = r"\d{5,}(\d{4})"  # account, card, phone and order numbers: keep the last four
_EMAIL = r"([A-Za-z0-9])[A-Za-z0-9._%+-]*@"


def masked_history(history: pd.DataFrame) -> pd.DataFrame:
    """The normalized history without identifiers: long numbers and e-mail names masked in every
    text column, people's names (transfers, red packets) cut to their first character."""
    out = history.drop(columns=["row_id"], errors="ignore").copy()
    for col in ("counterparty", "description", "method"):
        text = out[col].fillna("").astype("str")
        text = text.str.replace(_LONG_NUMBER, r"****\1", regex=True)
        text = text.str.replace(_EMAIL, r"\1***@", regex=True)
        out[col] = text
    person = out["category"].isin(_PERSON_CATEGORIES) & (out["counterparty"].str.len() > 0)
    out.loc[person, "counterparty"] = out.loc[person, "counterparty"].str[:1] + "**"
    return out


def income_sources(history: pd.DataFrame | None, n: int = 3) -> list[str]:
    """The counterparties that paid the most income (as shown in the export; user text)."""
    if history is None or history.empty:
        return []
    rows = history[(history["category"] == "income") & (history["status"] == "success")]
    if rows.empty:
        return []
    top = rows.groupby("counterparty")["amount"].sum().sort_values(ascending=False)
    return [str(c) for c in top.index[:n] if str(c)]


# ---------------------------------------------------------------- the HTML report


@dataclass(frozen=True)
class ReportContent:
    """Everything the report shows, ready to render (see limitlens/report_build.py)."""

    lang: str
    snapshot: Snapshot
    factor_rows: list[dict[str, str]]  # label, value, status, source (display text)
    why_not_higher: list[str]  # display labels
    reasons: list[str]  # display text of the gates that block, when not eligible
    figures: dict[str, dict[str, Any]]  # name -> plotly figure as a dict, in display order
    rows: int = 0  # transactions the factors were measured on
    income_sources: list[str] = field(default_factory=list)  # user text
    plan_rows: list[dict[str, str]] = field(default_factory=list)  # action list, display text
    plan_summary: str = ""  # one sentence: range, effort, months, month reached
    comparison_rows: list[dict[str, str]] = field(default_factory=list)
    comparison_summary: str = ""
    method: list[str] = field(default_factory=list)  # paragraphs
    disclaimer: str = ""


_CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d8dee6; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
  "Source Han Sans SC", sans-serif; color: var(--ink); margin: 0; background: #f4f6f9; }
main { max-width: 760px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
p, li, td, th { font-size: 0.92rem; line-height: 1.5; }
.muted { color: var(--muted); }
.big { font-size: 1.5rem; font-weight: 700; color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef2f6; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
.good { color: #007a5a; } .fair { color: #a86f00; } .weak { color: #b24500; }
.better { color: #007a5a; } .worse { color: #b24500; }
.chart { width: 680px; max-width: 100%; margin: 8px auto; break-inside: avoid; page-break-inside: avoid; }
section { break-inside: auto; }
.box { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 8px 0; break-inside: avoid; }
footer { margin-top: 28px; font-size: 0.8rem; color: var(--muted); }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; }
}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _table(rows: list[dict[str, str]], columns: dict[str, str], num: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{_e(label)}</th>" for label in columns.values())
    body = []
    for row in rows:
        cells = []
        for key in columns:
            cls = ' class="num"' if key in num else ""
            if key in ("status", "move") and row.get(f"{key}_class"):
                cls = f' class="{_e(row[f"{key}_class"])}"'
            cells.append(f"<td{cls}>{_e(row.get(key, ''))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(sid: str, title: str, body: str) -> str:
    return f'<section id="{sid}"><h2>{_e(title)}</h2>{body}</section>'


def render(content: ReportContent, plotly_js: str) -> str:
    """The complete report. `plotly_js` is the plotly.js library source, embedded as is."""
    lang, snap = content.lang, content.snapshot

    def tr(key: str, **params: Any) -> str:
        return t(lang, f"report.{key}", **params)

    est = snap.estimate
    if snap.period:
        period = tr("period", start=snap.period[0].isoformat(), end=snap.period[1].isoformat())
    else:
        period = tr("no_period")
    parts = [
        f"<header><h1>{_e(tr('title'))}</h1>",
        f'<p class="muted">{_e(tr("generated", date=snap.date.isoformat()))} · {_e(period)}',
        f"{' · ' + _e(tr('rows', count=content.rows)) if content.rows else ''}</p></header>",
    ]
    if est["eligible"]:
        low, mid, high = (f"¥{est[k]:,}" for k in ("low", "mid", "high"))
        summary = f'<p class="big">{low} – {high}</p><p>{_e(tr("central", mid=mid))}</p>'

    else:
        summary = f'<p class="big">{_e(tr("not_eligible"))}</p>'
        summary += "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in content.reasons) + "</ul>"
    if content.why_not_higher:
        sep = "、" if lang == "zh" else ", "
        summary += f"<p>{_e(tr('why_not_higher', factors=sep.join(content.why_not_higher)))}</p>"
    parts.append(_section("summary", tr("section.summary"), summary))

    if content.comparison_summary or content.comparison_rows:
        body = f'<div class="box"><p>{_e(content.comparison_summary)}</p></div>'
        if content.comparison_rows:
            body += _table(
                content.comparison_rows,
                {k: tr(f"compare_col.{k}") for k in ("label", "before", "after", "move")},
            )
        parts.append(_section("comparison", tr("section.comparison"), body))

    factors = _table(
        content.factor_rows,
        {k: tr(f"col.{k}") for k in ("label", "value", "status", "source")},
    )
    if content.income_sources:
        sep = "、" if lang == "zh" else "; "
        factors += f"<p class='muted'>{_e(tr('income_sources', names=sep.join(content.income_sources)))}</p>"
    parts.append(_section("factors", tr("section.factors"), factors))

    charts = []
    for i, name in enumerate(content.figures):
        charts.append(f'<div class="chart" id="chart-{_e(name)}" data-fig="{i}"></div>')
    parts.append(_section("charts", tr("section.charts"), "".join(charts)))

    if content.plan_rows or content.plan_summary:
        body = f"<p>{_e(content.plan_summary)}</p>" if content.plan_summary else ""
        if content.plan_rows:
            body += _table(
                content.plan_rows,
                {
                    k: tr(f"plan_col.{k}")
                    for k in ("step", "change", "gain", "effort", "months", "advice")
                },
                num=("step", "gain", "effort", "months"),
            )
    else:
        body = f"<p>{_e(tr('no_plan'))}</p>"
    parts.append(_section("plan", tr("section.plan"), body))

    method = "".join(f"<p>{_e(p)}</p>" for p in content.method)
    parts.append(_section("method", tr("section.method"), method))
    parts.append(f'<footer id="disclaimer"><p>{_e(content.disclaimer)}</p></footer>')

    figures = _script_json(list(content.figures.values()))
    # Draw once the fonts are in: plotly sizes its margins from the measured tick labels, and a
    # CJK font that arrives later would leave them too narrow (labels cut off in print).
    boot = (
        "(function(){var figs=JSON.parse(document.getElementById('limitlens-figures').textContent);"
        "function draw(){document.querySelectorAll('.chart').forEach(function(el){"
        "var f=figs[+el.dataset.fig];"
        "Plotly.newPlot(el,f.data,f.layout,{displaylogo:false,responsive:false});});}"
        "if(document.fonts&&document.fonts.ready){document.fonts.ready.then(draw);}else{draw();}"
        "})();"
    )
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(tr('title'))} · {_e(snap.date.isoformat())}</title>"
        f"<style>{_CSS}</style></head><body><main>{''.join(parts)}</main>"
        f'<script type="application/json" id="{SNAPSHOT_ID}">{_script_json(snap.to_json())}</script>'
        f'<script type="application/json" id="limitlens-figures">{figures}</script>'
        f"<script>{plotly_js}</script><script>{boot}</script></body></html>"
    )


def value_rows(
    factors: dict[str, Value],
    status: dict[str, str],
    sources: dict[str, str],
    lang: str,
) -> list[dict[str, str]]:
    """Factor summary rows in catalog order (display text)."""
    out = []
    for f in catalog.factors():
        st = status.get(f.id, "")
        out.append(
            {
                "label": f.label(lang),
                "value": f.display_value(factors[f.id], lang),
                "status": t(lang, f"report.status.{st}") if st else "",
                "status_class": st,
                "source": t(lang, f"report.source.{sources.get(f.id, 'default')}"),
            }
        )
    return out
