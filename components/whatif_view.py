"""What-if simulator: sliders for every factor, the estimated range and why it moved."""

from __future__ import annotations

import urllib.parse

import pandas as pd
import streamlit as st

from components import state
from components.charts.whatif import fig_range, fig_tornado, fig_waterfall
from components.format import factor_value, money
from limitlens import catalog
from limitlens.catalog import Factor
from limitlens.i18n import t
from limitlens.model import Estimate, estimate, estimate_many
from limitlens.whatif import tornado, waterfall

MAX_SAVED = 5
TORNADO_ROWS = 12  # the factors that weigh most; the rest swing the estimate by little
# Personal factors that only time changes, shown apart from the levers.
TIME_ONLY = ("overdue_24m", "history_months")


def sections() -> dict[str, list[Factor]]:
    out: dict[str, list[Factor]] = {"levers": [], "time": [], "system": []}
    for f in catalog.factors():
        if f.group == "policy":
            out["system"].append(f)
        elif f.id in TIME_ONLY or not f.actionable:
            out["time"].append(f)
        else:
            out["levers"].append(f)
    return out


def scenario_from_url(lang: str) -> None:
    """?sesame_score=700&assets=20000 reproduces a shared scenario (never any uploaded data)."""
    params = {k: st.query_params[k] for k in st.query_params if k in catalog.by_id()}
    marker = urllib.parse.urlencode(sorted(params.items()))
    if not params or st.session_state.get("ll_url_applied") == marker:
        return
    st.session_state["ll_url_applied"] = marker
    scenario, bad = {}, []
    for key, raw in params.items():
        try:
            scenario[key] = catalog.by_id()[key].parse(raw)
        except ValueError:
            bad.append(key)
    st.session_state[state.SCENARIO] = scenario
    _forget_widgets()
    if bad:
        st.warning(t(lang, "ui.whatif.bad_link", ids=", ".join(bad)))


def _forget_widgets() -> None:
    for key in [k for k in st.session_state if str(k).startswith("ll_w_")]:
        del st.session_state[key]


def reset() -> None:
    st.session_state[state.SCENARIO] = {}
    _forget_widgets()
    for key in [k for k in st.query_params if k in catalog.by_id()]:
        del st.query_params[key]


def _control(f: Factor, baseline, lang: str):
    """One widget per factor, seeded from the scenario (or baseline) the first time it shows."""
    key = f"ll_w_{f.id}"
    current = st.session_state[state.SCENARIO].get(f.id, baseline[f.id])
    label = f.label(lang)
    if f.kind == "bool":
        st.session_state.setdefault(key, bool(current))
        return st.toggle(label, key=key, help=f.text[lang]["explain"])
    if f.kind == "category":
        st.session_state.setdefault(key, current)
        return st.selectbox(label, f.options, key=key, format_func=lambda o: f.option_label(o, lang),
                            help=f.text[lang]["explain"])
    if f.display == "percent":
        st.session_state.setdefault(key, int(round(float(current) * 100)))
        return st.slider(label, 0, 100, step=int(round(f.step * 100)), key=key, format="%d%%",
                         help=f.text[lang]["explain"]) / 100
    integer = float(f.step).is_integer()
    cast = int if integer else float
    st.session_state.setdefault(key, cast(round(float(current), 1)))
    unit = f.text[lang]["unit"]
    return st.slider(f"{label} ({unit})" if unit else label, cast(f.min), cast(f.max),
                     step=cast(f.step), key=key, help=f.text[lang]["explain"],
                     format=None if integer else "%.1f")


def _mid_text(e: Estimate, lang: str) -> str:
    return money(e.mid) if e.eligible else t(lang, "ui.whatif.not_eligible")


def _range_text(e: Estimate, lang: str) -> str:
    if not e.eligible:
        return t(lang, "ui.whatif.no_range")
    return t(lang, "ui.whatif.range", low=money(e.low), high=money(e.high))


