"""What kind of container a file is: zip (opened), xlsx, old/encrypted Office, or plain text.

Users get both exports by e-mail inside a password-protected zip. An encrypted zip (flag bit 0x1 of
any member) cannot be opened here: the user is told to unzip it first (WeChat sends the password
through its official account). An unencrypted zip is opened and every .csv / .xlsx / .txt member is
imported as its own file, named `<zip name>/<member>`. Member names without the UTF-8 flag are
re-read as GBK, the way Chinese Windows tools write them.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from limitlens.i18n import Message

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MEMBER_SUFFIXES = (".csv", ".xlsx", ".txt")


def is_xlsx_bytes(data: bytes) -> bool:
    if not data.startswith(ZIP_MAGIC):
        return False
    head = data[:65536]
    return b"[Content_Types].xml" in head or b"xl/" in head


def kind_of(data: bytes) -> str:
    """'zip', 'xlsx', 'ole' or 'text'."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    if not data.startswith(ZIP_MAGIC):
        return "text"
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


def expand(name: str, data: bytes, max_bytes: int) -> list[tuple[str, bytes, Message | None]]:
    """The files inside a zip as (name, bytes, error); a zip that cannot be read -> one error."""

    def err(key: str, **params: Any) -> list[tuple[str, bytes, Message | None]]:
        return [(name, b"", Message(f"ingest.{key}", params))]

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if any(i.flag_bits & 0x1 for i in infos):
                return err("zip_encrypted")
            wanted = [
                i
                for i in infos
                if _member_name(i).lower().endswith(MEMBER_SUFFIXES)
                and not _member_name(i).startswith("__MACOSX")
                and not _member_name(i).rsplit("/", 1)[-1].startswith("._")
            ]
            if not wanted:
                return err("zip_empty")
            out: list[tuple[str, bytes, Message | None]] = []
            for info in wanted:
                label = f"{name}/{_member_name(info)}"
                if info.file_size > max_bytes:
                    out.append(
                        (label, b"", Message("ingest.too_large", {"mb": max_bytes // 2**20}))
                    )
                    continue
                out.append((label, zf.read(info), None))
            return out
    except RuntimeError:  # "File is encrypted, password required"
        return err("zip_encrypted")
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return err("zip_broken")
