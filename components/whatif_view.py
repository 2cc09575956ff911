"""What-if simulator: sliders for every factor, the estimated range and why it moved."""

from __future__ import annotations

import urllib.parse

import pandas as pd
import streamlit as st

from components import state
from limitlens import catalog, model
from limitlens.catalog import Factor
from limitlens.charts.whatif import fig_range, fig_tornado, fig_waterfall
from limitlens.factors import FactorSet
from limitlens.format import money, with_unit
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


def _url_factors() -> dict[str, str]:
    """The factor values in the address (language and anything else left out)."""
    return {k: st.query_params[k] for k in st.query_params if k in catalog.by_id()}


def _url_marker() -> str:
    """The factor part of the address, to tell a newly opened link from our own updates."""
    return urllib.parse.urlencode(sorted(_url_factors().items()))


LINK_PREFIX = "b_"  # ?b_income_monthly=15000: a shared link's baseline value
LINK_ASSUMED = "assumed"  # ?assumed=sesame_score,inquiries_6m: the sharer's assumed inputs


def baseline(fs: FactorSet, lang: str) -> tuple[dict, tuple[str, ...], bool]:
    """(values, assumed ids, from_link): a shared link's baseline when the address holds one
    (so the opener sees the sharer's numbers, and is told so), else the session's own."""
    table = catalog.by_id()
    raw = {
        k.removeprefix(LINK_PREFIX): st.query_params[k]
        for k in st.query_params
        if k.startswith(LINK_PREFIX) and k.removeprefix(LINK_PREFIX) in table
    }
    if not raw:
        return dict(fs.values), fs.assumed, False
    values, bad = dict(catalog.defaults()), []
    for fid, text in raw.items():
        try:
            values[fid] = table[fid].parse(text)
        except ValueError:
            bad.append(fid)
    assumed = tuple(a for a in st.query_params.get(LINK_ASSUMED, "").split(",") if a in table)
    assumed += tuple(fid for fid in table if fid not in raw and fid not in assumed)
    st.info(t(lang, "model.share.from_link"), icon=":material/link:")
    if bad:
        st.warning(t(lang, "ui.whatif.bad_link", ids=", ".join(bad)))
    return values, tuple(a for a in assumed if table[a].source != "scenario"), True


def scenario_from_url(lang: str) -> None:
    """?sesame_score=700&assets=20000 reproduces a shared scenario (never any uploaded data)."""
    marker = _url_marker()
    if not marker or st.session_state.get("ll_url_applied") == marker:
        return
    st.session_state["ll_url_applied"] = marker
    scenario, bad = {}, []
    for key, raw in _url_factors().items():
        try:
            scenario[key] = catalog.by_id()[key].parse(raw)
        except ValueError:
            bad.append(key)
    st.session_state[state.SCENARIO] = scenario
    state.forget_whatif_widgets()
    if bad:
        st.warning(t(lang, "ui.whatif.bad_link", ids=", ".join(bad)))


def reset(baseline: dict) -> None:
    """Every widget back to the baseline. The widgets are bound to the URL, which only
    session state can change: set them (a widget at its default leaves the address)."""
    st.session_state[state.SCENARIO] = {}
    for f in catalog.factors():
        st.session_state[f"{state.WHATIF_WIDGET}{f.id}"] = snap(f, baseline[f.id])
    for key in _url_factors():  # a shared link's own values
        del st.query_params[key]


def snap(f: Factor, value):
    """A value as its widget holds it: on the slider's step grid (percent sliders in whole %)."""
    if f.kind == "bool":
        return bool(value)
    if f.kind == "category":
        return value
    v = min(max(float(value), f.min), f.max)
    if f.display == "percent":
        return int(round(v * 100 / round(f.step * 100))) * int(round(f.step * 100))
    steps = round((v - f.min) / f.step)
    snapped = round(f.min + steps * f.step, 6)
    return int(snapped) if float(f.step).is_integer() else snapped


