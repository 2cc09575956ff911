"""One CSV download for every table and chart: UTF-8 with BOM, so Excel opens Chinese text, and
text cells defused so a counterparty named "=HYPERLINK(...)" cannot run as a formula."""

from __future__ import annotations

import streamlit as st

from limitlens.i18n import t
from limitlens.lazy import lazy

pd = lazy("pandas")  # Home imports this module (through the uploader) but never writes a CSV

# Full-width ＝＋－＠ too: Excel and WPS in Chinese locales read them as the ASCII signs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_csv(df: pd.DataFrame) -> bytes:
    """The frame as CSV; text cells that a spreadsheet would read as a formula get a ' prefix."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            text = out[col].astype("str")
            risky = text.str.startswith(FORMULA_START) & out[col].notna()
            out[col] = text.where(~risky, "'" + text).where(out[col].notna(), out[col])
    return out.to_csv(index=False).encode("utf-8-sig")


def csv_download(df: pd.DataFrame, name: str, lang: str) -> None:
    st.download_button(
        t(lang, "ui.download_csv"),
        data=safe_csv(df),
        file_name=f"limitlens_{name}.csv",
        mime="text/csv",
        key=f"ll_dl_{name}",
        icon=":material/download:",
        type="tertiary",
    )
