"""Method page pieces: a table with its CSV download (the tables themselves: limitlens/method.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.downloads import csv_download


def show_table(df: pd.DataFrame, name: str, lang: str) -> None:
    st.dataframe(df, hide_index=True, width="stretch")
    csv_download(df, name, lang)