def _control(f: Factor, baseline, lang: str):
    """One widget per factor, seeded from the scenario (or baseline) the first time it shows.
    Returns the widget's value in widget units (see `snap`).

    Every widget is bound to the address (`bind="query-params"`): Streamlit keeps the moved
    ones in the URL with history.replaceState, so a slider step adds no Back-button entry, and
    a widget back at its default (the baseline) leaves the URL."""
    key = f"{state.WHATIF_WIDGET}{f.id}"
    start = snap(f, baseline[f.id])
    st.session_state.setdefault(
        key, snap(f, st.session_state[state.SCENARIO].get(f.id, baseline[f.id]))
    )
    label, help_text = f.label(lang), f.text[lang]["explain"]
    bound = {"key": key, "help": help_text, "bind": "query-params"}
    if f.kind == "bool":
        return st.toggle(label, value=start, **bound)
    if f.kind == "category":
        return st.selectbox(
            label,
            f.options,
            index=f.options.index(start),
            format_func=lambda o: f.option_label(o, lang),
            **bound,
        )
    if f.display == "percent":
        step = int(round(f.step * 100))
        return st.slider(label, 0, 100, value=start, step=step, format="%d%%", **bound)
    integer = float(f.step).is_integer()
    cast = int if integer else float
    unit = f.text[lang]["unit"]
    # The slider ends where the estimate stops responding (or at the value it must show).
    lo, hi = model.responsive_range(f.id)
    hi = max(snap(f, hi), st.session_state[key], start)
    lo = min(snap(f, lo), st.session_state[key], start)
    label = with_unit(label, unit, lang)
    if is_money(f):
        return _money_control(f, label, cast(lo), cast(hi), start, bound)
    return st.slider(
        label,
        cast(lo),
        cast(hi),
        value=start,
        step=cast(f.step),
        format=None if integer else "%.1f",
        **bound,
    )


def is_money(f: Factor) -> bool:
    return f.kind == "number" and f.text["en"]["unit"].startswith("CNY")


def _money_control(f: Factor, label: str, lo: int, hi: int, start: int, bound: dict):
    """Yuan: a slider for the rough move and a number box beside it for the exact amount (a
    phone's slider moves thousands of yuan per pixel). The slider holds the value."""
    key, box = bound["key"], f"{state.WHATIF_WIDGET}box_{f.id}"
    st.session_state[box] = st.session_state[key]  # the box shows what the slider holds

    def from_box() -> None:
        st.session_state[key] = snap(f, min(max(st.session_state[box], lo), hi))

    with st.container(horizontal=True, vertical_alignment="bottom", key=f"ll_money_{f.id}"):
        value = st.slider(
            label, lo, hi, value=start, step=int(f.step), format="¥%d", width="stretch", **bound
        )
        st.number_input(
            label,
            min_value=lo,
            max_value=hi,
            step=int(f.step),
            key=box,
            on_change=from_box,
            label_visibility="collapsed",
            width=130,
        )
    return value


def scenario_changes(widget_values: dict, baseline: dict) -> dict:
    """Only what the user moved: a widget still at the snapped baseline is no change, so a
    measured 14,975.99 shown on a 500-step slider is not reported as a move to 15,000."""
    table = catalog.by_id()
    changed = {}
    for fid, shown in widget_values.items():
        f = table[fid]
        if shown == snap(f, baseline[fid]):
            continue
        changed[fid] = shown / 100 if f.display == "percent" else shown
    return changed


def _mid_text(e: Estimate, lang: str) -> str:
    return money(e.mid) if e.eligible else t(lang, "ui.whatif.not_eligible")


def _range_text(e: Estimate, lang: str) -> str:
    if not e.eligible:
        return t(lang, "ui.whatif.no_range")
    return t(lang, "ui.whatif.range", low=money(e.low), high=money(e.high))


def delta_text(delta: int) -> str | None:
    """A change in yuan as st.metric reads it: an ASCII minus makes a red, downward delta."""
    if not delta:
        return None
    return f"{'+' if delta > 0 else '-'}{money(abs(delta))}"


def assumed_note(assumed: tuple[str, ...], lang: str) -> None:
    """How many inputs the estimate had to assume, with the way to fill them in."""
    if not assumed:
        st.caption(t(lang, "model.assumed.none"))
        return
    names = t(lang, "ui.list_sep").join(catalog.by_id()[fid].label(lang) for fid in assumed)
    st.caption(t(lang, "model.assumed.some", count=len(assumed), factors=names))
    st.page_link("pages/1_data.py", label=t(lang, "model.assumed.fill"), icon=":material/edit:")


def lever_order(levers: list[Factor], baseline: dict) -> list[Factor]:
    """The levers that can move the estimate most (their tornado swing at the baseline) first;
    ranked on the baseline, so the order stays put while sliders move (and is computed once
    per baseline, not on every move)."""

    def swings() -> dict[str, float]:
        return tornado(baseline).set_index("factor")["swing"].astype(float).to_dict()

    swing = state.memo("lever_swing", state.values_key(baseline), swings, size=2)
    return sorted(levers, key=lambda f: -swing.get(f.id, 0.0))


def _estimate(values: dict, assumed: tuple[str, ...]) -> Estimate:
    key = (state.values_key(values), tuple(assumed))
    return state.memo("estimate", key, lambda: estimate(values, assumed), size=16)


