"""One file's bytes -> (FileReport, typed frame): container, decoding, layout, table, values.

The typed frame has the schema columns that depend on one file only, plus the internal columns
`order` (order id, for de-duplication and refund linking), `line` and `status_raw`; merge.py
finishes the history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from limitlens.categorize import categorize, other_lender_names
from limitlens.codes import equals, factorized
from limitlens.i18n import Message
from limitlens.ingest import alipay, normalize, template
from limitlens.ingest.containers import kind_of
from limitlens.ingest.decode import cut_truncated, decode, decode_head, prepare
from limitlens.ingest.detect import Header, column_positions, find_header_in_text
from limitlens.ingest.errors import IngestError
from limitlens.ingest.layouts import Layout, load
from limitlens.ingest.limits import Budget
from limitlens.ingest.model import FileReport, SkippedRow
from limitlens.ingest.table import count_lines, read_table, region_bounds
from limitlens.ingest.xlsx import read_xlsx

# Raw text cells carried into the typed frame (internal; not schema.TEXT_COLUMNS).
RAW_TEXT_COLUMNS = ("kind", "counterparty", "description", "method", "status", "order")


def read_raw(
    data: bytes, budget: Budget | None = None
) -> tuple[str, str | None, pd.DataFrame, list, dict[str, int]]:
    """(layout, encoding, raw table, skipped lines, repairs) or IngestError. Repairs count what
    was mended to keep rows (FileReport.repaired)."""
    if not data[:4096].strip() and not data.strip():
        raise IngestError("empty")
    kind = kind_of(data)
    if kind == "ole":
        raise IngestError("ole")
    if kind == "xlsx":
        layout, raw = read_xlsx(data, budget)
        return layout, "xlsx", raw, [], {}
    if kind == "zip":
        raise IngestError("zip_broken")
    prepared = prepare(data)
    data = prepared.data
    repairs = {"nul_bytes": prepared.nul_bytes} if prepared.nul_bytes else {}
    data, cut_line = cut_truncated(data)
    skipped = [SkippedRow(cut_line, Message("ingest.truncated_row"))] if cut_line else []
    head, encoding = decode_head(data)
    if prepared.encoding is not None:
        encoding = prepared.encoding
    header = find_header_in_text(head)
    layout = text_layout(header)
    positions = column_positions(header)
    if budget is not None and len(data) > budget.rows_left:  # else too few bytes for too many rows
        if data.count(b"\n") > budget.rows_left:  # lines bound the rows; blank ones do not count
            start, end = region_bounds(data, header)
            budget.check_rows(count_lines(data[start:end]))
    try:
        raw, bad_lines, short = read_table(data, encoding, header, positions, layout)
    except UnicodeDecodeError:
        text, _ = decode(data)
        raw, bad_lines, short = read_table(data, encoding, header, positions, layout, text=text)
    if short:
        repairs["short_rows"] = short
    return layout.id, encoding, raw, skipped + bad_lines, repairs


def text_layout(header: Header) -> Layout:
    """The layout a text file with this header is (the first of its header's text layouts)."""
    found = load().of_header(header.name, "csv")
    if not found:
        raise IngestError("unknown_layout")
    return found[0]


def typed(raw: pd.DataFrame, layout: str) -> tuple[pd.DataFrame, list]:
    """Raw cells -> typed rows (bad rows skipped and listed)."""
    spec = load().layouts[layout]
    strict = spec.family.strict
    skipped = []
    if strict:
        ok, skipped = template.check_template_rows(raw)
        raw = raw.loc[ok].reset_index(drop=True)
    time = normalize.parse_times(raw["time"], spec.time_formats[0], spec.time_formats[1:])
    amount = normalize.parse_amounts(raw["amount"], spec.amount_junk, spec.decimal)
    good, bad = normalize.bad_rows(raw, time, amount)
    skipped = sorted(skipped + bad, key=lambda s: s.row)
    if not good.all():
        raw = raw.loc[good].reset_index(drop=True)
        time, amount = time[good].reset_index(drop=True), amount[good].reset_index(drop=True)
    # columns gathered first and framed once (each DataFrame.__setitem__ aligns and copies)
    n = len(raw)
    cols: dict[str, pd.Series | np.ndarray] = {
        "time": time.astype("datetime64[ns]"),
        "amount": amount.astype("float64").round(2),
    }
    for col in RAW_TEXT_COLUMNS:
        cols[col] = (
            normalize.clean_text(raw[col]) if col in raw else pd.Series([""] * n, dtype="str")
        )
    cols["status_raw"] = cols.pop("status")
    cols["direction"] = normalize.directions(raw["io"].astype("str"), spec.directions)
    status = None
    if strict:
        status = template.template_statuses(cols["status_raw"])
    if status is None:
        status = normalize.statuses(cols["status_raw"], spec.failed, spec.closed)
    cols["status"] = status
    refunded = pd.Series(0.0, index=raw.index, dtype="float64")
    if spec.family.refunds_in_status:
        refunded = normalize.refunded_from_status(cols["status_raw"], cols["amount"])
    elif "refund" in raw:  # a refund column on the purchase row (Alipay web A1)
        refunded = alipay.web_refunds(raw)
    cols["refunded"] = refunded.clip(upper=cols["amount"]).astype("float64")
    cols["line"] = raw["line"].to_numpy()
    frame = pd.DataFrame(cols)
    _categorize(frame, raw if strict else None)
    frame.loc[equals(frame["category"], "refund"), "refunded"] = 0.0
    frame["source"] = layout
    return frame, skipped


def _categorize(frame: pd.DataFrame, template_raw: pd.DataFrame | None) -> None:
    if template_raw is not None and "category" in template_raw:
        given = template_raw["category"].astype("str").reset_index(drop=True)
        frame["kind"] = given
    view = frame[
        ["kind", "counterparty", "description", "method", "status_raw", "direction", "amount"]
    ]
    cats = categorize(view.rename(columns={"status_raw": "status"}))
    category, lender = cats["category"], cats["lender"]
    if template_raw is not None and "category" in template_raw:
        has = (given != "").to_numpy()
        loan = given.isin(("loan_draw", "loan_repay")).to_numpy()
        same = (category == given).to_numpy()
        lender = pd.Series(
            np.where(~has | same, lender, np.where(loan, "other", "")), index=frame.index
        )
        category = pd.Series(np.where(has, given, category), index=frame.index)
    frame["category"] = category.astype("str")
    frame["lender"] = lender.astype("str")
    other = equals(frame["lender"], "other")
    if other.any():
        names = other_lender_names(frame.loc[other, "description"] + " " + frame.loc[other, "kind"])
        cp = frame.loc[other, "counterparty"]
        missing = (names != "") & ~np.array([n in c for n, c in zip(names, cp, strict=True)])
        fill = np.where(cp == "", names, cp + " (" + names + ")")
        frame.loc[names.index[missing], "counterparty"] = pd.Series(fill, index=names.index)[
            missing
        ]


def report_for(
    name: str, layout: str, encoding: str | None, frame: pd.DataFrame, skipped: list
) -> FileReport:
    report = FileReport(
        name=name, layout=layout, encoding=encoding, rows=len(frame), skipped=skipped
    )
    if len(frame):
        report.period = (frame["time"].min().date(), frame["time"].max().date())
        # per distinct value (codes the import already made), not a comparison per row
        amount = frame["amount"].to_numpy()
        codes, values = factorized(frame["direction"])
        sums = np.bincount(codes, weights=amount, minlength=len(values))
        report.totals = {
            d: round(float(sums[(values == d).to_numpy()].sum()), 2)
            for d in ("in", "out", "neutral")
        }
        codes, values = factorized(frame["status"])
        counts = np.bincount(codes, minlength=len(values))
        report.closed = int(counts[(values == "closed").to_numpy()].sum())
        report.failed = int(counts[(values == "failed").to_numpy()].sum())
        counts = frame["category"].value_counts()
        report.categories = {str(k): int(v) for k, v in counts.items()}
    return report


def parse_file(
    name: str, data: bytes, budget: Budget | None = None
) -> tuple[FileReport, pd.DataFrame | None]:
    """Never raises for bad input: problems become FileReport.error / skipped rows."""
    try:
        layout, encoding, raw, line_skips, repairs = read_raw(data, budget)
        frame, skipped = typed(raw, layout)
        skipped = sorted(line_skips + skipped, key=lambda s: s.row)
        if frame.empty:
            key = "no_valid_rows" if skipped else "no_rows"
            report = FileReport(name=name, layout=layout, encoding=encoding, skipped=skipped)
            report.error = IngestError(key, skipped=len(skipped)).message
            return report, None
        report = report_for(name, layout, encoding, frame, skipped)
        report.repaired = repairs
        return report, frame
    except IngestError as exc:
        return FileReport(name=name, error=exc.message), None
