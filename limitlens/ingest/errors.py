"""The one exception the ingest modules raise internally: a file-stopping problem as a Message.

It never leaves `limitlens.ingest`: `import_files` turns it into `FileReport.error`.
"""

from __future__ import annotations

from typing import Any

from limitlens.i18n import Message


class IngestError(Exception):
    """Stops the import of one file; `message` says why in the user's language."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.message = Message(f"ingest.{key}", dict(params))
