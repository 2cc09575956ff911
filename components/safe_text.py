"""The one owner of untrusted text on a page: anything that came from a file, a report or a link
(a file name, a skipped row's reason, a refused report's message) is shown through `plain`, so
Streamlit's markdown (alerts, captions, st.markdown, toasts) shows it as typed and can never turn
it into an image, a link, HTML, LaTeX, a colour or an icon (tests/unit/test_safe_text_calls.py
walks every such call in pages/ and components/)."""

from __future__ import annotations

import re

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$=&\"'@])")


def plain(text: object) -> str:
    """`text` escaped so that Streamlit markdown (st.markdown, widget labels, alerts) shows it
    as typed: no link, image, emphasis, LaTeX, colour or icon directive, one line."""
    one_line = " ".join(str(text).split())
    escaped = MD_SPECIAL.sub(r"\\\1", one_line)
    return escaped.replace(":", ":\u200b")  # breaks :red[...], :material/x:, :smile:, http://
