"""Data page pieces: the uploader, one import report per file, the merged preview, manual entry."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import streamlit as st

from components import state
from components.downloads import csv_download
from components.loading import use_own_data
from components.safe_text import plain
from limitlens.format import MONEY_CELL, money
from limitlens.i18n import t
from limitlens.lazy import lazy
from limitlens.schema import CATEGORIES, DIRECTIONS

# Home draws the uploader: pandas and the ingest package load when a file arrives, not before.
pd = lazy("pandas")
ingest = lazy("limitlens.ingest")
if TYPE_CHECKING:
    from limitlens.ingest import FileReport, ImportResult

PREVIEW_ROWS = 500


UPLOAD_SEEN = "ll_upload_seen"  # (uploader key, file ids) the last import looked at


def _signature(files: list) -> dict:
    """The source of these files: the same names and bytes give the same signature."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\0" + hashlib.sha256(f.getvalue()).digest())
    return {"kind": "upload", "sig": digest.hexdigest()}


def take_upload(page_id: str, lang: str) -> None:
    """Import the files just dropped on this page's uploader; a new set of files replaces the
    current data. Called before the page draws anything (a widget's files are in the session
    state before it is drawn again), so the sidebar, the banners and every section read the new
    data in this same run: a rerun after the import cost a second drawing of the whole page.
    Only a change of the uploader's files imports: a sample picked or Clear clicked since then
    is the user's later choice and stays."""
    if page_id not in state.UPLOADERS:
        return
    key = state.uploader_key(page_id)
    files = st.session_state.get(key)
    seen = (key, *(f.file_id for f in files or ()))  # new ids whenever the files change
    if not files or st.session_state.get(UPLOAD_SEEN) == seen:
        return
    st.session_state[UPLOAD_SEEN] = seen
    source = _signature(files)
    if st.session_state.get(state.SOURCE) == source:
        return  # these very files are loaded (dropped again): the user's work stays
    payload = [(f.name, f.getvalue()) for f in files]
    with st.spinner(t(lang, "ui.data.importing")):
        result = ingest.import_files(payload)  # not cached: user data stays in this session only
    use_own_data(result, source)


def uploader(page_id: str, lang: str) -> None:
    """Upload one or more exports (Home and the Data page each draw one; `take_upload` reads
    what was dropped)."""
    st.file_uploader(
        t(lang, "ui.data.upload_label"),
        type=None,  # any file: the core tells what it is, and says so in the user's language
        accept_multiple_files=True,
        help=t(lang, "ui.data.upload_help"),
        key=state.uploader_key(page_id),
    )


SKIPPED_SHOWN = 30


def reports(result: ImportResult, lang: str) -> None:
    """The outcome first (transactions imported, rows skipped, files refused), then one card per
    file: its outcome, its skipped rows with reasons, and technical details collapsed."""
    st.subheader(t(lang, "ui.data.report_title"))
    imported = [r for r in result.files if r.error is None]
    skipped = sum(len(r.skipped) for r in result.files)
    refused = len(result.files) - len(imported)
    if len(result.history):
        st.success(
            t(
                lang,
                "ingest.report.summary",
                count=len(result.history),
                files=t(lang, "ingest.report.files", count=len(imported)),
            ),
            icon=":material/check_circle:",
        )
    else:
        st.error(t(lang, "ingest.report.nothing"), icon=":material/error:")
    if skipped:
        st.warning(t(lang, "ingest.report.skipped", count=skipped))
    if refused:
        st.warning(t(lang, "ingest.report.refused", count=refused))
    if result.duplicates_dropped:
        st.info(t(lang, "ui.data.duplicates", count=result.duplicates_dropped))
    for index, report in enumerate(result.files):
        with st.container(border=True):
            _file_card(report, index, lang)


def _file_card(report: FileReport, index: int, lang: str) -> None:
    icon = (
        ":material/error:"
        if report.error is not None
        else (":material/warning:" if report.skipped else ":material/check_circle:")
    )
    st.markdown(f"{icon} **{plain(report.name)}**")
    if report.error is not None:
        st.error(plain(report.error.render(lang)))
    else:
        parts = [t(lang, "ingest.report.file_rows", count=report.rows)]
        if report.layout:  # what was recognised, in words; its code sits in the details
            parts.insert(0, t(lang, f"ui.layout.{report.layout}"))
        if report.skipped:
            parts.append(t(lang, "ingest.report.file_skipped", count=len(report.skipped)))
        if report.period:
            parts.append(
                t(
                    lang,
                    "ui.data.period",
                    start=report.period[0].isoformat(),
                    end=report.period[1].isoformat(),
                )
            )
        st.markdown(" · ".join(parts))
        totals = " · ".join(
            f"{t(lang, f'ui.direction.{d}')} {money(report.totals.get(d, 0.0), 2)}"
            for d in ("in", "out", "neutral")
        )
        st.caption(t(lang, "ui.data.totals", totals=totals))
        if report.closed or report.failed:
            st.caption(t(lang, "ui.data.closed_failed", closed=report.closed, failed=report.failed))
        for note in report.notes():  # what was mended to keep rows
            st.caption(note.render(lang))
    if report.skipped:
        _skipped_rows(report, index, lang)
    if report.layout or report.encoding:
        with st.expander(t(lang, "ingest.report.technical"), expanded=False):
            _technical(report, lang)