def _figures(
    baseline: dict,
    changed: dict,
    estimates: tuple[Estimate, Estimate],
    assumed: tuple[str, ...],
    lang: str,
):
    """The range, waterfall (None without a change) and tornado figures for one scenario, from
    its (baseline, scenario) estimates; remembered per scenario: a slider moved back to a value
    seen before redraws at once."""
    base_key, changed_key = state.values_key(baseline), state.values_key(changed)
    scenario = {**baseline, **changed}
    base_est, scen_est = estimates
    labels = {f.id: f.label(lang) for f in catalog.factors()}
    rng = state.memo(
        "fig_range",
        (lang, base_key, changed_key, assumed),
        lambda: fig_range(base_est, scen_est, lang),
        size=16,
    )
    wf = None
    if changed:
        wf = state.memo(
            "fig_waterfall",
            (lang, base_key, changed_key),
            lambda: fig_waterfall(waterfall(baseline, scenario), lang, labels, title=False),
            size=16,
        )
    tor = state.memo(
        "fig_tornado",
        (lang, state.values_key(scenario)),
        lambda: fig_tornado(tornado(scenario).head(TORNADO_ROWS), lang, labels, title=False),
        size=16,
    )
    return rng, wf, tor


def simulator(baseline: dict, lang: str, assumed: tuple[str, ...] = ()) -> None:
    """The fragment body: a slider move reruns only this (see page)."""
    groups = sections()
    # The answer goes on top (filled once the sliders are read). The summary is pinned under
    # the header (CSS on its key, components/shell.py): it stays in view while any slider moves.
    summary = st.container(key="ll_whatif_summary")
    details = st.container(border=True)
    controls, results = st.columns([2, 3], gap="large")
    scenario: dict = {}
    with controls:
        st.markdown(f"#### {t(lang, 'ui.whatif.levers')}")
        st.caption(t(lang, "ui.whatif.levers_order"))
        for f in lever_order(groups["levers"], baseline):
            scenario[f.id] = _control(f, baseline, lang)
        with st.expander(t(lang, "ui.whatif.time_only"), icon=":material/schedule:"):
            for f in groups["time"]:
                scenario[f.id] = _control(f, baseline, lang)
        with st.expander(t(lang, "ui.whatif.system"), icon=":material/policy:"):
            st.caption(t(lang, "ui.whatif.system_help"))
            for f in groups["system"]:
                scenario[f.id] = _control(f, baseline, lang)
    changed = scenario_changes(scenario, baseline)
    st.session_state[state.SCENARIO] = changed
    st.session_state["ll_url_applied"] = _url_marker()  # our own update, not a link to apply

    base_est = _estimate(baseline, assumed)
    scen_est = _estimate({**baseline, **changed}, tuple(a for a in assumed if a not in changed))
    fig_rng, fig_wf, fig_tor = _figures(baseline, changed, (base_est, scen_est), assumed, lang)
    delta = scen_est.mid - base_est.mid
    with summary, st.container(horizontal=True, gap="small"):
        st.metric(
            f"{t(lang, 'ui.whatif.baseline')} · {t(lang, 'ui.whatif.mid_label')}",
            _mid_text(base_est, lang),
            width="stretch",
        )
        st.metric(
            f"{t(lang, 'ui.whatif.scenario')} · {t(lang, 'ui.whatif.mid_label')}",
            _mid_text(scen_est, lang),
            delta=delta_text(delta),
            width="stretch",
        )
    with details:
        st.caption(
            t(
                lang,
                "ui.whatif.ranges",
                now=_range_text(base_est, lang),
                then=_range_text(scen_est, lang),
            )
        )
        with st.container(horizontal=True):
            st.button(
                t(lang, "ui.whatif.reset"),
                on_click=reset,
                args=(baseline,),
                icon=":material/restart_alt:",
                disabled=not changed,
            )
            with st.popover(t(lang, "ui.whatif.share"), icon=":material/link:"):
                st.caption(t(lang, "model.share.note"))
                st.code(share_link(baseline, assumed, changed, lang), language=None)
        assumed_note(scen_est.assumed, lang)
        sep = t(lang, "ui.sentence_sep")
        if not base_est.eligible:
            reasons = sep.join(t(lang, f"model.gate.{r}") for r in base_est.reasons)
            st.warning(t(lang, "ui.whatif.gates_now", reasons=reasons))
        if not scen_est.eligible:
            reasons = sep.join(t(lang, f"model.gate.{r}") for r in scen_est.reasons)
            st.error(t(lang, "ui.whatif.gates", reasons=reasons))
    with results:
        chart = {"width": "stretch", "config": {"displayModeBar": False}}
        st.plotly_chart(fig_rng, **chart)
        _why_not_higher(scen_est, {**baseline, **changed}, lang)
        if fig_wf is not None:
            st.markdown(f"#### {t(lang, 'ui.whatif.waterfall_title')}")
            st.caption(t(lang, "ui.whatif.waterfall_help"))
            st.plotly_chart(fig_wf, **chart)
        st.markdown(f"#### {t(lang, 'ui.whatif.tornado_title')}")
        st.caption(t(lang, "ui.whatif.tornado_help"))
        st.plotly_chart(fig_tor, **chart)


