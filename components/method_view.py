"""Method page pieces: the factor catalog and the model parameters, read from the data files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.downloads import csv_download
from limitlens import catalog
from limitlens.i18n import t


def catalog_table(lang: str) -> pd.DataFrame:
    rows = []
    for f in catalog.factors():
        if f.kind == "number":
            rng = f.range_text()
            if f.direction == "peak":  # good / fair are intervals around the best value
                thresholds = " / ".join(
                    f"{f.shown(lo):g}–{f.shown(hi):g}" for lo, hi in (f.good, f.fair)
                )
            else:
                thresholds = f"{f.shown(f.good):g} / {f.shown(f.fair):g}"
        elif f.kind == "bool":
            rng, thresholds = (
                f"{t(lang, 'ui.yes')}/{t(lang, 'ui.no')}",
                t(lang, "ui.yes" if f.good else "ui.no"),
            )
        else:
            sep = t(lang, "ui.list_sep")
            rng = sep.join(f.option_label(o, lang) for o in f.options)
            thresholds = sep.join(f.option_label(o, lang) for o in f.good)
        rows.append(
            {
                t(lang, "ui.method.col_factor"): f.label(lang),
                t(lang, "ui.method.col_id"): f.id,
                t(lang, "method.col.origin"): t(lang, f"method.origin.{f.origin}"),
                t(lang, "ui.method.col_group"): t(lang, f"ui.group.{f.group}"),
                t(lang, "ui.method.col_source"): t(lang, f"ui.source.{f.source}"),
                t(lang, "ui.method.col_direction"): t(lang, f"ui.direction_factor.{f.direction}"),
                t(lang, "ui.method.col_unit"): f.unit(lang) or "—",
                t(lang, "ui.method.col_range"): rng,
                t(lang, "ui.method.col_thresholds"): thresholds,
                t(lang, "ui.method.col_method"): f.text[lang]["method"],
                t(lang, "ui.method.col_explain"): f.text[lang]["explain"],
            }
        )
    return pd.DataFrame(rows)


def show_table(df: pd.DataFrame, name: str, lang: str) -> None:
    st.dataframe(df, hide_index=True, width="stretch")
    csv_download(df, name, lang)