def _skipped_rows(report: FileReport, index: int, lang: str) -> None:
    """Skipped rows as wrapped lines (no wide table on a phone); all of them as a safe CSV."""
    lines = [
        "- " + plain(t(lang, "ingest.report.skipped_line", row=s.row, reason=s.reason.render(lang)))
        for s in report.skipped[:SKIPPED_SHOWN]
    ]
    st.markdown("\n".join(lines))
    if len(report.skipped) > SKIPPED_SHOWN:
        st.caption(t(lang, "ingest.report.more_skipped", count=len(report.skipped) - SKIPPED_SHOWN))
    csv_download(skipped_frame(report, lang), f"skipped_{index}", lang)


def skipped_frame(report: FileReport, lang: str) -> pd.DataFrame:
    """The skipped rows of one file: line number and reason (reasons quote the user's cells)."""
    return pd.DataFrame(
        {
            t(lang, "ui.data.row"): [s.row for s in report.skipped],
            t(lang, "ui.data.reason"): [s.reason.render(lang) for s in report.skipped],
        }
    )


def _technical(report: FileReport, lang: str) -> None:
    if report.layout:
        name = t(lang, f"ui.layout.{report.layout}")
        st.caption(t(lang, "ingest.report.layout", layout=name, code=report.layout))
    if report.encoding:
        st.caption(t(lang, "ingest.report.encoding", encoding=report.encoding))
    if report.categories:
        cats = t(lang, "ui.list_sep").join(
            f"{t(lang, f'charts.category.{c}')} {n}"
            for c, n in sorted(report.categories.items(), key=lambda kv: -kv[1])
        )
        st.caption(t(lang, "ui.data.categories", categories=cats))


def preview_frame(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The merged history newest first, translated headers and values (at most PREVIEW_ROWS)."""
    from limitlens.ingest.template import TEMPLATE_COLUMNS

    # The order a full sort_values gives, found on the time column alone: sorting the whole
    # frame moved every column of 100k rows to keep 500.
    newest = history["time"].reset_index(drop=True).sort_values(ascending=False).index
    shown = history.iloc[newest[:PREVIEW_ROWS]]
    shown = shown.assign(
        category=shown["category"].map(lambda c: t(lang, f"charts.category.{c}")),
        direction=shown["direction"].map(lambda d: t(lang, f"ui.direction.{d}")),
        status=shown["status"].map(lambda s: t(lang, f"ui.status_value.{s}")),
    )[list(TEMPLATE_COLUMNS)]  # the columns a person types in the template, in its order
    return shown.rename(columns=lambda c: t(lang, f"ui.column.{c}"))


def preview(history: pd.DataFrame, lang: str) -> None:
    """The merged history, newest first, with translated headers and category names; its CSV
    through the app's defused export."""
    st.subheader(t(lang, "ui.data.preview_title"))
    if history.empty:
        st.info(t(lang, "ui.data.preview_empty"))
        return
    shown = preview_frame(history, lang)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=320,
        placeholder="",
        column_config={
            t(lang, "ui.column.amount"): st.column_config.NumberColumn(format=MONEY_CELL)
        },
    )
    if len(history) > PREVIEW_ROWS:
        st.caption(t(lang, "ui.data.preview_more", shown=PREVIEW_ROWS, total=f"{len(history):,}"))
    csv_download(shown, "history", lang)


MANUAL_EDITOR = "ll_manual_editor"


def manual_draft() -> bool:
    """Whether the manual table holds rows the user typed, added or deleted (not yet used)."""
    edits = st.session_state.get(MANUAL_EDITOR)
    return bool(edits) and any(edits.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))


def manual_entry(lang: str) -> None:
    """Type transactions in a table (the template's columns); imported like any other file."""
    st.caption(t(lang, "ui.data.manual_help"))
    st.download_button(
        t(lang, "ui.data.template_download"),
        data=ingest.template_csv(),
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
        key=MANUAL_EDITOR,
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
        result = ingest.from_manual(rows)
        if result.history.empty:  # nothing usable: say why here, keep the current data
            report = result.files[0]
            st.error(
                plain(report.error.render(lang))
                if report.error
                else t(lang, "ui.data.preview_empty")
            )
            for skipped in report.skipped:
                st.caption(
                    plain(f"{t(lang, 'ui.data.row')} {skipped.row}: {skipped.reason.render(lang)}")
                )
            return
        use_own_data(result, {"kind": "manual"})
        st.rerun()
