"""Import Alipay / WeChat Pay exports (and the LimitLens template) into one normalized history.

Public API (used by the UI, the CLI and the other cores):

    import_files([(name, bytes), ...], limits=WEB) -> ImportResult(history, files, duplicates_dropped)
    import_paths([path, ...], limits=WEB)          -> the same, reading the files first
    from_manual(df)                    -> a user-edited table with the template columns
    template_csv()                     -> bytes of data/template.csv
    WEB, LOCAL                         -> Limits: an upload to the shared server (20 MB a file,
                                          100 MB unpacked, 300,000 rows, 20 s) / the user's own
                                          files on the command line (far higher)

Nothing here raises for bad input: a file that cannot be imported gets `FileReport.error` (a
Message in the `ingest.` domain), a row that cannot be read is skipped and listed in
`FileReport.skipped` with its 1-based line (CSV) or row (XLSX) number; the good rows import.
Blank and all-empty rows are ignored (and never count toward the row limit); a row is skipped
for an unreadable time, a time before 2004 or after tomorrow, an amount that is not a
non-negative number up to ¥10 million, a missing required field (time, amount, direction) or
more fields than the header, an unclosed quote, or a cut-off last line. A row that lacks only
trailing optional fields is read, and counted in `FileReport.repaired`, as are NUL bytes removed.
One import has a budget (limits.py) under its Limits: bytes actually unpacked, their ratio to the
packed size, exports per zip, zip depth, rows and seconds, counted while reading, so a bomb costs
seconds and megabytes under the web's limits and the command line's alike.

Layouts (data/layouts.toml, read by layouts.py; detected by content, see detect.py): Alipay web
A1, Alipay app A2 and A3 (both company lines), WeChat CSV W1, WeChat XLSX W2 and W3, the template. Zips are opened (encrypted ones are
refused with a hint to unzip them with the password first); GB18030/GBK/UTF-8 (with or without
BOM) text; padded cells, trailing tabs, the trailing empty column, CRLF, `¥`/`￥`, thousands
separators, Excel re-saved times without seconds, Excel date serials and over-long WeChat rows
(commas inside 交易对方) are all handled; so are UTF-16 text with or without a BOM, a UTF-8 BOM in
front of GBK, NUL bytes, CR-only line ends, columns in another order (matched by name) and quoted
fields holding line breaks (decode.prepare, detect, table). The Alipay 记账本 and
账务明细 exports are refused with a hint (the latter: how to export 交易明细 instead).

Rules
- Direction: 收入 -> in, 支出 -> out, 不计收支 / 其他 / `/` / empty -> neutral.
- Status: 交易关闭, 已关闭, 对方已退还, 撤销... -> "closed"; 还款失败, 提现失败... -> "failed";
  anything else (交易成功, 支付成功, 已存入零钱, 等待确认收货, 退款成功...) -> "success".
  Closed and failed rows are imported (with their amounts) and counted in the report.
- Refunds: Alipay refund rows (order id = original id + `_` + suffix) add their amount to the
  original purchase's `refunded` (capped at its amount), across files too; WeChat partial / full
  refunds written in the purchase's status (`已退款(￥x.xx)`, `已全额退款`) set `refunded` on that
  row; refund rows (Alipay 退款, WeChat `…-退款`) get category "refund".
- Categories: data/categories.toml, applied by limitlens.categorize (ordered, first match wins).
  Yield (余额宝 收益发放, dividends) is "other": it is neither earned income nor a move of money.
  Other lenders (微粒贷, 京东金条, ...) get lender "other" and keep their name in counterparty.
- De-duplication across files, order-id removal, sorting and row ids: see merge.py.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pandas as pd

from limitlens.i18n import Message
from limitlens.ingest.containers import expand, kind_of
from limitlens.ingest.errors import IngestError
from limitlens.ingest.limits import LOCAL, MAX_FILE_BYTES, WEB, Budget, Limits
from limitlens.ingest.merge import merge
from limitlens.ingest.model import FileReport, ImportResult, SkippedRow
from limitlens.ingest.template import manual_to_raw, template_csv

__all__ = [
    "LOCAL",
    "MAX_FILE_BYTES",
    "WEB",
    "Limits",
    "FileReport",
    "ImportResult",
    "SkippedRow",
    "from_manual",
    "import_files",
    "import_paths",
    "template_csv",
]


def _too_large(name: str, limits: Limits) -> FileReport:
    return FileReport(
        name=name, error=Message("ingest.too_large", {"mb": limits.file_bytes // 2**20})
    )


def import_files(files: list[tuple[str, bytes]], limits: Limits = WEB) -> ImportResult:
    """Import every file (zip members count as files) and merge them into one history.
    `limits`: WEB for an upload to the shared server, LOCAL for the user's own files."""
    return _import(list(files), limits)


