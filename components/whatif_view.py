"""What-if simulator: sliders for every factor, the estimated range and why it moved.

A lever move reruns two fragments, `_live` (the estimate) and `_live_explain` (its
explanation), and nothing else: each widget's callback asks for them by key. The levers
themselves are drawn by the page, so the browser keeps showing them as moved without the server
drawing twenty widgets again."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import pages, state
from components.copy_link import copy_link
from components.safe_text import plain
from limitlens import catalog, coherence, model, share
from limitlens.catalog import Factor
from limitlens.charts.whatif import fig_range, fig_tornado, fig_waterfall
from limitlens.factors import FactorSet
from limitlens.format import MONEY_SLIDER, money, with_unit
from limitlens.i18n import t
from limitlens.model import Estimate, estimate, estimate_many
from limitlens.plan import why_not_higher
from limitlens.projection import follows_outcomes
from limitlens.scenario import changes as scenario_changes
from limitlens.whatif import tornado, waterfall

MAX_SAVED = 5
LIVE = "ll_whatif_live"  # the fragments a lever move reruns: the estimate,
LIVE_EXPLAIN = "ll_whatif_live_explain"  # and its explanation
VIEW = "ll_whatif_view"  # the explanation on show (see VIEWS)
SHARE = "ll_whatif_share"  # the Share popover: the link is built only while it is open
VIEWS = ("why", "change", "weight")
PARTNERS = "ll_whatif_partners"  # {partner id: (the lever that moved it, its new value)}
TORNADO_ROWS = 12  # the factors that weigh most; the rest swing the estimate by little


def sections() -> dict[str, list[Factor]]:
    out: dict[str, list[Factor]] = {"levers": [], "time": [], "system": []}
    for f in catalog.factors():
        if f.group == "policy":
            out["system"].append(f)
        elif f.time_only or not (f.actionable or f.id in follows_outcomes()):
            out["time"].append(f)
        else:
            out["levers"].append(f)
    return out


def _url_marker() -> str:
    """The address's share-link part, to tell a newly opened link from our own updates."""
    return share.marker(st.query_params.to_dict())


def baseline(fs: FactorSet, lang: str) -> tuple[dict, tuple[str, ...], bool]:
    """(values, assumed ids, from_link): a shared link's baseline when the address holds one
    (so the opener sees the sharer's numbers, and is told so), else the session's own."""
    link = share.decode(st.query_params.to_dict())
    if link is None or not link.has_baseline:
        return dict(fs.values), fs.assumed, False
    st.info(t(lang, "model.share.from_link"), icon=":material/link:")
    return dict(link.baseline), link.assumed, True


def scenario_from_url(lang: str) -> None:
    """A shared link's scenario (never any uploaded data), applied once when the link opens;
    what it could not read is named then."""
    marker = _url_marker()
    if not marker or st.session_state.get("ll_url_applied") == marker:
        return
    st.session_state["ll_url_applied"] = marker
    link = share.decode(st.query_params.to_dict())
    st.session_state[state.SCENARIO] = dict(link.scenario) if link else {}
    state.forget_whatif_widgets()
    if link and link.bad:
        st.warning(plain(t(lang, "ui.whatif.bad_link", ids=link.bad)))


def reset(baseline: dict) -> None:
    """Every widget back to the baseline. The widgets are bound to the URL, which only
    session state can change: set them (a widget at its default leaves the address)."""
    st.session_state[state.SCENARIO] = {}
    for f in catalog.factors():
        st.session_state[f"{state.WHATIF_WIDGET}{f.id}"] = f.snap_widget(baseline[f.id])
    for key in share.scenario_params(st.query_params.to_dict()):  # a shared link's moves
        del st.query_params[key]


def _key(f: Factor) -> str:
    return f"{state.WHATIF_WIDGET}{f.id}"


def _rerun_live(*also: str) -> None:
    """A widget's callback: rerun the estimate and its explanation only (and `also`, the
    fragment of a money pair whose other half must follow)."""
    st.rerun([LIVE, LIVE_EXPLAIN, *also])


