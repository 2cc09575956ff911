"""The profile form: what an export cannot show. Built from the factor catalog (`form_factors`), so
a new declared factor appears here without UI code; values prefilled from the data where it can tell."""

from __future__ import annotations

import streamlit as st

from components import state
from limitlens import catalog
from limitlens.catalog import Factor
from limitlens.format import with_unit
from limitlens.i18n import t

# Asked as the Jiebei limit and balance below, which the form turns into the factor.
ASKED_APART: tuple[str, ...] = ("utilization",)
LIMIT, BALANCE = "jiebei_limit", "jiebei_balance"


def form_factors() -> tuple[str, ...]:
    """Every factor a person can state (declared, or declared over what the data infers), in
    catalog order, read from the catalog on each call."""
    return tuple(
        f.id
        for f in catalog.factors()
        if f.source in ("declared", "both") and f.id not in ASKED_APART
    )


def _widget(f: Factor, value, lang: str, inferred: bool, gen: int):
    unit = "%" if f.display == "percent" else f.text[lang]["unit"]
    label = with_unit(f.label(lang), unit, lang)
    help_text = f.text[lang]["explain"] + (
        "\n\n" + t(lang, "ui.profile.prefilled") if inferred else ""
    )
    key = f"ll_pf_{gen}_{f.id}"  # new data -> fresh widgets, prefilled anew
    if f.kind == "bool":
        return st.checkbox(label, value=bool(value), help=help_text, key=key)
    if f.kind == "category":
        return st.selectbox(
            label,
            f.options,
            index=f.options.index(value),
            help=help_text,
            format_func=lambda o: f.option_label(o, lang),
            key=key,
        )
    low, high, step = f.widget_bounds()
    return st.number_input(
        label,
        min_value=low,
        max_value=high,
        value=f.to_widget(value),
        step=step,
        help=help_text,
        key=key,
    )


def profile_form(lang: str, inferred: dict) -> None:
    """Render the form; on submit store declared values in the session (never on disk)."""
    profile: dict = st.session_state[state.PROFILE]
    extra: dict = st.session_state[state.PROFILE_EXTRA]
    table = catalog.by_id()
    gen = st.session_state[state.DATA_GEN]
    with st.form("ll_profile_form", border=True):
        st.caption(t(lang, "ui.profile.intro"))
        cols = st.columns(3)
        entered = {}
        for i, fid in enumerate(form_factors()):
            f = table[fid]
            from_data = fid not in profile and fid in inferred
            value = profile.get(fid, inferred.get(fid, f.default))
            with cols[i % 3]:
                entered[fid] = _widget(f, value, lang, from_data, gen)
        st.markdown(f"**{t(lang, 'ui.profile.utilization_title')}**")
        limit, balance = (
            col.number_input(
                t(lang, f"ui.profile.{name}"),
                min_value=0.0,
                max_value=300000.0,
                value=float(extra[name]),
                step=step,
                key=f"ll_pf_{gen}_{suffix}",
            )
            for col, name, step, suffix in zip(
                st.columns(2), (LIMIT, BALANCE), (1000.0, 500.0), ("limit", "balance"), strict=True
            )
        )
        submitted = st.form_submit_button(t(lang, "ui.profile.save"), type="primary")
    if not submitted:
        return
    if balance > limit:
        st.error(t(lang, "ui.profile.balance_over_limit"))
        return
    declared = {
        fid: table[fid].from_widget(value)
        for fid, value in entered.items()
        # Leaving what the data says untouched is no declaration: it stays "inferred".
        if not (
            fid in inferred and fid not in profile and value == table[fid].to_widget(inferred[fid])
        )
    }
    if limit > 0:
        declared["utilization"] = round(balance / limit, 2)
    st.session_state[state.PROFILE] = {**profile, **catalog.parse_profile(declared)}
    st.session_state[state.PROFILE_EXTRA] = {LIMIT: limit, BALANCE: balance}
    st.success(t(lang, "ui.profile.saved"))