def _entries(items: list[tuple[str, bytes | FileReport]], budget: Budget):
    """(name, bytes or FileReport) for every file to parse, zips opened one member at a time."""
    for name, data in items:
        if isinstance(data, FileReport):
            yield name, data
            continue
        budget.start_file(len(data))
        if len(data) > budget.limits.file_bytes:
            yield name, _too_large(name, budget.limits)
        elif kind_of(data) == "zip":
            for entry_name, entry_data, error in expand(name, data, budget):
                if error is not None:
                    yield entry_name, FileReport(name=entry_name, error=error)
                else:
                    yield entry_name, entry_data
        else:
            try:
                budget.take_bytes(len(data))
            except IngestError as exc:
                yield name, FileReport(name=name, error=exc.message)
                continue
            yield name, data


def _import(items: list[tuple[str, bytes | FileReport]], limits: Limits) -> ImportResult:
    from limitlens.ingest.parse import parse_file

    budget = Budget(limits)
    reports: list[FileReport] = []
    frames: list[tuple[int, pd.DataFrame]] = []
    for name, data in _entries(items, budget):
        if isinstance(data, FileReport):
            reports.append(data)
            continue
        try:
            budget.check_time()
            report, frame = parse_file(name, data, budget)
        except IngestError as exc:
            report, frame = FileReport(name=name, error=exc.message), None
        except Exception:  # last line of defence: never crash the caller  # noqa: BLE001
            report, frame = FileReport(name=name, error=Message("ingest.unreadable")), None
        if frame is not None:
            budget.take_rows(len(frame))
            frames.append((len(reports), frame))
        reports.append(report)
    history, dropped = merge(frames)
    frames.clear()
    frame = None  # the last file's frame too: only the history stays
    _release_arrow_memory()
    return ImportResult(history=history, files=reports, duplicates_dropped=dropped)


def _release_arrow_memory() -> None:
    """Hand pyarrow's freed buffers back to the OS. Its allocator (mimalloc or jemalloc) keeps
    what an import's intermediate tables freed (about 80 MB after a 100,000-row file) for a
    reuse that does not come, and every page drawn afterwards starts from that much more
    resident memory."""
    try:
        import pyarrow as pa
    except ImportError:
        return
    pa.default_memory_pool().release_unused()


def import_paths(paths: list[str | Path], limits: Limits = WEB) -> ImportResult:
    """Read each path (too-large files are not read) and import them together."""
    items: list[tuple[str, bytes | FileReport]] = []
    for path in paths:
        p = Path(path)
        try:
            info = p.stat()
            if not stat.S_ISREG(info.st_mode):  # a directory, FIFO or device is never read
                items.append((p.name, FileReport(name=p.name, error=Message("ingest.not_a_file"))))
                continue
            if info.st_size > limits.file_bytes:
                items.append((p.name, _too_large(p.name, limits)))
                continue
            with p.open("rb") as fh:
                data = fh.read(limits.file_bytes + 1)
            items.append((p.name, data))
        except OSError:
            items.append((p.name, FileReport(name=p.name, error=Message("ingest.unreadable"))))
    return _import(items, limits)


def from_manual(df: pd.DataFrame) -> ImportResult:
    """A user-edited table with the template columns -> ImportResult (source "manual")."""
    from limitlens.ingest.parse import report_for, typed

    try:
        raw = manual_to_raw(df)
        frame, skipped = typed(raw, "manual")
    except Exception:  # a malformed table must not crash the page
        report = FileReport(name="manual", layout="manual", error=Message("ingest.unreadable"))
        return ImportResult(history=merge([])[0], files=[report])
    if frame.empty:
        report = FileReport(
            name="manual",
            layout="manual",
            skipped=skipped,
            error=Message(
                "ingest.no_valid_rows" if skipped else "ingest.no_rows", {"skipped": len(skipped)}
            ),
        )
        return ImportResult(history=merge([])[0], files=[report])
    report = report_for("manual", "manual", None, frame, skipped)
    history, _ = merge([(0, frame)])
    return ImportResult(history=history, files=[report])