def _lever_moved(f: Factor, baseline: dict, *also: str) -> None:
    """A lever's callback: its value joins the scenario (the one widget that moved, not all
    twenty read again), then only the estimate reruns. A partner that a coherence rule ties to
    it moves too (its widget with it, so the whole page reruns), with a note saying why."""
    scenario = dict(st.session_state[state.SCENARIO])
    scenario.pop(f.id, None)
    scenario.update(scenario_changes({f.id: st.session_state[_key(f)]}, baseline))
    _, moved = coherence.settle({**baseline, **scenario}, [f.id])
    st.session_state[PARTNERS] = {p: (f.id, after) for p, (_, after) in moved.items()}
    if not moved:
        st.session_state[state.SCENARIO] = scenario
        _rerun_live(*also)
        return
    table = catalog.by_id()
    for p, (_, after) in moved.items():
        st.session_state[_key(table[p])] = table[p].snap_widget(after)
        scenario.pop(p, None)
        scenario.update(scenario_changes({p: table[p].snap_widget(after)}, baseline))
    st.session_state[state.SCENARIO] = scenario


def _read_scenario(baseline: dict) -> None:
    """The scenario as every widget shows it, on a run of the whole page (after the widgets are
    drawn: one bound to the address takes its value from there as it is drawn)."""
    values = {f.id: st.session_state[_key(f)] for f in catalog.factors()}
    st.session_state[state.SCENARIO] = scenario_changes(values, baseline)
    st.session_state["ll_url_applied"] = _url_marker()  # our own update, not a link to apply


def _seed(baseline: dict) -> None:
    """Every widget's value in session state before it is drawn (a money slider's ends read
    it): from the scenario the first time, else as the user left it."""
    scenario = st.session_state[state.SCENARIO]
    for f in catalog.factors():
        st.session_state.setdefault(_key(f), f.snap_widget(scenario.get(f.id, baseline[f.id])))


def _control(f: Factor, baseline, lang: str) -> None:
    """One widget per factor, holding its value in widget units (`Factor.snap_widget`) under `_key(f)`.

    Every widget is bound to the address (`bind="query-params"`): Streamlit keeps the moved
    ones in the URL with history.replaceState, so a slider step adds no Back-button entry, and
    a widget back at its default (the baseline) leaves the URL."""
    key = _key(f)
    start = f.snap_widget(baseline[f.id])
    label, help_text = f.label(lang), f.text[lang]["explain"]
    bound = {
        "key": key,
        "help": help_text,
        "bind": "query-params",
        "on_change": _lever_moved,
        "args": (f, baseline),
    }
    if f.kind == "bool":
        st.toggle(label, value=start, **bound)
    elif f.kind == "category":
        st.selectbox(
            label,
            f.options,
            index=f.options.index(start),
            format_func=lambda o: f.option_label(o, lang),
            **bound,
        )
    elif f.widget == "percent":
        lo, hi, step = f.widget_bounds()
        st.slider(label, lo, hi, value=start, step=step, format=f.widget_format(), **bound)
    else:
        _number_control(f, label, start, lang, bound)


def _number_control(f: Factor, label: str, start, lang: str, bound: dict) -> None:
    integer = float(f.step).is_integer()
    cast = int if integer else float
    unit = f.text[lang]["unit"]
    key = bound["key"]
    # The slider ends where the estimate stops responding (or at the value it must show).
    lo, hi = model.responsive_range(f.id)
    hi = max(f.snap_widget(hi), st.session_state[key], start)
    lo = min(f.snap_widget(lo), st.session_state[key], start)
    label = with_unit(label, unit, lang)
    if f.money:
        pair = f"ll_money_pair_{f.id}"
        st.fragment(
            lambda: _money_control(f, label, cast(lo), cast(hi), start, bound, pair), key=pair
        )()
        return
    st.slider(
        label,
        cast(lo),
        cast(hi),
        value=start,
        step=cast(f.step),
        format=f.widget_format(),
        **bound,
    )


