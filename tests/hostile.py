"""A hostile corpus: broken, malicious and merely unlucky uploads, each with its expected outcome.

Every case is generated here (nothing is read from disk). A case is a list of uploaded files and
what the import must do with them: the rows kept in the merged history, the rows listed as
skipped ((line, message id) in file order), and each file's refusal message id (None = imported).
Used by tests/unit/test_hostile_corpus.py (all cases, through the core) and
tests/app/test_upload.py (a representative subset, through the Data page).
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from tests import ingest_fixtures as F

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WECHAT_EXTRA = "2026-03-09 10:00:00,商户消费,店,x,支出,¥1.00,/,支付成功,O1,M1,/,e1,e2,e3"


@dataclass(frozen=True)
class Case:
    id: str
    files: list[tuple[str, bytes]]
    rows: int  # rows in the merged history
    listed: list[tuple[int, str]] = field(default_factory=list)  # skipped (line, message id)
    errors: list[str | None] | None = None  # per file report; None = every file imported
    duplicates: int = 0


def rows20() -> list[dict]:
    return [
        {"time": f"2026-03-{d:02d} 10:00:00", "amount": f"{d}.10", "order": f"2026030{d:04d}"}
        for d in range(1, 21)
    ]


def first_data_line(data: bytes, encoding: str = "gb18030") -> int:
    """1-based line number of the first data row (the line after the header)."""
    text = data.decode(encoding, errors="replace")
    for no, line in enumerate(text.split("\n"), 1):
        if line.startswith(("交易时间,", "time,")):
            return no + 1
    raise AssertionError("no header")


def a3_lines(rows: list[dict] | None = None) -> list[bytes]:
    return F.a3(rows or rows20()).split(b"\n")


def a3_with(inserted: dict[int, str], rows: list[dict] | None = None) -> bytes:
    """A3 with raw lines inserted before data row k (k = 0..len(rows))."""
    lines = a3_lines(rows)
    first = first_data_line(b"\n".join(lines)) - 1  # 0-based index of data row 0
    for k in sorted(inserted, reverse=True):
        lines.insert(first + k, inserted[k].encode("gb18030"))
    return b"\n".join(lines)


def a3_row(time: str = "2026-03-05 12:00:00", amount: str = "1.00", order: str = "BAD") -> str:
    return f"{time},日用百货,盒马,/,商品,支出,{amount},余额,交易成功,{order}\t,\t,,"


def zip_of(members: dict[str, bytes], level: int = 6) -> bytes:
    """A zip of `members`, deflated at `level` (0: stored)."""
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if level else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", method, compresslevel=level or None) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def bomb(members: int, size: int) -> bytes:
    """`members` zero-filled CSV members of `size` bytes each (deflate packs ~1000:1). The
    zeros are compressed once and the zip is written by hand, so building it is cheap."""
    zeros = b"\0" * size
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(zeros) + packer.flush()
    crc = zlib.crc32(zeros)
    del zeros
    body, central = bytearray(), bytearray()
    for i in range(members):
        name = f"bill{i}.csv".encode()
        offset = len(body)
        fields = (20, 0, 8, 0, 0, crc, len(packed), size, len(name))
        body += struct.pack("<4s5HIIIHH", b"PK\x03\x04", *fields, 0) + name + packed
        central += (
            struct.pack("<4s6HIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + name
        )
    end = struct.pack("<4s4HIIH", b"PK\x05\x06", 0, 0, members, members, len(central), len(body), 0)
    return bytes(body + central + end)


@functools.cache
def zero_bomb(size: int, name: str = "bill.csv") -> bytes:
    """A zip whose one member claims `size` bytes of zeros (a multiple of 1 MiB), packed about
    1000:1. Built from one deflate block of 1 MiB of zeros ended by a full flush, which resets
    the compressor, so every further MiB packs to the same bytes: no GiB is ever held or packed.
    Its CRC is left 0: the guard refuses the member long before the end, where it is checked."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * 2**20) + packer.flush(zlib.Z_FULL_FLUSH)
    packed = block * (size // 2**20) + packer.flush()
    local = struct.pack(
        "<4s5HIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, len(packed), size, len(name), 0
    )
    central = struct.pack(
        "<4s6HIIIHHHHHII",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        0,
        len(packed),
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + name.encode() + packed
    directory = central + name.encode()
    end = struct.pack("<4s4HIIH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def nested_bomb(inner: int, size: int) -> bytes:
    """A zip of `inner` zips (stored) each holding one `size`-byte member of zeros."""
    return zip_of({f"inner{i}.zip": zero_bomb(size, f"bill{i}.csv") for i in range(inner)}, 0)


def many_entries(n: int) -> bytes:
    """A small zip whose table of contents is huge (n empty members)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(n):
            zf.writestr(f"{i:07d}.txt", b"")
    return buf.getvalue()


def w3_with_xml(transform) -> bytes:
    """F.w3() with its first sheet's XML passed through `transform(str) -> str`."""
    src = zipfile.ZipFile(io.BytesIO(F.w3()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = transform(data.decode("utf-8")).encode("utf-8")
            out.writestr(info.filename, data)
    return buf.getvalue()


def empty_rows_after(n: int):
    def transform(xml: str) -> str:
        last = max(int(r) for r in re.findall(r'<row r="(\d+)"', xml))
        pad = "".join(f'<row r="{last + i}"/>' for i in range(1, n + 1))
        return xml.replace("</sheetData>", pad + "</sheetData>")

    return transform


def padded_xml(mb: int):
    def transform(xml: str) -> str:
        return xml.replace("</sheetData>", "</sheetData>" + " " * (mb * 2**20))

    return transform


def noise(n: int) -> bytes:
    """`n` bytes of hex digits: text that packs about 2x, like real data, not like zeros."""
    import random

    return random.Random(1).randbytes(n // 2).hex().encode()


def w3_with_noisy_strings(n: int) -> bytes:
    """The real 2026 WeChat xlsx whose string table carries `n` bytes of noise in a comment
    (over MAX_SHARED_STRINGS, packed like real text)."""
    src = zipfile.ZipFile(io.BytesIO(F.real(F.REAL_XLSX[-1])))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"</sst>", b"<!--" + noise(n) + b"--></sst>")
            out.writestr(info.filename, data)
    return buf.getvalue()


def statement() -> bytes:
    """The Alipay 账务明细 (balance movements) export."""
    return (
        "\n".join(
            [
                "#支付宝账务明细查询",
                "#账号:[20880000000000000156]",
                "#起始日期:[2026年03月01日 00:00:00]    终止日期:[2026年03月31日 23:59:59]",
                "#-----------------------------------------账务明细列表----------------------------",
                "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,"
                "支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注,",
                "2026030100001\t,2026030100002\t,,转账,2026-03-01 10:00:00,a***@example.com,"
                "100.00,,100.00,支付宝,转账,,",
                "#-----------------------------------------账务明细列表结束------------------------",
            ]
        ).encode("gb18030")
        + b"\n"
    )


def cut_in_character(data: bytes, encoding: str) -> bytes:
    """`data` cut inside the first multi-byte character of its last data line."""
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[0]  # drop the final line entirely first
    tail_start = last.rfind(b"\n") + 1
    line = last[tail_start:].decode(encoding)
    pos = next(i for i, ch in enumerate(line) if ord(ch) > 127)
    cut = len(line[:pos].encode(encoding)) + 1  # one byte into the character
    return last[: tail_start + cut]


@functools.cache
def cases() -> list[Case]:
    rows = rows20()
    good = F.a3(rows)
    d0 = first_data_line(good)  # line of data row 0
    n = len(rows)
    w1 = F.w1()
    w1_first = first_data_line(w1, "utf-8")
    nw = len(F.WECHAT_ROWS)
    tpl = F.template(
        [
            "2026-01-10 09:00:00,8500.00,in,income,某某科技有限公司,工资,银行卡,success",
            "2026-01-12 12:30:00,36.50,out,,餐厅,午餐,余额,success",
        ]
    )
    later = (date.today() + timedelta(days=3)).isoformat() + " 10:00:00"
    tomorrow = (date.today() + timedelta(days=1)).isoformat() + " 10:00:00"
    export_one = F.a3(rows[:1])
    resaved = F.a3(
        [
            {**r, "time": r["time"][:-3], "order": f"'{r['order']}", "amount": r["amount"][:-1]}
            for r in rows
        ]
    )
    cut_gbk = cut_in_character(good, "gb18030")
    cut_lines = cut_gbk.count(b"\n")
    cut_utf8 = cut_in_character(w1, "utf-8")
    real = "alipay_app_2023style_gbk_from_double-entry-generator.csv"
    real_a3, real_a3_text = F.real(real), F.real(real).decode("gb18030")
    ra3 = 10  # the sample's rows
    rev = list(range(13))[::-1]
    out: list[Case] = [
        # -- blank and all-empty rows are ignored ------------------------------------------------
        Case("trailing_newline", [("a.csv", good + b"\n")], n),
        Case("crlf_and_blank_tail", [("a.csv", good.replace(b"\n", b"\r\n") + b"\r\n\r\n")], n),
        Case("blank_line_in_middle", [("a.csv", a3_with({10: ""}))], n),
        Case("spaces_and_commas_line", [("a.csv", a3_with({3: " , ,\t,", 7: ",,,,,,,"}))], n),
        Case("blank_line_in_wechat", [("w.csv", w1.replace(b"\n", b"\n\n", 20))], nw),
        Case("template_plus_excel_row", [("t.csv", tpl + b",,,,,,,\r\n")], 2),
        Case("template_plus_quoted_empties", [("t.csv", tpl + b'"","","",,,,,\n')], 2),
        Case("template_many_blank_rows", [("t.csv", tpl + b",,,,,,,\n" * 5000)], 2),
        # -- one bad value never loses its neighbours --------------------------------------------
        Case(
            "year_9999",
            [("a.csv", a3_with({5: a3_row("9999-01-01 00:00:00")}))],
            n,
            [(d0 + 5, "ingest.time_out_of_range")],
        ),
        Case(
            "year_1600",
            [("a.csv", a3_with({0: a3_row("1600-01-01 00:00:00")}))],
            n,
            [(d0, "ingest.time_out_of_range")],
        ),
        Case(
            "year_2099",
            [("a.csv", a3_with({20: a3_row("2099-01-01 00:00:00")}))],
            n,
            [(d0 + 20, "ingest.time_out_of_range")],
        ),
        Case(
            "before_2004",
            [("a.csv", a3_with({1: a3_row("2003-12-31 23:59:59")}))],
            n,
            [(d0 + 1, "ingest.time_out_of_range")],
        ),
        Case(
            "after_tomorrow",
            [("a.csv", a3_with({2: a3_row(later)}))],
            n,
            [(d0 + 2, "ingest.time_out_of_range")],
        ),
        Case("tomorrow_is_fine", [("a.csv", a3_with({2: a3_row(tomorrow)}))], n + 1),
        Case(
            "impossible_date",
            [("a.csv", a3_with({4: a3_row("2026-02-30 10:00:00")}))],
            n,
            [(d0 + 4, "ingest.bad_time")],
        ),
        Case(
            "amount_1e308",
            [("a.csv", a3_with({3: a3_row(amount="1e308")}))],
            n,
            [(d0 + 3, "ingest.absurd_amount")],
        ),
        Case(
            "amount_inf",
            [("a.csv", a3_with({3: a3_row(amount="inf")}))],
            n,
            [(d0 + 3, "ingest.absurd_amount")],
        ),
        Case(
            "amount_nan",
            [("a.csv", a3_with({3: a3_row(amount="nan")}))],
            n,
            [(d0 + 3, "ingest.bad_amount")],
        ),
        Case(
            "amount_over_10_million",
            [("a.csv", a3_with({3: a3_row(amount="10000000.01")}))],
            n,
            [(d0 + 3, "ingest.absurd_amount")],
        ),
        Case(
            "amount_10_million_ok", [("a.csv", a3_with({3: a3_row(amount="10000000.00")}))], n + 1
        ),
        Case(
            "amount_negative",
            [("a.csv", a3_with({3: a3_row(amount="-5.00")}))],
            n,
            [(d0 + 3, "ingest.bad_amount")],
        ),
        Case(
            "two_bad_rows_apart",
            [("a.csv", a3_with({0: a3_row(amount="x"), 20: a3_row("?")}))],
            n,
            [(d0, "ingest.bad_amount"), (d0 + 21, "ingest.bad_time")],
        ),
        # -- silently wrong becomes visibly skipped ----------------------------------------------
        Case(
            "extra_fields_on_every_row",
            [
                (
                    "a.csv",
                    b"\n".join(
                        line + b",x,y,z" if i >= d0 - 1 and line else line
                        for i, line in enumerate(good.split(b"\n"))
                    ),
                )
            ],
            0,
            [(d0 + i, "ingest.field_count") for i in range(n)],
            ["ingest.no_valid_rows"],
        ),
        Case(
            "extra_fields_on_one_row",
            [("a.csv", a3_with({6: a3_row() + ",1,2,3"}))],
            n,
            [(d0 + 6, "ingest.field_count")],
        ),
        Case(
            "short_row",
            [("a.csv", a3_with({6: "2026-03-05 12:00:00,日用百货,盒马"}))],
            n,
            [(d0 + 6, "ingest.field_count")],
        ),
        Case(
            "unclosed_quote",
            [("a.csv", a3_with({4: a3_row().replace("盒马", '"盒马')}))],
            n,
            [(d0 + 4, "ingest.unclosed_quote")],
        ),
        Case(
            "unclosed_quote_first_row",
            [("a.csv", a3_with({0: '"' + a3_row()}))],
            n,
            [(d0, "ingest.unclosed_quote")],
        ),
        Case(
            "quoted_commas_are_fine",
            [("a.csv", a3_with({4: a3_row().replace("盒马", '"盒马, 超市"')}))],
            n + 1,
        ),
        Case("wechat_unquoted_commas_repaired", [("w.csv", F.overlong_wechat())], 3),
        Case(
            "wechat_extra_trailing_fields",
            [("w.csv", w1 + WECHAT_EXTRA.encode() + b"\n")],
            nw,
            [(w1_first + nw, "ingest.field_count")],
        ),
        # -- precise refusals and recoveries -----------------------------------------------------
        Case(
            "truncated_gb18030",
            [("a.csv", cut_gbk)],
            cut_lines - d0 + 1,
            [(cut_lines + 1, "ingest.truncated_row")],
        ),
        Case(
            "truncated_utf8_wechat",
            [("w.csv", cut_utf8)],
            cut_utf8.count(b"\n") - w1_first + 1,
            [(cut_utf8.count(b"\n") + 1, "ingest.truncated_row")],
        ),
        Case("utf16_le", [("a.csv", good.decode("gb18030").encode("utf-16"))], n),
        Case("utf16_be", [("a.csv", b"\xfe\xff" + good.decode("gb18030").encode("utf-16-be"))], n),
        Case("account_statement", [("s.csv", statement())], 0, [], ["ingest.alipay_statement"]),
        Case("ledger", [("l.csv", F.ledger())], 0, [], ["ingest.alipay_ledger"]),
        Case("binary", [("x.csv", F.binary())], 0, [], ["ingest.binary"]),
        Case("empty", [("x.csv", b"")], 0, [], ["ingest.empty"]),
        Case("ole", [("x.xls", OLE_MAGIC + b"\0" * 600)], 0, [], ["ingest.ole"]),
        Case("header_only", [("a.csv", F.a3([]))], 0, [], ["ingest.no_rows"]),
        # -- containers and limits ---------------------------------------------------------------
        Case("encrypted_zip", [("e.zip", F.encrypted_zip())], 0, [], ["ingest.zip_encrypted"]),
        # the ratio guard (limits.MAX_RATIO) stops a member of zeros (packed ~1000x) long
        # before the size limits, and with it the rest of its zip
        Case(
            "zip_bomb_many_members",
            [("b.zip", bomb(1000, 8 * 2**20))],
            0,
            [],
            ["ingest.guard.ratio"],
        ),
        Case(
            "zip_bomb_one_member", [("b.zip", bomb(1, 200 * 2**20))], 0, [], ["ingest.guard.ratio"]
        ),
        Case(
            "zip_of_zeros_too_large_but_not_a_bomb",
            [("b.zip", zip_of({"big.csv": noise(21 * 2**20)}, level=1))],
            0,
            [],
            ["ingest.too_large"],
        ),
        Case(
            "zip_of_60_exports",
            [
                (
                    "m.zip",
                    zip_of(
                        {f"e{i:02d}.csv": F.a3([{**rows[0], "order": f"Z{i}"}]) for i in range(60)}
                    ),
                )
            ],
            50,
            [],
            [None] * 50 + ["ingest.zip_too_many"],
        ),
        Case(
            "nested_zip_one_level", [("n.zip", zip_of({"inner.zip": zip_of({"a.csv": good})}))], n
        ),
        Case(
            "nested_zip_two_levels",
            [("n.zip", zip_of({"inner.zip": zip_of({"deeper.zip": zip_of({"a.csv": good})})}))],
            0,
            [],
            ["ingest.zip_nested"],
        ),
        Case(
            "zip_with_folders_and_junk",
            [
                (
                    "j.zip",
                    zip_of(
                        {
                            "bills/": b"",
                            "__MACOSX/bills/._a.csv": b"\0\1",
                            "bills/readme.pdf": b"%PDF",
                            "bills/a.csv": good,
                        }
                    ),
                )
            ],
            n,
        ),
        Case(
            "zip_huge_table_of_contents",
            [("t.zip", many_entries(40_000))],
            0,
            [],
            ["ingest.zip_broken"],
        ),
        Case(
            "member_named_as_markdown_image",
            [("x.zip", zip_of({"![](http://127.0.0.1:9/x).csv": good}))],
            n,
        ),
        Case(
            "xlsx_million_empty_rows_style",
            [("w.xlsx", w3_with_xml(empty_rows_after(20_000)))],
            len(F.WECHAT_ROWS),
        ),
        Case("xlsx_bomb", [("w.xlsx", w3_with_xml(padded_xml(70)))], 0, [], ["ingest.guard.ratio"]),
        Case(
            "xlsx_too_large_but_not_a_bomb",
            [("w.xlsx", w3_with_noisy_strings(17 * 2**20))],
            0,
            [],
            ["ingest.xlsx_too_large"],
        ),
        # -- real exports as editors and transfers leave them: every row kept (issue 18) ----------
        Case(
            "real_export_with_nul_bytes", [("r.csv", real_a3[:999] + b"\0\0" + real_a3[999:])], ra3
        ),
        Case("real_export_cr_only", [("r.csv", real_a3.replace(b"\n", b"\r"))], ra3),
        Case("real_export_utf16_without_bom", [("r.csv", real_a3_text.encode("utf-16-le"))], ra3),
        Case("real_export_bom_then_gbk", [("r.csv", b"\xef\xbb\xbf" + real_a3)], ra3),
        Case("real_export_columns_reversed", [("r.csv", F.reorder_columns(real, rev))], ra3),
        Case("real_export_quoted_line_break", [("r.csv", F.with_line_break_in_field(real))], ra3),
        Case("real_export_short_rows", [("r.csv", F.without_trailing_fields(real, 3)[0])], ra3),
        # -- merging by identity -----------------------------------------------------------------
        Case("excel_resaved_copy_merges", [("a.csv", good), ("b.csv", resaved)], n, duplicates=n),
        Case("same_file_rows_never_merged", [("a.csv", F.a3([rows[0], rows[0]]))], 2),
        Case(
            "one_row_in_1000_files_zip",
            [("m.zip", zip_of({f"e{i:04d}.csv": export_one for i in range(1000)}))],
            1,
            [],
            [None] * 50 + ["ingest.zip_too_many"],
            duplicates=49,
        ),
    ]
    return out


def by_id(case_id: str) -> Case:
    return next(c for c in cases() if c.id == case_id)