def simulator(baseline: dict, lang: str) -> None:
    """The fragment body: a slider move reruns only this (see page)."""
    groups = sections()
    controls, results = st.columns([2, 3], gap="large")
    scenario: dict = {}
    with controls:
        st.markdown(f"#### {t(lang, 'ui.whatif.levers')}")
        for f in groups["levers"]:
            scenario[f.id] = _control(f, baseline, lang)
        with st.expander(t(lang, "ui.whatif.time_only"), icon=":material/schedule:"):
            for f in groups["time"]:
                scenario[f.id] = _control(f, baseline, lang)
        with st.expander(t(lang, "ui.whatif.system"), icon=":material/policy:"):
            st.caption(t(lang, "ui.whatif.system_help"))
            for f in groups["system"]:
                scenario[f.id] = _control(f, baseline, lang)
    changed = {k: v for k, v in scenario.items() if v != baseline[k]}
    st.session_state[state.SCENARIO] = changed
    for key in [k for k in st.query_params if k in catalog.by_id() and k not in changed]:
        del st.query_params[key]
    for key, value in changed.items():  # the address bar is the shareable link
        st.query_params[key] = str(value).lower() if isinstance(value, bool) else str(value)

    base_est, scen_est = estimate(baseline), estimate({**baseline, **changed})
    labels = {f.id: f.label(lang) for f in catalog.factors()}
    with results:
        m1, m2 = st.columns(2)
        delta = scen_est.mid - base_est.mid
        m1.metric(f"{t(lang, 'ui.whatif.baseline')} · {t(lang, 'ui.whatif.mid_label')}", _mid_text(base_est, lang))
        m1.caption(_range_text(base_est, lang))
        m2.metric(f"{t(lang, 'ui.whatif.scenario')} · {t(lang, 'ui.whatif.mid_label')}", _mid_text(scen_est, lang),
                  delta=f"{'+' if delta >= 0 else '−'}{money(abs(delta))}" if delta else None)
        m2.caption(_range_text(scen_est, lang))
        if not scen_est.eligible:
            reasons = "；".join(t(lang, f"model.gate.{r}") for r in scen_est.reasons)
            st.error(t(lang, "ui.whatif.gates", reasons=reasons))
        st.plotly_chart(fig_range(base_est, scen_est, lang), width="stretch",
                        config={"displayModeBar": False})
        _why_not_higher(scen_est, {**baseline, **changed}, lang)
        if changed:
            st.markdown(f"#### {t(lang, 'ui.whatif.waterfall_title')}")
            wf = waterfall(baseline, {**baseline, **changed})
            st.plotly_chart(fig_waterfall(wf, lang, labels, title=False), width="stretch",
                            config={"displayModeBar": False})
        c1, c2 = st.columns(2)
        c1.button(t(lang, "ui.whatif.reset"), on_click=reset, icon=":material/restart_alt:",
                  disabled=not changed)
        with c2.popover(t(lang, "ui.whatif.share"), icon=":material/link:"):
            st.caption(t(lang, "ui.whatif.share_help"))
            st.code(share_link(changed, lang), language=None)
        st.markdown(f"#### {t(lang, 'ui.whatif.tornado_title')}")
        st.caption(t(lang, "ui.whatif.tornado_help"))
        st.plotly_chart(fig_tornado(tornado({**baseline, **changed}).head(TORNADO_ROWS), lang, labels, title=False), width="stretch",
                        config={"displayModeBar": False})


def _why_not_higher(e: Estimate, values: dict, lang: str) -> None:
    if not e.why_not_higher:
        return
    st.markdown(f"#### {t(lang, 'ui.whatif.why_title')}")
    table = catalog.by_id()
    for fid in e.why_not_higher:
        f = table[fid]
        st.markdown(f"- **{f.label(lang)}** ({factor_value(f, values[fid], lang)}): {f.text[lang]['advice']}")


def share_link(changed: dict, lang: str) -> str:
    base = (st.context.url or "").split("?")[0]
    query = {"lang": lang, **{k: str(v).lower() if isinstance(v, bool) else v for k, v in changed.items()}}
    return f"{base}?{urllib.parse.urlencode(query)}"


def saved_scenarios(baseline: dict, lang: str) -> None:
    """Save up to five named scenarios and compare them side by side."""
    saved: list = st.session_state[state.SAVED]
    st.subheader(t(lang, "ui.whatif.saved_title"))
    with st.form("ll_save_form", border=False):
        name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        name = name_col.text_input(t(lang, "ui.whatif.save_name"), max_chars=40,
                                   placeholder=t(lang, "ui.whatif.save_placeholder", n=len(saved) + 1))
        save = button_col.form_submit_button(t(lang, "ui.whatif.save"), disabled=len(saved) >= MAX_SAVED)
    if save and len(saved) < MAX_SAVED:
        saved.append({"name": name.strip() or t(lang, "ui.whatif.save_placeholder", n=len(saved) + 1),
                      "values": dict(st.session_state[state.SCENARIO])})
    if len(saved) >= MAX_SAVED:
        st.caption(t(lang, "ui.whatif.saved_full", n=MAX_SAVED))
    if not saved:
        st.caption(t(lang, "ui.whatif.saved_none"))
        return
    rows = [{"name": t(lang, "ui.whatif.baseline"), "values": {}}, *saved]
    results = estimate_many(pd.DataFrame([{**baseline, **r["values"]} for r in rows]))
    table = catalog.by_id()
    compare = pd.DataFrame({
        t(lang, "ui.whatif.col_name"): [r["name"] for r in rows],
        t(lang, "ui.whatif.col_low"): results["low"].astype(int),
        t(lang, "ui.whatif.col_mid"): results["mid"].astype(int),
        t(lang, "ui.whatif.col_high"): results["high"].astype(int),
        t(lang, "ui.whatif.col_changes"): [
            "; ".join(f"{table[k].label(lang)} → {factor_value(table[k], v, lang)}" for k, v in r["values"].items())
            or "—" for r in rows],
    })
    st.dataframe(compare, hide_index=True, width="stretch", column_config={
        t(lang, f"ui.whatif.col_{c}"): st.column_config.NumberColumn(format="¥%d") for c in ("low", "mid", "high")
    })
    if st.button(t(lang, "ui.whatif.clear_saved"), type="tertiary"):
        st.session_state[state.SAVED] = []
        st.rerun()
