"""Data page pieces: the uploader, one import report per file, the merged preview, manual entry."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from components import state
from components.loading import use_own_data
from limitlens.i18n import t
from limitlens.ingest import FileReport, ImportResult, from_manual, import_files, template_csv
from limitlens.schema import CATEGORIES, DIRECTIONS

PREVIEW_ROWS = 500


def uploader(lang: str) -> None:
    """Upload one or more exports; a new set of files replaces the current data."""
    files = st.file_uploader(
        t(lang, "ui.data.upload_label"),
        type=None,  # any file: the core tells what it is, and says so in the user's language
        accept_multiple_files=True,
        help=t(lang, "ui.data.upload_help"),
        key="ll_uploader",
    )
    if not files:
        return
    payload = [(f.name, f.getvalue()) for f in files]
    digest = hashlib.sha256()
    for name, data in payload:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    source = {"kind": "upload", "sig": digest.hexdigest()}
    if st.session_state.get(state.SOURCE) == source:
        return  # these very files are loaded; a rerun must not reset the user's work
    with st.spinner(t(lang, "ui.data.importing")):
        result = import_files(payload)  # not cached: user data stays in this session only
    use_own_data(result, source)
    st.rerun()  # the sidebar's data status was drawn before this import


def reports(result: ImportResult, lang: str) -> None:
    """A table of every file, then one expander per file: layout, encoding, rows, skipped rows
    with reasons, period, totals."""
    st.subheader(t(lang, "ui.data.report_title"))
    st.dataframe(
        pd.DataFrame(
            {
                t(lang, "ui.data.file"): [r.name for r in result.files],
                t(lang, "ui.data.layout"): [
                    t(lang, f"ui.layout.{r.layout}") if r.layout else "—" for r in result.files
                ],
                t(lang, "ui.data.encoding"): [r.encoding or "—" for r in result.files],
                t(lang, "ui.data.rows_read"): [r.rows for r in result.files],
                t(lang, "ui.data.rows_skipped"): [len(r.skipped) for r in result.files],
                t(lang, "ui.data.outcome"): [
                    t(lang, "ui.data.imported") if r.error is None else t(lang, "ui.data.refused")
                    for r in result.files
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    for report in result.files:
        ok = report.error is None
        icon = (
            ":material/check_circle:"
            if ok and not report.skipped
            else (":material/warning:" if ok else ":material/error:")
        )
        layout = t(lang, f"ui.layout.{report.layout}") if report.layout else "—"
        with st.expander(
            f"{report.name} · {layout}",
            expanded=not ok or bool(report.skipped) or len(result.files) <= 2,
            icon=icon,
        ):
            if not ok:
                st.error(report.error.render(lang))
                continue
            _report_body(report, lang)
    if result.duplicates_dropped:
        st.info(t(lang, "ui.data.duplicates", count=result.duplicates_dropped))


def _report_body(report: FileReport, lang: str) -> None:
    cols = st.columns(4)
    cols[0].metric(t(lang, "ui.data.layout"), t(lang, f"ui.layout.{report.layout}"))
    cols[1].metric(t(lang, "ui.data.encoding"), report.encoding or "—")
    cols[2].metric(t(lang, "ui.data.rows_read"), f"{report.rows:,}")
    cols[3].metric(t(lang, "ui.data.rows_skipped"), f"{len(report.skipped):,}")
    if report.period:
        st.caption(
            t(
                lang,
                "ui.data.period",
                start=report.period[0].isoformat(),
                end=report.period[1].isoformat(),
            )
        )
    totals = " · ".join(
        f"{t(lang, f'ui.direction.{d}')} ¥{report.totals.get(d, 0.0):,.2f}"
        for d in ("in", "out", "neutral")
    )
    st.caption(t(lang, "ui.data.totals", totals=totals))
    if report.closed or report.failed:
        st.caption(t(lang, "ui.data.closed_failed", closed=report.closed, failed=report.failed))
    if report.categories:
        cats = t(lang, "ui.list_sep").join(
            f"{t(lang, f'charts.category.{c}')} {n}"
            for c, n in sorted(report.categories.items(), key=lambda kv: -kv[1])
        )
        st.caption(t(lang, "ui.data.categories", categories=cats))
    if report.skipped:
        st.warning(t(lang, "ui.data.skipped_intro", count=len(report.skipped)))
        st.dataframe(
            pd.DataFrame(
                {
                    t(lang, "ui.data.row"): [s.row for s in report.skipped],
                    t(lang, "ui.data.reason"): [s.reason.render(lang) for s in report.skipped],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def preview(history: pd.DataFrame, lang: str) -> None:
    """The merged history, newest first, with translated headers and category names."""
    st.subheader(t(lang, "ui.data.preview_title"))
    if history.empty:
        st.info(t(lang, "ui.data.preview_empty"))
        return
    shown = history.sort_values("time", ascending=False).head(PREVIEW_ROWS)
    shown = shown.assign(
        category=shown["category"].map(lambda c: t(lang, f"charts.category.{c}")),
        direction=shown["direction"].map(lambda d: t(lang, f"ui.direction.{d}")),
        status=shown["status"].map(lambda s: t(lang, f"ui.status_value.{s}")),
    )[
        [
            "time",
            "amount",
            "direction",
            "category",
            "counterparty",
            "description",
            "method",
            "status",
        ]
    ]
    st.dataframe(
        shown.rename(columns=lambda c: t(lang, f"ui.column.{c}")),
        hide_index=True,
        width="stretch",
        height=320,
        placeholder="",
        column_config={t(lang, "ui.column.amount"): st.column_config.NumberColumn(format="¥%.2f")},
    )
    if len(history) > PREVIEW_ROWS:
        st.caption(t(lang, "ui.data.preview_more", shown=PREVIEW_ROWS, total=f"{len(history):,}"))


def manual_entry(lang: str) -> None:
    """Type transactions in a table (the template's columns); imported like any other file."""
    st.caption(t(lang, "ui.data.manual_help"))
    st.download_button(
        t(lang, "ui.data.template_download"),
        data=template_csv(),
        file_name="limitlens_template.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    blank = pd.DataFrame(
        {
            "time": pd.Series([], dtype="str"),  # typed text: a date picker loses typed keys
            "amount": pd.Series([], dtype="str"),  # text too: a number cell drops the first key
            "direction": pd.Series([], dtype="str"),
            "category": pd.Series([], dtype="str"),
            "counterparty": pd.Series([], dtype="str"),
            "description": pd.Series([], dtype="str"),
        }
    )
    edited = st.data_editor(
        blank,
        num_rows="dynamic",
        width="stretch",
        key="ll_manual_editor",
        placeholder="",  # an empty cell shows empty, not Streamlit's English "None"
        column_config={
            "time": st.column_config.TextColumn(
                t(lang, "ui.column.time_typed"),
                help=t(lang, "ui.data.time_help"),
                validate=r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?\s*$",
            ),
            "amount": st.column_config.TextColumn(
                t(lang, "ui.column.amount"), validate=r"^\s*\d[\d,]*(\.\d{1,2})?\s*$"
            ),
            "direction": st.column_config.SelectboxColumn(
                t(lang, "ui.column.direction"),
                options=list(DIRECTIONS),
                format_func=lambda d: t(lang, f"ui.direction.{d}"),
                required=True,
                default="out",  # a new row is complete at once: edits before it was are lost
            ),
            "category": st.column_config.SelectboxColumn(
                t(lang, "ui.column.category"),
                options=list(CATEGORIES),
                format_func=lambda c: t(lang, f"charts.category.{c}"),
                help=t(lang, "ui.data.category_help"),
            ),
            "counterparty": st.column_config.TextColumn(t(lang, "ui.column.counterparty")),
            "description": st.column_config.TextColumn(t(lang, "ui.column.description")),
        },
    )
    rows = edited.dropna(how="all")
    if st.button(t(lang, "ui.data.manual_use"), disabled=rows.empty):
        result = from_manual(rows)
        if result.history.empty:  # nothing usable: say why here, keep the current data
            report = result.files[0]
            st.error(
                report.error.render(lang) if report.error else t(lang, "ui.data.preview_empty")
            )
            for skipped in report.skipped:
                st.caption(f"{t(lang, 'ui.data.row')} {skipped.row}: {skipped.reason.render(lang)}")
            return
        use_own_data(result, {"kind": "manual"})
        st.rerun()