def _money_control(
    f: Factor, label: str, lo: int, hi: int, start: int, bound: dict, pair: str
) -> None:
    """Yuan: a slider for the rough move and a number box beside it for the exact amount (a
    phone's slider moves thousands of yuan per pixel). The slider holds the value; the two are
    one fragment, `pair`, so a move of either redraws the other."""
    key, box = bound["key"], f"{state.WHATIF_WIDGET}box_{f.id}"
    st.session_state[box] = st.session_state[key]  # the box shows what the slider holds

    def from_box() -> None:
        st.session_state[key] = f.snap_widget(min(max(st.session_state[box], lo), hi))
        _lever_moved(*bound["args"], pair)

    with st.container(horizontal=True, vertical_alignment="bottom", key=f"ll_money_{f.id}"):
        slider = {**bound, "args": (*bound["args"], pair)}
        st.slider(
            label,
            lo,
            hi,
            value=start,
            step=int(f.step),
            format=f.widget_format(),
            width="stretch",
            **slider,
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


def _mid_text(e: Estimate, lang: str) -> str:
    return money(e.mid) if e.eligible else t(lang, f"model.outcome.{e.outcome}")


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
    st.page_link(
        pages.by_id()["data"].script, label=t(lang, "model.assumed.fill"), icon=":material/edit:"
    )


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


def _chart(fig) -> None:
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})


def _table(rows: list[dict], lang: str) -> None:
    """The chart above as text: the same numbers, for a screen reader or a careful reader."""
    with st.expander(t(lang, "alt.as_table"), icon=":material/table:"):
        st.dataframe(rows, hide_index=True, width="stretch")


def simulator(baseline: dict, lang: str, assumed: tuple[str, ...] = ()) -> None:
    """The estimate now and with the levers moved (pinned under the header: CSS on its key,
    components/shell.py), what the baseline assumes and can reset to, the levers, and the
    explanation beside them."""
    groups = sections()
    _seed(baseline)
    base_est = _estimate(baseline, assumed)
    with st.container(key="ll_whatif_sim"):  # the pinned summary's parent: it stays pinned here
        summary = st.container(key="ll_whatif_summary")
        details = st.container(border=True)
        controls, results = st.columns([2, 3], gap="large")
    with results:
        _view_picker(lang)
        explanation = st.container(key="ll_whatif_explain")
    with controls:
        st.markdown(f"#### {t(lang, 'ui.whatif.levers')}")
        st.caption(t(lang, "ui.whatif.levers_order"))
        for f in lever_order(groups["levers"], baseline):
            _control(f, baseline, lang)
        with st.expander(t(lang, "ui.whatif.time_only"), icon=":material/schedule:"):
            for f in groups["time"]:
                _control(f, baseline, lang)
        with st.expander(t(lang, "ui.whatif.system"), icon=":material/policy:"):
            st.caption(t(lang, "ui.whatif.system_help"))
            for f in groups["system"]:
                _control(f, baseline, lang)
    _read_scenario(baseline)
    with summary, st.container(horizontal=True, gap="small"):
        with st.container():  # what holds now: drawn with the page, not on every move
            st.metric(_metric_label("baseline", lang), _mid_text(base_est, lang))
            st.caption(_range_text(base_est, lang))
        _live(baseline, base_est, assumed, lang)  # the scenario beside it, in its own container
    with details:
        _details(baseline, base_est, assumed, lang)
    # Each fragment draws only inside itself, called where it shows. A fragment writing into a
    # container made outside it has that slot reserved only by a full run that reached the
    # fragment; a lever moved while a full run was still going cut that run short, and the
    # fragment rerun the move asked for raised StreamlitInvalidLayoutContextError.
    with explanation:
        _live_explain(baseline, base_est, assumed, lang)


def _metric_label(which: str, lang: str) -> str:
    return f"{t(lang, f'ui.whatif.{which}')} · {t(lang, 'ui.whatif.mid_label')}"


def _scenario_estimate(baseline: dict, assumed: tuple[str, ...]) -> tuple[dict, Estimate]:
    changed = st.session_state[state.SCENARIO]
    # a shared link may hold values that contradict each other: its partner is moved to fit
    scen_values, _ = coherence.settle({**baseline, **changed}, changed)
    return changed, _estimate(scen_values, tuple(a for a in assumed if a not in changed))


