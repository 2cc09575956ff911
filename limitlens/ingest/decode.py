"""Bytes -> text: UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK).

Alipay exports are GBK, WeChat CSV is UTF-8, the template may be either. Only the head of the file
is decoded to detect the layout (`decode_head`); the table itself is decoded by the CSV parser.
An encoding is accepted when the text decodes cleanly; marker strings of the known layouts decide
ties (a GBK file can happen to be valid UTF-8 only when it is pure ASCII).
"""

from __future__ import annotations

import codecs

from limitlens.ingest.errors import IngestError

MARKERS: tuple[str, ...] = ("支付宝", "微信支付账单明细", "交易时间", "交易号", "收/支", "time,")
HEAD_BYTES = 65536


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 4 KB: not a text export."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def _name(enc: str, data: bytes) -> str:
    if enc == "utf-8-sig":
        return "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    return "gb18030"


def _choose(data: bytes, final: bool) -> tuple[str, str]:
    if looks_binary(data):
        raise IngestError("binary")
    candidates: list[tuple[str, str]] = []
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = codecs.getincrementaldecoder(enc)().decode(data, final=final)
        except UnicodeDecodeError:
            continue
        candidates.append((text, enc))
    if not candidates:
        raise IngestError("binary")
    for text, enc in candidates:
        if any(m in text[:8000] for m in MARKERS):
            return text, _name(enc, data)
    text, enc = candidates[0]
    return text, _name(enc, data)


def decode_head(data: bytes) -> tuple[str, str]:
    """(text of the first HEAD_BYTES, encoding name) or IngestError("binary")."""
    return _choose(data[:HEAD_BYTES], final=len(data) <= HEAD_BYTES)


def decode(data: bytes) -> tuple[str, str]:
    """(whole text, encoding name); undecodable bytes become U+FFFD as a last resort."""
    try:
        return _choose(data, final=True)
    except IngestError:
        if looks_binary(data):
            raise
        return data.decode("gb18030", errors="replace"), "gb18030"


def codec(name: str) -> str:
    """The codec the CSV parser should use for the table part (no BOM there)."""
    return "utf-8" if name.startswith(("utf-8", "utf-16")) else name


def from_utf16(data: bytes) -> bytes | None:
    """UTF-16 text with a BOM (Excel's "Unicode text") re-encoded as UTF-8; None otherwise."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        body = data[: len(data) - len(data) % 2]  # cut inside a character: keep what is whole
        return body.decode("utf-16", errors="ignore").encode("utf-8")


def cut_truncated(data: bytes) -> tuple[bytes, int | None]:
    """A file cut off inside a multi-byte character: (the lines before the cut, 1-based number
    of the cut line); (data, None) when the last line decodes in UTF-8 or GB18030.

    A line starts on a character boundary (`\n` is never part of a multi-byte character), so
    decoding the last line alone is exact."""
    start = data.rfind(b"\n") + 1
    tail = data[start:]
    if not tail or tail.isascii():
        return data, None
    for enc in ("utf-8", "gb18030"):
        try:
            tail.decode(enc)
            return data, None
        except UnicodeDecodeError:
            pass
    ok = False
    for enc in ("utf-8", "gb18030"):
        for cut in range(1, 4):  # a complete line but for the last 1-3 bytes
            try:
                tail[:-cut].decode(enc)
                ok = True
                break
            except UnicodeDecodeError:
                continue
        if ok:
            break
    if not ok:
        return data, None
    return data[:start], data.count(b"\n", 0, start) + 1
