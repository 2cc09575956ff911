"""One CSV download for every table and chart: UTF-8 with BOM, so Excel opens Chinese text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from limitlens.i18n import t


def csv_download(df: pd.DataFrame, name: str, lang: str) -> None:
    st.download_button(
        t(lang, "ui.download_csv"),
        data=df.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"limitlens_{name}.csv",
        mime="text/csv",
        key=f"ll_dl_{name}",
        icon=":material/download:",
        type="tertiary",
    )
