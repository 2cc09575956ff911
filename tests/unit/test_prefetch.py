"""The element code a visitor's first page loads in idle time (components/prefetch.py) is the
installed Streamlit's: an upgrade that renames a chunk fails here, not silently in a user's wait."""

from __future__ import annotations

import re

from components import prefetch


def test_every_chunk_is_one_file_of_the_installed_streamlit():
    files = prefetch.chunk_files()
    assert len(files) == len(prefetch.CHUNKS)  # none missing, none ambiguous
    for name, file in zip(prefetch.CHUNKS, files, strict=True):
        assert re.fullmatch(rf"{name}\.[\w-]+\.js", file), file
        assert (prefetch.JS_DIR / file).is_file()
