"""What one upload may cost, counted while reading (never trusted from a file's own headers).

An upload is every file given to one `import_files` call. Its Budget counts the bytes actually
produced by unpacking (zip members, the XML inside an xlsx), the data rows, and the seconds
spent; the first limit crossed stops that file (or the rest of a zip) with a clear message, and
the rest of the upload goes on only while the budget lasts.

The ratio guard holds under every Limits, so the command line's far higher size limits never
let a bomb run for minutes: real exports pack 2-8x (a 1M-row Alipay export 7.8x, an xlsx's
sheets 6-8x), a zip of zeros about 1000x. So everything unpacked from one uploaded file, at any
depth (a zip inside it, the XML of an xlsx inside that), may come to at most MAX_RATIO times
that file's size plus RATIO_SLACK, and one member at most MAX_RATIO times its packed size plus
RATIO_SLACK; a member past its share refuses the rest of its uploaded file at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from limitlens.ingest.errors import IngestError

MAX_FILE_BYTES = 20 * 1024 * 1024  # one uploaded file, or one file inside a zip
MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # all files of an upload once unpacked
MAX_ZIP_MEMBERS = 50  # exports read from one zip (folders and other files not counted)
MAX_ZIP_DEPTH = 1  # a zip inside the uploaded zip is opened; one inside that is not
MAX_XLSX_BYTES = 60 * 1024 * 1024  # the XML inside one xlsx, unpacked
MAX_SHARED_STRINGS = 16 * 1024 * 1024  # openpyxl keeps an xlsx's string table in memory
MAX_ROWS = 300_000  # data rows per upload (a busy decade is about 50,000)
MAX_SECONDS = 20.0  # parsing time per upload
MAX_EMPTY_RUN = 1_000  # an xlsx sheet ends after this many empty rows in a row
MAX_CENTRAL_DIR = 2 * 1024 * 1024  # a zip's table of contents (about 20,000 names)
MAX_RATIO = 50  # unpacked bytes per packed byte, per member and per uploaded file
RATIO_SLACK = 4 * 1024 * 1024  # small files may pack better (a few KB of blank rows)
CHUNK = 1024 * 1024


def mb(n: int) -> int:
    return n // 2**20


def ratio_allowance(packed: int) -> int:
    """The most a file or member of `packed` bytes may unpack to."""
    return MAX_RATIO * max(packed, 0) + RATIO_SLACK


@dataclass(frozen=True)
class Limits:
    """What one import may cost. WEB guards a shared server against any visitor's upload; the
    command line reads the user's own files on their own machine, so its size, row and time
    limits are far higher (zip and xlsx bomb guards stay the same)."""

    file_bytes: int = MAX_FILE_BYTES
    upload_bytes: int = MAX_UPLOAD_BYTES
    rows: int = MAX_ROWS
    seconds: float = MAX_SECONDS


WEB = Limits()
LOCAL = Limits(file_bytes=2**31, upload_bytes=2**32, rows=20_000_000, seconds=3600.0)


@dataclass
class Budget:
    """The remaining allowance of one upload under its Limits."""

    limits: Limits = WEB
    bytes_left: int = field(init=False)
    rows_left: int = field(init=False)
    deadline: float = field(init=False)
    file_left: int = field(init=False)  # what the current uploaded file may still unpack

    def __post_init__(self) -> None:
        self.bytes_left = self.limits.upload_bytes
        self.rows_left = self.limits.rows
        self.deadline = time.monotonic() + self.limits.seconds
        self.file_left = RATIO_SLACK

    def start_file(self, packed: int) -> None:
        """An uploaded file of `packed` bytes is about to be read (and unpacked)."""
        self.file_left = ratio_allowance(packed)

    def take_bytes(self, n: int) -> None:
        self.bytes_left -= n
        self.file_left -= n
        if self.bytes_left < 0:
            raise IngestError("upload_too_large", mb=mb(self.limits.upload_bytes))
        if self.file_left < 0:
            raise IngestError("guard.ratio", ratio=MAX_RATIO)

    def refuse_file(self) -> IngestError:
        """A member unpacked past its share: nothing more of this uploaded file is read."""
        self.file_left = -1
        return IngestError("guard.ratio", ratio=MAX_RATIO)

    def check_rows(self, n: int) -> None:
        """A file of about `n` data rows is about to be read."""
        if n > self.rows_left:
            raise IngestError("too_many_rows", max=f"{self.limits.rows:,}")

    def take_rows(self, n: int) -> None:
        self.rows_left = max(self.rows_left - n, 0)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise IngestError("too_slow", seconds=int(self.limits.seconds))
