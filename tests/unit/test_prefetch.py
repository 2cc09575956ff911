"""The element code a visitor's first page loads in idle time (components/prefetch.py) is the
installed Streamlit's: an upgrade that renames a chunk fails here, not silently in a user's wait."""

from __future__ import annotations

import json
import re

from components import prefetch


def test_every_chunk_is_one_file_of_the_installed_streamlit():
    files = prefetch.chunk_files()
    assert len(files) == len(prefetch.CHUNKS)  # none missing, none ambiguous
    for name, file in zip(prefetch.CHUNKS, files, strict=True):
        assert re.fullmatch(rf"{name}\.[\w-]+\.js", file), file
        assert (prefetch.JS_DIR / file).is_file()


def test_the_script_holds_only_the_chunk_names():
    """Nothing but file names of the installed package goes into the page's script."""
    body = prefetch.SCRIPT % json.dumps(prefetch.chunk_files())
    listed = re.search(r"const load = \(\) => (\[.*?\])\.forEach", body)
    assert listed and json.loads(listed.group(1)) == list(prefetch.chunk_files())
    assert body.count("%") == 0
