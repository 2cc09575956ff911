"""The result types of an import (re-exported by `limitlens.ingest`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from limitlens.i18n import Message


@dataclass
class SkippedRow:
    """A data row that was not imported: 1-based line (CSV) or row (XLSX) number, and why."""

    row: int
    reason: Message


@dataclass
class FileReport:
    """What happened to one uploaded file (a zip contributes one report per member)."""

    name: str
    layout: str | None = None
    encoding: str | None = None
    rows: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    error: Message | None = None
    period: tuple[date, date] | None = None
    totals: dict[str, float] = field(
        default_factory=lambda: {"in": 0.0, "out": 0.0, "neutral": 0.0}
    )
    closed: int = 0
    failed: int = 0
    categories: dict[str, int] = field(default_factory=dict)
    # what was mended so that rows could be kept: "nul_bytes" removed, "short_rows" read without
    # their missing trailing optional fields (each a count; see `notes`)
    repaired: dict[str, int] = field(default_factory=dict)

    def notes(self) -> list[Message]:
        """One message per repair, in the user's language (ingest.repaired.<kind>)."""
        return [Message(f"ingest.repaired.{k}", {"count": n}) for k, n in self.repaired.items()]


@dataclass
class ImportResult:
    """The merged history (schema.COLUMNS) and one report per file."""

    history: pd.DataFrame
    files: list[FileReport]
    duplicates_dropped: int = 0
