"""The profile form: what an export cannot show. Built from the factor catalog (`form_factors`), so
a new declared factor appears here without UI code; values prefilled from the data where it can tell.

An answer is declared only when the user gives it: a field the user has not answered stays empty,
showing the default it is estimated with, and saving leaves it assumed (the range stays as wide).
Typing or picking a value, even the default, declares it."""

from __future__ import annotations

import tomllib
from functools import cache

import streamlit as st

from components import state
from components.safe_text import plain
from limitlens import catalog, coherence, model
from limitlens.catalog import Factor, Value
from limitlens.format import with_unit
from limitlens.i18n import t
from limitlens.paths import DATA_DIR

# Asked as the Jiebei limit and balance below, which the form turns into the factor.
ASKED_APART: tuple[str, ...] = ("utilization",)
LIMIT, BALANCE = "jiebei_limit", "jiebei_balance"
COLUMNS = 3  # fields per row; a phone stacks each row's in order, so rows keep the reading order
FLASH = "ll_profile_flash"  # the outcome of a save, shown after the rerun that follows it


def form_factors() -> tuple[str, ...]:
    """Every factor a person can state (declared, or declared over what the data infers), in
    catalog order, read from the catalog on each call."""
    return tuple(
        f.id
        for f in catalog.factors()
        if f.source in ("declared", "both") and f.id not in ASKED_APART
    )


@cache
def _listed() -> tuple[tuple[str, tuple[str, ...]], ...]:
    with (DATA_DIR / "profile_form.toml").open("rb") as fh:
        return tuple((s["id"], tuple(s["factors"])) for s in tomllib.load(fh)["section"])


def sections() -> list[tuple[str, tuple[str, ...]]]:
    """(section id, factor ids) in the order of data/profile_form.toml; a declarable factor it
    does not list comes last, under "more"."""
    asked = set(form_factors())
    out = [(sid, tuple(f for f in ids if f in asked)) for sid, ids in _listed()]
    listed = {f for _, ids in out for f in ids}
    rest = tuple(f for f in form_factors() if f not in listed)
    return [s for s in [*out, ("more", rest)] if s[1]]


def _widget(f: Factor, value: Value | None, lang: str, inferred: bool, gen: int):
    """One field; `value` None leaves it empty, its placeholder naming the default assumed."""
    label = with_unit(f.label(lang), f.unit(lang), lang)
    help_text = f.text[lang]["explain"] + (
        "\n\n" + t(lang, "ui.profile.prefilled") if inferred else ""
    )
    choice = f.kind in ("bool", "category")  # a word, quoted in Chinese: 按“是”估算
    empty = t(
        lang,
        f"phone.profile.unanswered{'_choice' if choice else ''}",
        value=f.display_value(f.default, lang),
    )
    key = f"ll_pf_{gen}_{f.id}"  # new data -> fresh widgets, prefilled anew
    if choice:
        options = (True, False) if f.kind == "bool" else f.options
        return st.selectbox(
            label,
            options,
            index=None if value is None else options.index(value),
            placeholder=empty,
            help=help_text,
            format_func=lambda o: f.display_value(o, lang),
            key=key,
        )
    low, high, step = f.widget_bounds()
    return st.number_input(
        label,
        min_value=low,
        max_value=high,
        value=None if value is None else f.to_widget(value),
        step=step,
        placeholder=empty,
        help=help_text,
        key=key,
    )


def shown_value(fid: str, profile: dict, inferred: dict) -> Value | None:
    """What a field shows: the user's answer, else what the data says, else nothing."""
    if fid in profile:
        return profile[fid]
    return inferred.get(fid)


def declared(entered: dict[str, Value | None], profile: dict, inferred: dict) -> dict:
    """The profile after a save: the fields the user answered, and nothing else. An empty field
    is no answer; a value the data gave, left as it was, stays the data's; an answer shown as
    before keeps its exact value (14,975.99 shown as 14,976 is not a new answer)."""
    table = catalog.by_id()
    out = {fid: v for fid, v in profile.items() if fid not in entered}  # asked elsewhere
    for fid, shown in entered.items():
        f = table[fid]
        if shown is None:
            continue
        if fid in profile and shown == f.to_widget(profile[fid]):
            out[fid] = profile[fid]
        elif fid not in profile and fid in inferred and shown == f.to_widget(inferred[fid]):
            continue
        else:
            out[fid] = f.from_widget(shown)
    return out


def on_page() -> bool:
    """Whether this data's form was drawn in the page's last run: its fields may hold answers
    typed and not saved yet."""
    prefix = f"ll_pf_{st.session_state[state.DATA_GEN]}_"
    return any(str(k).startswith(prefix) for k in st.session_state)


def profile_form(lang: str, inferred: dict) -> None:
    """Render the form; on submit store the answers in the session (never on disk) and rerun,
    so everything drawn above it (the prompt, the counts) shows them at once."""
    profile: dict = st.session_state[state.PROFILE]
    extra: dict = st.session_state[state.PROFILE_EXTRA]
    table = catalog.by_id()
    gen = st.session_state[state.DATA_GEN]
    with st.form("ll_profile_form", border=True):
        st.caption(t(lang, "phone.profile.intro"))
        entered = {}
        for section, ids in sections():
            st.markdown(f"**{t(lang, f'phone.profile.section_{section}')}**")
            for start in range(0, len(ids), COLUMNS):
                row = ids[start : start + COLUMNS]
                for col, fid in zip(st.columns(COLUMNS), row, strict=False):  # last may be short
                    with col:
                        value = shown_value(fid, profile, inferred)
                        from_data = fid not in profile and fid in inferred
                        entered[fid] = _widget(table[fid], value, lang, from_data, gen)
        st.markdown(f"**{t(lang, 'ui.profile.utilization_title')}**")
        limit, balance = (
            col.number_input(
                t(lang, f"ui.profile.{name}"),
                min_value=0.0,
                max_value=float(model.product_range()[1]),
                value=float(extra[name]),
                step=step,
                key=f"ll_pf_{gen}_{suffix}",
            )
            for col, name, step, suffix in zip(
                st.columns(2), (LIMIT, BALANCE), (1000.0, 500.0), ("limit", "balance"), strict=True
            )
        )
        submitted = st.form_submit_button(t(lang, "ui.profile.save"), type="primary")
    if flash := st.session_state.pop(FLASH, None):
        (st.success if flash == "saved" else st.info)(t(lang, f"phone.profile.{flash}"))
    if not submitted:
        return
    if balance > limit:
        st.error(t(lang, "ui.profile.balance_over_limit"))
        return
    new = declared(entered, profile, inferred)
    if limit > 0:
        new["utilization"] = round(balance / limit, 2)
    new = catalog.parse_profile(new)
    try:  # answers that contradict each other (data/coherence.toml) are refused, both named
        coherence.repair(new, new)
    except coherence.Incoherent as exc:
        st.error(plain(exc.text(lang)), icon=":material/link_off:")
        return
    new_extra = {LIMIT: limit, BALANCE: balance}
    st.session_state[FLASH] = "saved" if (new, new_extra) != (profile, extra) else "unchanged"
    st.session_state[state.PROFILE] = new
    st.session_state[state.PROFILE_EXTRA] = new_extra
    st.rerun()
