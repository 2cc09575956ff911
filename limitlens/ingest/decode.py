"""Bytes -> text: UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK), then any
other encoding a layout in data/layouts.toml is written in.

Alipay exports are GBK, WeChat CSV is UTF-8, the template may be either. Only the head of the file
is decoded to detect the layout (`decode_head`); the table itself is decoded by the CSV parser.
An encoding is accepted when the text decodes cleanly; marker strings of the known headers
(layouts.toml `markers`) decide ties (a GBK file can happen to be valid UTF-8 only when it is
pure ASCII).

Before that, `prepare` turns what editors and transfers do to a text export back into bytes the
reader takes (each step costs nothing when it does not apply):
- UTF-16 (Excel's "Unicode text"), with a BOM or without one (told by where its NUL bytes sit
  and confirmed by a marker in the decoded head) -> UTF-8;
- a UTF-8 BOM in front of GBK bytes (an editor added it) -> dropped;
- NUL bytes in a text export -> removed and counted (a file whose first 4 KB are mostly NULs,
  or binary once they are gone, is still "binary");
- CR-only line ends (classic Mac) -> LF, so line numbers are the lines an editor shows.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from limitlens.ingest.errors import IngestError
from limitlens.ingest.layouts import load

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
    return enc


def _choose(data: bytes, final: bool) -> tuple[str, str]:
    if looks_binary(data):
        raise IngestError("binary")
    known = load()
    candidates: list[tuple[str, str]] = []
    for enc in known.encodings():
        try:
            text = codecs.getincrementaldecoder(enc)().decode(data, final=final)
        except UnicodeDecodeError:
            continue
        candidates.append((text, enc))
    if not candidates:
        raise IngestError("binary")
    markers = known.markers()
    for text, enc in candidates:
        if any(m in text[:8000] for m in markers):
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


def _utf16_to_utf8(data: bytes, codec_name: str) -> bytes:
    try:
        return data.decode(codec_name).encode("utf-8")
    except UnicodeDecodeError:
        body = data[: len(data) - len(data) % 2]  # cut inside a character: keep what is whole
        return body.decode(codec_name, errors="ignore").encode("utf-8")


def from_utf16(data: bytes) -> bytes | None:
    """UTF-16 text with a BOM (Excel's "Unicode text") re-encoded as UTF-8; None otherwise."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    return _utf16_to_utf8(data, "utf-16")


def utf16_without_bom(data: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") of UTF-16 text without a BOM, else None.

    Export text is full of ASCII (digits, commas, dates), whose UTF-16 high byte is NUL: in
    UTF-16LE the NULs sit at odd offsets, in UTF-16BE at even ones, while a GBK or UTF-8 file has
    none. The decoded head must also show a marker of a known layout."""
    head = data[:4096]
    head = head[: len(head) - len(head) % 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) < len(head) // 20:  # under 10 % of the characters: not UTF-16
        return None
    name = "utf-16-le" if odd > even * 4 else "utf-16-be" if even > odd * 4 else None
    if name is None:
        return None
    text = data[:HEAD_BYTES].decode(name, errors="replace")
    return name if any(m in text for m in load().markers()) else None


@dataclass(frozen=True)
class Prepared:
    """A text export's bytes ready for the reader, and what was done to get them."""

    data: bytes
    encoding: str | None  # "utf-16", "utf-16-le", "utf-16-be" when converted from it
    nul_bytes: int  # NUL bytes removed


def prepare(data: bytes) -> Prepared:
    """See the module docstring; IngestError("binary") for a file of NULs or binary bytes."""
    encoding = None
    utf16 = from_utf16(data)
    if utf16 is not None:
        data, encoding = utf16, "utf-16"
    elif b"\x00" in data[:4096] and (name := utf16_without_bom(data)) is not None:
        data, encoding = _utf16_to_utf8(data, name), name
    head = data[:4096].replace(b"\x00", b"")
    if len(head) < 2048 and len(data) > 4096 or looks_binary(head):  # mostly NULs, or binary
        raise IngestError("binary")
    nul_bytes = data.count(b"\x00") if b"\x00" in data else 0  # `in` is memchr, count is not
    if nul_bytes:
        data = data.replace(b"\x00", b"")
        if not data.strip():
            raise IngestError("binary")
    if data.startswith(codecs.BOM_UTF8) and not _utf8_head(data):
        data = data[len(codecs.BOM_UTF8) :]  # GBK after a BOM an editor put in front
    head = data[:HEAD_BYTES]
    if b"\r" in head and b"\n" not in head:  # CR-only line ends
        data = data.replace(b"\r", b"\n")
    return Prepared(data, encoding, nul_bytes)


def _utf8_head(data: bytes) -> bool:
    """The head decodes as UTF-8 (a character cut at the head's end is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[:HEAD_BYTES], final=False)
    except UnicodeDecodeError:
        return False
    return True


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