def _why_not_higher(e: Estimate, values: dict, lang: str) -> None:
    """The reasons worth the most yuan: what moves, to what, the gain, and the advice."""
    if not e.why_not_higher:
        return
    st.markdown(f"#### {t(lang, 'ui.whatif.why_title')}")
    table = catalog.by_id()
    for r in e.why_not_higher:
        f = table[r.id]
        move = t(
            lang,
            "model.reason.move",
            value=f.display_value(r.value, lang),
            to=f.display_value(r.to, lang),
        )
        gain = t(lang, "model.reason.gain", gain=money(r.gain))
        advice = f.text[lang]["advice"] if r.actionable else t(lang, "model.reason.not_actionable")
        st.markdown(f"- **{f.label(lang)}** {move} · :green[**{gain}**]  \n  {advice}")


def share_link(baseline: dict, assumed: tuple[str, ...], changed: dict, lang: str) -> str:
    """The whole baseline (factor values only: never transactions or file names), the inputs
    it assumed, and the moved values, so the opener sees the same result."""

    def text(v) -> str:
        return str(v).lower() if isinstance(v, bool) else str(v)

    base = (st.context.url or "").split("?")[0]
    query = {
        "lang": lang,
        **{f"{LINK_PREFIX}{k}": text(v) for k, v in baseline.items()},
        LINK_ASSUMED: ",".join(assumed),
        **{k: text(v) for k, v in changed.items()},
    }
    return f"{base}?{urllib.parse.urlencode(query)}"


def saved_scenarios(baseline: dict, lang: str, assumed: tuple[str, ...] = ()) -> None:
    """Save up to five named scenarios and compare them side by side."""
    saved: list = st.session_state[state.SAVED]
    st.subheader(t(lang, "ui.whatif.saved_title"))
    with st.form("ll_save_form", border=False, clear_on_submit=True):
        name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        name = name_col.text_input(
            t(lang, "ui.whatif.save_name"),
            max_chars=40,
            key="ll_save_name",
            placeholder=t(lang, "ui.whatif.save_placeholder", n=len(saved) + 1),
        )
        save = button_col.form_submit_button(
            t(lang, "ui.whatif.save"), disabled=len(saved) >= MAX_SAVED
        )
    if save and len(saved) < MAX_SAVED:
        saved.append(
            {
                "name": name.strip() or t(lang, "ui.whatif.save_placeholder", n=len(saved) + 1),
                "values": dict(st.session_state[state.SCENARIO]),
            }
        )
        st.rerun()  # redraw the form with the new count (the save button disables at five)
    if len(saved) >= MAX_SAVED:
        st.caption(t(lang, "ui.whatif.saved_full", n=MAX_SAVED))
    if not saved:
        st.caption(t(lang, "ui.whatif.saved_none"))
        return
    rows = [{"name": t(lang, "ui.whatif.baseline"), "values": {}}, *saved]
    results = estimate_many(pd.DataFrame([{**baseline, **r["values"]} for r in rows]), assumed)
    table = catalog.by_id()
    compare = pd.DataFrame(
        {
            t(lang, "ui.whatif.col_name"): [r["name"] for r in rows],
            t(lang, "ui.whatif.col_low"): results["low"].astype(int),
            t(lang, "ui.whatif.col_mid"): results["mid"].astype(int),
            t(lang, "ui.whatif.col_high"): results["high"].astype(int),
            t(lang, "ui.whatif.col_changes"): [
                t(lang, "ui.sentence_sep").join(
                    f"{table[k].label(lang)} → {table[k].display_value(v, lang)}"
                    for k, v in r["values"].items()
                )
                or "—"
                for r in rows
            ],
        }
    )
    st.dataframe(
        compare,
        hide_index=True,
        width="stretch",
        column_config={
            t(lang, f"ui.whatif.col_{c}"): st.column_config.NumberColumn(format="¥%d")
            for c in ("low", "mid", "high")
        },
    )
    if st.button(t(lang, "ui.whatif.clear_saved"), type="tertiary"):
        st.session_state[state.SAVED] = []
        st.rerun()