@st.fragment(key=LIVE)
def _live(baseline: dict, base_est: Estimate, assumed: tuple[str, ...], lang: str) -> None:
    """What a lever move redraws in the summary: the scenario's estimate."""
    _, scen_est = _scenario_estimate(baseline, assumed)
    st.metric(
        _metric_label("scenario", lang),
        _mid_text(scen_est, lang),
        delta=delta_text(scen_est.mid - base_est.mid),
    )
    st.caption(_range_text(scen_est, lang))


@st.fragment(key=LIVE_EXPLAIN)
def _live_explain(baseline: dict, base_est: Estimate, assumed: tuple[str, ...], lang: str) -> None:
    """What a lever move redraws beside the levers: the scenario's explanation."""
    changed, scen_est = _scenario_estimate(baseline, assumed)
    if not scen_est.eligible:
        st.error(t(lang, "ui.whatif.gates", reasons=_gate_text(scen_est, lang)))
        if scen_est.outcome == "likely_closed":
            st.caption(t(lang, "model.outcome.likely_closed_explain"))
    _partner_note(changed, lang)
    _explain(baseline, changed, (base_est, scen_est), lang, assumed)


def _partner_note(changed: dict, lang: str) -> None:
    """Which levers a coherence rule moved with the one the user moved, and why."""
    table = catalog.by_id()
    for p, (lever, after) in st.session_state.get(PARTNERS, {}).items():
        if p not in changed and lever not in changed:
            continue
        # the rule that ties it to the moved lever, or (moved in turn) to another partner
        ruled = [r for r in coherence.rules() if p in r.factors]
        rule = next((r for r in ruled if lever in r.factors), ruled[0])
        text = t(
            lang,
            "advice.partner_moved",
            a=table[p].label(lang),
            va=table[p].display_value(after, lang),
            why=rule.why(lang),
        )
        st.info(text, icon=":material/link:")


def _gate_text(e: Estimate, lang: str) -> str:
    return t(lang, "ui.sentence_sep").join(t(lang, f"model.gate.{r}") for r in e.reasons)


def _details(baseline: dict, base_est: Estimate, assumed: tuple[str, ...], lang: str) -> None:
    """What stays put while the levers move: the baseline's gates and assumptions, Reset and
    Share."""
    if not base_est.eligible:
        st.warning(t(lang, "ui.whatif.gates_now", reasons=_gate_text(base_est, lang)))
    assumed_note(assumed, lang)
    with st.container(horizontal=True):
        st.button(
            t(lang, "ui.whatif.reset"),
            on_click=reset,
            args=(baseline,),
            icon=":material/restart_alt:",
        )
        popover = st.popover(
            t(lang, "ui.whatif.share"), icon=":material/link:", key=SHARE, on_change="rerun"
        )
        with popover:
            st.caption(t(lang, "model.share.note"))
            if popover.open:  # the scenario as it is when the popover opens
                changed = st.session_state[state.SCENARIO]
                copy_link(share_link(baseline, assumed, changed, lang), lang, key="ll_share_link")


def _view_picker(lang: str) -> None:
    """Which explanation to show. Drawn with the page, not on every move: picking one reruns
    the estimate's fragment, which draws it."""
    st.segmented_control(
        t(lang, "ui.whatif.view"),
        VIEWS,
        default=VIEWS[0],
        required=True,
        format_func=lambda v: t(lang, f"ui.whatif.view_{v}"),
        key=VIEW,
        on_change=_rerun_live,
        label_visibility="collapsed",
        width="stretch",
    )


