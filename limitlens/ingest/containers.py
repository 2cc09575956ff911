"""What kind of container a file is: zip (opened), xlsx, old/encrypted Office, or plain text.

Users get both exports by e-mail inside a password-protected zip. An encrypted zip (flag bit 0x1 of
any member) cannot be opened here: the user is told to unzip it first (WeChat sends the password
through its official account). An unencrypted zip is opened and every .csv / .xlsx / .txt member is
imported as its own file, named `<zip name>/<member>`; a .zip member is opened the same way, one
level deep. Folders, macOS `__MACOSX/` and `._` files and other members are ignored. Member names
without the UTF-8 flag are re-read as GBK, the way Chinese Windows tools write them.

Limits (limits.py) are enforced on the bytes actually unpacked, in chunks: a member's declared
size is never trusted, so a zip bomb stops after at most MAX_UPLOAD_BYTES of work, and under
any Limits after at most MAX_RATIO times the uploaded file's size (the ratio guard).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator

from limitlens.i18n import Message
from limitlens.ingest.errors import IngestError
from limitlens.ingest.limits import (
    CHUNK,
    MAX_CENTRAL_DIR,
    MAX_ZIP_DEPTH,
    MAX_ZIP_MEMBERS,
    Budget,
    mb,
    ratio_allowance,
)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EOCD_MAGIC = b"PK\x05\x06"
MEMBER_SUFFIXES = (".csv", ".xlsx", ".txt", ".zip")

Entry = tuple[str, bytes, Message | None]


def is_xlsx_bytes(data: bytes) -> bool:
    if not data.startswith(ZIP_MAGIC):
        return False
    head = data[:65536]
    return b"[Content_Types].xml" in head or b"xl/" in head


def central_dir_ok(data: bytes) -> bool:
    """The zip's table of contents is of a sane size (checked before zipfile parses it)."""
    pos = data.rfind(EOCD_MAGIC, max(0, len(data) - 65536 - 22))
    if pos < 0 or pos + 22 > len(data):
        return True  # zipfile will call it broken
    entries, size = struct.unpack_from("<HI", data, pos + 10)
    return size <= MAX_CENTRAL_DIR and entries != 0xFFFF and size != 0xFFFFFFFF


def kind_of(data: bytes) -> str:
    """'zip', 'xlsx', 'ole' or 'text'."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    if not data.startswith(ZIP_MAGIC):
        return "text"
    if not central_dir_ok(data):
        return "zip"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "xlsx" if is_xlsx_bytes(data) else "zip"
    if "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def _member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, limit: int, packed: int
) -> bytes:
    """The member's bytes, unpacked in chunks and counted; IngestError past `limit`, past its
    ratio share (its packed size, at most `packed`, the zip's own size) or the upload's
    budget."""
    chunks = []
    size = 0
    share = ratio_allowance(min(info.compress_size, packed))
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            size += len(chunk)
            budget.take_bytes(len(chunk))
            if size > limit:
                raise IngestError("too_large", mb=mb(limit))
            if size > share:
                raise budget.refuse_file()
            chunks.append(chunk)
            budget.check_time()
    return b"".join(chunks)


def _wanted(info: zipfile.ZipInfo) -> bool:
    name = _member_name(info)
    return (
        not info.is_dir()
        and name.lower().endswith(MEMBER_SUFFIXES)
        and not name.startswith("__MACOSX")
        and not name.rsplit("/", 1)[-1].startswith("._")
    )


def expand(name: str, data: bytes, budget: Budget, depth: int = 0) -> Iterator[Entry]:
    """The files inside a zip as (name, bytes, error), one at a time, so at most one member is
    held unpacked; a zip that cannot be read, or that crosses a limit -> an error entry."""

    def err(key: str, label: str = name, **params: object) -> Entry:
        return (label, b"", Message(f"ingest.{key}", dict(params)))

    if not central_dir_ok(data):
        yield err("zip_broken")
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if any(i.flag_bits & 0x1 for i in infos):
                yield err("zip_encrypted")
                return
            wanted = [i for i in infos if _wanted(i)]
            if not wanted:
                yield err("zip_empty")
                return
            for info in wanted[:MAX_ZIP_MEMBERS]:
                label = f"{name}/{_member_name(info)}"
                try:
                    member = read_member(zf, info, budget, budget.limits.file_bytes, len(data))
                except IngestError as exc:
                    yield (label, b"", exc.message)
                    if exc.message.key != "ingest.too_large":
                        return  # the upload's budget is spent: stop reading this zip
                    continue
                if kind_of(member) == "zip":
                    if depth >= MAX_ZIP_DEPTH:
                        yield err("zip_nested", label)
                        continue
                    yield from expand(label, member, budget, depth + 1)
                    continue
                yield (label, member, None)
            if len(wanted) > MAX_ZIP_MEMBERS:
                yield err("zip_too_many", count=len(wanted), max=MAX_ZIP_MEMBERS)
    except RuntimeError:  # "File is encrypted, password required"
        yield err("zip_encrypted")
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        yield err("zip_broken")
