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
from limitlens.format import money
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
    plan: dict[str, Any] | None = None  # Plan.to_json() (limitlens/plan/result.py)
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
        planned_values = {**before.plan["changes"], **before.plan.get("follows", {})}
        for fid, planned in planned_values.items():
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
    """Everything the report shows, ready to render (see limitlens/plan/presenter.py)."""

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
    figure_titles: dict[str, str] = field(default_factory=dict)  # name -> caption
    outcome: str = ""  # eligible | not_eligible | likely_closed ("" = from the snapshot)
    plan_line: str = ""  # the plan in one line, for the answer at the top


_CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d8dee6; --accent: #0072B2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
  "Source Han Sans SC", sans-serif; color: var(--ink); margin: 0; background: #f4f6f9; }
main { max-width: 760px; margin: 0 auto; padding: 20px 28px 40px; background: #fff;
  overflow-wrap: anywhere; }
h1 { font-size: 1.45rem; margin: 0 0 2px; }
h2 { font-size: 1.15rem; margin: 26px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
p, li, td, th { font-size: 0.92rem; line-height: 1.5; }
header p { margin: 2px 0 10px; }
.muted { color: var(--muted); }
.big { font-size: 1.5rem; font-weight: 700; color: var(--accent); margin: 4px 0; }
.answer { border: 2px solid var(--accent); border-radius: 8px; padding: 8px 14px; margin: 8px 0; }
.answer h2 { margin-top: 4px; border: 0; padding: 0; }
.answer p, .answer ul { margin: 6px 0; }
.answer .line { font-weight: 600; }
.outcome-not_eligible .big, .outcome-likely_closed .big { color: #b24500; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef2f6; font-weight: 600; }
td.num { text-align: right; }
td.num, td.short, th.short { white-space: nowrap; }
.good { color: #007a5a; } .fair { color: #a86f00; } .weak { color: #b24500; }
.better { color: #007a5a; } .worse { color: #b24500; }
figure { margin: 14px 0 6px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; font-size: 0.95rem; }
.chart { width: 100%; margin: 4px 0; overflow: hidden; break-inside: avoid; page-break-inside: avoid; }
.box { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 8px 0; break-inside: avoid; }
footer { margin-top: 28px; font-size: 0.8rem; color: var(--muted); }
/* A phone: every table row becomes a small card, each cell named by its column. */
@media screen and (max-width: 600px) {
  main { padding: 12px 14px 28px; }
  h1 { font-size: 1.25rem; }
  .big { font-size: 1.3rem; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { display: block; padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.stack td { display: inline-block; border: 0; padding: 1px 10px 1px 0; text-align: left; }
  table.stack td:first-child { display: block; font-weight: 600; }
  table.stack td.wide { display: block; }
  table.stack td[data-label]:not(:first-child)::before { content: attr(data-label) " "; color: var(--muted); }
}
@page { size: A4; margin: 12mm; }
/* A4: text at 9.5 pt (charts keep 13 px, about 10 pt); a short table, a row, a chart, a box
   never split; a long table splits between rows under its repeated header. */
@media print {
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12pt; margin: 14pt 0 5pt; break-after: avoid; page-break-after: avoid; }
  p, li, td, th { font-size: 9.5pt; line-height: 1.4; }
  .big { font-size: 15pt; }
  th, td { padding: 2pt 4pt; }
  figcaption { font-size: 10pt; }
  table.keep, tr, figure, .chart, .answer, .box { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


KEEP_ROWS = 8  # a table this short prints on one page, never split


def _table(
    rows: list[dict[str, str]],
    columns: dict[str, str],
    num: tuple[str, ...] = (),
    short: tuple[str, ...] = (),
    wide: tuple[str, ...] = (),
) -> str:
    """A table that stays readable on a phone: `short` columns never wrap (no 良/好 one
    character per line), and under 600 px each row becomes a card whose cells carry their
    column's name (`wide` cells take a line of their own there)."""
    short_th = ' class="short"'
    head = "".join(
        f"<th{short_th if key in short + num else ''}>{_e(label)}</th>"
        for key, label in columns.items()
    )
    body = []
    for row in rows:
        cells = []
        for key, label in columns.items():
            classes = ["num"] if key in num else []
            classes += ["short"] if key in short else []
            classes += ["wide"] if key in wide else []
            if key in ("status", "move") and row.get(f"{key}_class"):
                classes.append(row[f"{key}_class"])
            cls = f' class="{_e(" ".join(classes))}"' if classes else ""
            cells.append(f'<td{cls} data-label="{_e(label)}">{_e(row.get(key, ""))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    keep = " keep" if len(rows) <= KEEP_ROWS else ""
    return (
        f'<table class="stack{keep}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _section(sid: str, title: str, body: str) -> str:
    return f'<section id="{sid}"><h2>{_e(title)}</h2>{body}</section>'


def _outcome(content: ReportContent) -> str:
    if content.outcome:
        return content.outcome
    return "eligible" if content.snapshot.estimate["eligible"] else "not_eligible"


def _answer(content: ReportContent, tr: Any) -> str:
    """The first screen: the outcome and range, the top reasons, the plan in one line."""
    est = content.snapshot.estimate
    outcome = _outcome(content)
    if outcome == "eligible":
        low, mid, high = (money(est[k]) for k in ("low", "mid", "high"))
        body = f'<p class="big">{low} – {high}</p><p>{_e(tr("central", mid=mid))}</p>'
    else:
        body = f'<p class="big">{_e(tr(f"outcome.{outcome}"))}</p>'
        if content.reasons:
            body += "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in content.reasons) + "</ul>"
    if content.why_not_higher:
        body += f"<p>{_e(tr('why_not_higher', factors=tuple(content.why_not_higher)))}</p>"
    if content.plan_line:
        body += f'<p class="line">{_e(content.plan_line)}</p>'
    return (
        f'<section id="summary"><div class="answer outcome-{_e(outcome)}">'
        f"<h2>{_e(tr('section.summary'))}</h2>{body}</div></section>"
    )


# Draw once the fonts are in: plotly sizes its margins from the measured tick labels, and a CJK
# font that arrives later would leave them too narrow. Charts follow their box's width (a phone,
# a desktop, the printed page) and show no toolbar: a report is read, not explored.
_BOOT = (
    "(function(){var figs=JSON.parse(document.getElementById('limitlens-figures').textContent);"
    "var cfg={displaylogo:false,displayModeBar:false,responsive:true};"
    "var els=[].slice.call(document.querySelectorAll('.chart'));"
    "function draw(){els.forEach(function(el){var f=figs[+el.dataset.fig];"
    "Plotly.newPlot(el,f.data,f.layout,cfg);});}"
    "function fit(){els.forEach(function(el){if(el.data){Plotly.Plots.resize(el);}});}"
    "window.addEventListener('beforeprint',fit);"
    "if(window.matchMedia){var mq=window.matchMedia('print');"
    "if(mq.addEventListener){mq.addEventListener('change',fit);}}"
    "if(document.fonts&&document.fonts.ready){document.fonts.ready.then(draw);}else{draw();}"
    "})();"
)


def render(content: ReportContent, plotly_js: str) -> str:
    """The complete report. `plotly_js` is the plotly.js library source, embedded as is."""
    lang, snap = content.lang, content.snapshot

    def tr(key: str, **params: Any) -> str:
        return t(lang, f"report.{key}", **params)

    if snap.period:
        period = tr("period", start=snap.period[0].isoformat(), end=snap.period[1].isoformat())
    else:
        period = tr("no_period")
    parts = [
        f"<header><h1>{_e(tr('title'))}</h1>",
        f'<p class="muted">{_e(tr("generated", date=snap.date.isoformat()))} · {_e(period)}',
        f"{' · ' + _e(tr('rows', count=content.rows)) if content.rows else ''}</p></header>",
        _answer(content, tr),
    ]

    if content.comparison_summary or content.comparison_rows:
        body = f'<div class="box"><p>{_e(content.comparison_summary)}</p></div>'
        if content.comparison_rows:
            body += _table(
                content.comparison_rows,
                {k: tr(f"compare_col.{k}") for k in ("label", "before", "after", "move")},
                short=("move",),
            )
        parts.append(_section("comparison", tr("section.comparison"), body))

    if content.plan_rows or content.plan_summary:
        body = f"<p>{_e(content.plan_summary)}</p>" if content.plan_summary else ""
        if content.plan_rows:
            body += _table(
                content.plan_rows,
                {
                    k: tr(f"plan_col.{k}")
                    for k in ("step", "change", "gain", "effort", "months", "advice")
                },
                num=("step", "gain", "months"),
                short=("effort",),
                wide=("advice",),
            )
    else:
        body = f"<p>{_e(tr('no_plan'))}</p>"
    parts.append(_section("plan", tr("section.plan"), body))

    factors = _table(
        content.factor_rows,
        {k: tr(f"col.{k}") for k in ("label", "value", "status", "source")},
        short=("status",),
    )
    if content.income_sources:
        names = t(lang, "ui.sentence_sep").join(content.income_sources)
        factors += f"<p class='muted'>{_e(tr('income_sources', names=names))}</p>"
    parts.append(_section("factors", tr("section.factors"), factors))

    charts = []
    for i, name in enumerate(content.figures):
        caption = content.figure_titles.get(name, "")
        charts.append(
            f"<figure><figcaption>{_e(caption)}</figcaption>"
            f'<div class="chart" id="chart-{_e(name)}" data-fig="{i}"></div></figure>'
        )
    parts.append(_section("charts", tr("section.charts"), "".join(charts)))

    method = "".join(f"<p>{_e(p)}</p>" for p in content.method)
    parts.append(_section("method", tr("section.method"), method))
    parts.append(f'<footer id="disclaimer"><p>{_e(content.disclaimer)}</p></footer>')

    figures = _script_json(list(content.figures.values()))
    return (
        f'<!DOCTYPE html><html lang="{t(lang, "lang.html")}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(tr('title'))} · {_e(snap.date.isoformat())}</title>"
        f"<style>{_CSS}</style></head><body><main>{''.join(parts)}</main>"
        f'<script type="application/json" id="{SNAPSHOT_ID}">{_script_json(snap.to_json())}</script>'
        f'<script type="application/json" id="limitlens-figures">{figures}</script>'
        f"<script>{plotly_js}</script><script>{_BOOT}</script></body></html>"
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