def _explain(
    baseline: dict,
    changed: dict,
    estimates: tuple[Estimate, Estimate],
    lang: str,
    assumed: tuple[str, ...] = (),
) -> None:
    """The explanation picked (`_view_picker`), the reasons first: a chart is drawn only while
    it is picked (each is remembered per scenario, so a slider moved back redraws at once)."""
    view = st.session_state.get(VIEW, VIEWS[0])
    base_est, scen_est = estimates
    if view not in ("change", "weight"):  # the reasons: what most moves run through
        values, _ = coherence.settle({**baseline, **changed}, changed)
        _why_not_higher(values, tuple(a for a in assumed if a not in changed), lang)
        return
    scenario = {**baseline, **changed}
    labels = {f.id: f.label(lang) for f in catalog.factors()}
    key = (lang, state.values_key(baseline), state.values_key(changed))
    if view == "change":
        rng = (*key, base_est.assumed)  # the range also widens with what is assumed
        _chart(state.memo("fig_range", rng, lambda: fig_range(base_est, scen_est, lang), size=16))
        _table(
            [
                {
                    t(lang, "alt.which"): t(lang, f"model.chart.{which}"),
                    t(lang, "alt.low"): money(e.low),
                    t(lang, "alt.mid"): _mid_text(e, lang),
                    t(lang, "alt.high"): money(e.high),
                }
                for which, e in (("baseline", base_est), ("scenario", scen_est))
            ],
            lang,
        )
        st.markdown(f"#### {t(lang, 'ui.whatif.waterfall_title')}")
        if not changed:
            st.caption(t(lang, "ui.whatif.change_none"))
            return
        st.caption(t(lang, "ui.whatif.waterfall_help"))
        wf = state.memo(
            "fig_waterfall",
            key,
            lambda: fig_waterfall(waterfall(baseline, scenario), lang, labels, title=False),
            size=16,
        )
        _chart(wf)
        _table(
            [
                {
                    t(lang, "alt.factor"): labels[r.factor],
                    t(lang, "alt.change"): delta_text(int(r.delta_mid)) or "0",
                    t(lang, "alt.running"): money(int(r.running_mid)),
                }
                for r in waterfall(baseline, scenario).itertuples()
            ],
            lang,
        )
    else:
        st.caption(t(lang, "ui.whatif.tornado_help"))
        rows = lambda: tornado(scenario).head(TORNADO_ROWS)  # noqa: E731
        _chart(
            state.memo(
                "fig_tornado",
                (lang, state.values_key(scenario)),
                lambda: fig_tornado(rows(), lang, labels, title=False),
                size=16,
            )
        )
        _table(
            [
                {
                    t(lang, "alt.factor"): labels[r.factor],
                    t(lang, "alt.worst"): money(int(r.low_mid)),
                    t(lang, "alt.best"): money(int(r.high_mid)),
                    t(lang, "alt.swing"): money(int(r.swing)),
                }
                for r in rows().itertuples()
            ],
            lang,
        )


def _why_not_higher(values: dict, assumed: tuple[str, ...], lang: str) -> None:
    """The reasons worth the most yuan: what moves, to what, the gain, and the advice. Each is a
    move a one-change plan could make this year (the planner's rules), borrowing only if the
    user opted in on the Plan page."""
    allow = bool(st.session_state.get("ll_allow_borrowing", False))
    reasons = state.memo(
        "reasons",
        (state.values_key(values), assumed, allow),
        lambda: why_not_higher(values, assumed, allow),
        size=16,
    )
    lines = []
    table = catalog.by_id()
    for r in reasons:
        f = table[r.id]
        move = t(
            lang,
            "model.reason.move",
            value=f.display_value(r.value, lang),
            to=f.display_value(r.to, lang),
        )
        gain = t(lang, "model.reason.gain", gain=money(r.gain))
        if r.actionable:
            advice = f.text[lang]["advice"]
        elif r.id in follows_outcomes():
            advice = t(lang, "advice.sesame_outcome")
        else:
            advice = t(lang, "model.reason.not_actionable")
        lines.append(f"- **{f.label(lang)}** {move} · :green[**{gain}**]  \n  {advice}")
    if not reasons:
        lines.append(t(lang, "ui.whatif.why_none"))
    st.markdown("\n".join(lines))


def share_link(baseline: dict, assumed: tuple[str, ...], changed: dict, lang: str) -> str:
    """This page's address with the scenario in it (limitlens/share.py), so the opener sees
    the same result."""
    return share.link(st.context.url or "", lang, baseline, assumed, changed)


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
            t(lang, f"ui.whatif.col_{c}"): st.column_config.NumberColumn(format=MONEY_SLIDER)
            for c in ("low", "mid", "high")
        },
    )
    if st.button(t(lang, "ui.whatif.clear_saved"), type="tertiary"):
        st.session_state[state.SAVED] = []
        st.rerun()
