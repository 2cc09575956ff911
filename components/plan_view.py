"""Plan & report page pieces: the target, the plans side by side, the to-do list, the projection,
the report download and the comparison with an earlier report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from components import state
from components.downloads import safe_csv
from components.safe_text import plain
from limitlens import catalog, model, plan
from limitlens.charts.plan import fig_projection
from limitlens.factors import FactorSet
from limitlens.format import money, parse_money
from limitlens.i18n import LANGS, t
from limitlens.plan import text as plan_text
from limitlens.plan.presenter import (
    PlanState,
    change_text,
    comparison_text,
    month_ticks,
    plan_state,
    report_html,
    snapshot,
    when,
)
from limitlens.report import ReportError, Snapshot, compare, masked_history, read_snapshot

# Page-local session keys: canonical values survive a page switch, widget keys do not.
TARGET, K, CHOICE, PREVIOUS = "ll_plan_target", "ll_plan_k", "ll_plan_choice", "ll_plan_previous"
TARGET_W, K_W, CHOICE_W = "ll_plan_target_w", "ll_plan_k_w", "ll_plan_choice_w"
# The opt-in to plans and reasons that borrow: off unless the user says so (the What-if too).
ALLOW, ALLOW_W = "ll_allow_borrowing", "ll_plan_allow_borrowing_w"
PERSONAL = "ll_plan_personal"
MEMO = "plan_state"  # state.memo's name for the plan shown
NICE_TARGETS = (10_000, 20_000, 30_000, 50_000, 80_000, 100_000, 150_000, 200_000)  # then the top
MAX_K = plan_text.MAX_CHANGES_ASKED


def _keep(widget: str, canonical: str) -> None:
    st.session_state[canonical] = st.session_state[widget]


def default_target(mid: int) -> int:
    """The next round figure above today's central estimate."""
    top = model.product_range()[1]
    return next((n for n in NICE_TARGETS if mid < n < top), top)


def _target_typed(lang: str) -> None:
    """The target box is text, so it can show ¥80,000 the way every amount reads; what a user
    types (80000, 8万, ¥80,000) is read, kept within the estimate's range, and shown back."""
    value = parse_money(st.session_state[TARGET_W])
    if value is None:
        st.session_state["ll_plan_target_bad"] = st.session_state[TARGET_W]
    else:
        st.session_state.pop("ll_plan_target_bad", None)
        low, high = model.product_range()  # a target outside it is one no estimate reaches
        st.session_state[TARGET] = int(min(max(round(value), low), high))
    st.session_state[TARGET_W] = money(st.session_state[TARGET])


def controls(values: dict, lang: str) -> tuple[int, int]:
    """Target and the most changes a plan may use; returns (target, k)."""
    now = model.estimate(values).mid
    st.session_state.setdefault(TARGET, default_target(now))
    st.session_state.setdefault(K, plan.DEFAULT_MAX_CHANGES)
    st.session_state.setdefault(TARGET_W, money(st.session_state[TARGET]))
    st.session_state.setdefault(K_W, st.session_state[K])
    left, right = st.columns([3, 2])
    with left:
        st.text_input(
            t(lang, "plan.target_label"),
            key=TARGET_W,
            help=t(lang, "plan.target_help"),
            on_change=_target_typed,
            args=(lang,),
        )
        bad = st.session_state.get("ll_plan_target_bad")
        if bad is not None:
            shown = plain(str(bad)[:40])  # what the user typed, shown as typed
            st.error(t(lang, "format.bad_money", value=shown), icon=":material/error:")
    with right:
        st.select_slider(
            t(lang, "plan.max_changes_label"),
            options=list(range(1, MAX_K + 1)),
            key=K_W,
            on_change=_keep,
            args=(K_W, K),
        )
    borrowing_opt_in(lang, ALLOW_W)
    return int(st.session_state[TARGET]), int(st.session_state[K])


def borrowing_opt_in(lang: str, widget: str) -> None:
    """The opt-in to advice that borrows (off by default), kept under one canonical key so the
    Plan page and the What-if agree."""
    st.session_state.setdefault(ALLOW, False)
    st.session_state[widget] = st.session_state[ALLOW]
    st.toggle(
        t(lang, "advice.borrow_optin"),
        key=widget,
        help=t(lang, "advice.borrow_optin_help"),
        on_change=_keep,
        args=(widget, ALLOW),
    )


def current_state(values: dict, target: int, k: int, assumed: tuple[str, ...]) -> PlanState:
    """Goal seek + projection for the chosen plan, memoised in this session only."""
    choice = int(st.session_state.get(CHOICE, 0))
    allow = bool(st.session_state.get(ALLOW, False))
    key = (state.values_key(values), target, k, choice, assumed, allow)
    return state.memo(
        MEMO, key, lambda: plan_state(values, target, k, choice, assumed, allow), size=1
    )


def last_plan_state(session: Mapping) -> PlanState | None:
    """The plan the last run of the Plan page showed (`session`: its session state)."""
    return state.memo_last(session, MEMO)


def headline(ps: PlanState, lang: str, assumed: tuple[str, ...] = ()) -> None:
    """What is possible at all, then the word the plans need first (the core's verdict); out of
    reach, what caps the estimate and what would lift the cap."""
    st.caption(plan_text.reach(ps.seek).render(lang))
    verdict = plan_text.verdict(ps.seek)
    if verdict is None:
        return
    kind, message = verdict
    if kind == "already":
        st.success(message.render(lang))
        return
    st.warning(message.render(lang), icon=":material/block:" if kind == "unreachable" else None)
    caps = plan_text.caps(ps.seek, ps.values, lang, assumed)
    if caps:
        st.markdown(f"**{t(lang, 'planview.cap.title')}**\n\n" + "\n".join(f"- {c}" for c in caps))


def plans(ps: PlanState, lang: str) -> None:
    """The plans side by side, each saying how it differs and when one would pick it, and the
    choice of the one to follow."""
    found = [p for p in ps.seek.plans if p.changes]
    if not found:
        return
    st.subheader(t(lang, "plan.plans_title"))
    notes = plan_text.plan_notes(ps.seek, ps.values, lang)
    same = plan_text.same_amount(ps.seek, ps.values, lang)
    if same:
        st.info(same, icon=":material/info:")
    cols = st.columns(len(found))
    for n, (col, p, note) in enumerate(zip(cols, found, notes, strict=True), 1):
        with col.container(border=True):
            st.markdown(f"**{t(lang, 'plan.plan_name', n=n)}** · {note.tags[0]}")
            st.markdown(f"### {money(p.mid)}")
            st.caption(t(lang, "plan.plan_range", low=money(p.low), high=money(p.high)))
            effort = plan_text.effort_words(p.effort, lang)
            st.caption(t(lang, "planview.effort.meta", effort=effort, count=p.months))
            st.markdown(
                "\n".join(f"- {change_text(c.factor, c.before, c.after, lang)}" for c in p.changes)
            )
            follows_and_cost(p, lang)
            if note.tags[1:]:
                st.markdown("\n".join(f"- *{tag}*" for tag in note.tags[1:]))
            st.caption(note.pick)
    st.caption(plan_text.effort_scale_note(lang))
    if len(found) > 1:
        st.session_state.setdefault(CHOICE_W, min(st.session_state.get(CHOICE, 0), len(found) - 1))
        if st.session_state[CHOICE_W] >= len(found):
            st.session_state[CHOICE_W] = 0
        st.segmented_control(
            t(lang, "plan.choose"),
            options=list(range(len(found))),
            format_func=lambda i: t(lang, "plan.plan_name", n=i + 1),
            key=CHOICE_W,
            on_change=_choose,
        )


def follows_and_cost(p: plan.Plan, lang: str) -> None:
    """What the plan's actions bring with them, and what its borrowing costs."""
    table = catalog.by_id()
    for fid, v in p.follows.items():
        shown = table[fid].display_value(v, lang)
        st.caption(t(lang, "advice.follows_line", factor=table[fid].label(lang), value=shown))
    if p.interest_cny_12m:
        low, high = (money(x) for x in p.interest_cny_12m)
        st.warning(t(lang, "advice.borrow_why", low=low, high=high), icon=":material/payments:")


def _choose() -> None:
    chosen = st.session_state.get(CHOICE_W)
    st.session_state[CHOICE] = 0 if chosen is None else int(chosen)


def actions(ps: PlanState, lang: str, sources: dict[str, str] | None = None) -> None:
    """The chosen plan as steps; each step's advice fits the change and the user's own values
    (`sources` says which values came from the export and which the user declared)."""
    if not ps.actions:
        return
    st.subheader(t(lang, "plan.actions_title"))
    st.caption(t(lang, "plan.actions_help"))
    for i, a in enumerate(ps.actions, 1):
        with st.container(border=True):
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(f"**{i}. {change_text(a.factor, a.before, a.after, lang)}**")
            left.caption(plan_text.step_advice(a, ps.values, sources or {}, lang))
            right.markdown(f"**{t(lang, 'plan.action_gain', gain=money(a.gain))}**")
            effort = plan_text.effort_words(a.effort, lang)
            right.caption(t(lang, "planview.effort.step", effort=effort, count=a.months))


def projection(ps: PlanState, lang: str, today: date) -> None:
    if ps.projection is None:
        return
    st.subheader(t(lang, "plan.projection_title"))
    target = money(ps.seek.target)
    if not ps.seek.reachable:
        pass  # the headline already says the target is out of reach
    elif ps.reached is not None:
        st.info(
            t(
                lang,
                "plan.reached_in",
                target=target,
                month=ps.reached,
                when=when(today, ps.reached, lang),
            ),
            icon=":material/flag:",
        )
    else:
        st.info(t(lang, "plan.not_reached", target=target, count=ps.chosen.months))
    ticks = month_ticks(today, len(ps.projection) - 1, lang)
    label = "" if ps.reached is None else when(today, ps.reached, lang)
    fig = fig_projection(ps.projection, ps.seek.target, lang, ticks, ps.reached, label, title=False)
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, key="ll_plan_chart")
    st.caption(t(lang, "plan.time_note"))
    with st.expander(t(lang, "alt.as_table"), icon=":material/table:"):  # the chart as text
        st.dataframe(
            [
                {
                    t(lang, "alt.month"): when(today, int(r.month), lang),
                    t(lang, "alt.low"): money(int(r.low)),
                    t(lang, "alt.mid"): money(int(r.mid)),
                    t(lang, "alt.high"): money(int(r.high)),
                }
                for r in ps.projection.itertuples()
            ],
            hide_index=True,
            width="stretch",
        )


def previous_report(lang: str, today: date | None = None) -> Snapshot | None:
    """An earlier report uploaded here: read in memory, kept in this session only. One that
    cannot be used is one message (limitlens/snapshot_schema.py), and the page goes on."""
    st.markdown(f"**{t(lang, 'plan.previous_title')}**")
    up = st.file_uploader(
        t(lang, "plan.previous_label"),
        type=["html", "htm"],
        key="ll_plan_upload",
        help=t(lang, "plan.previous_help"),
    )
    if up is None:
        st.session_state.pop(PREVIOUS, None)
        return None
    held = st.session_state.get(PREVIOUS)
    if held and held[0] == up.file_id:
        return held[1]
    try:
        snap = read_snapshot(up.getvalue(), today)
    except ReportError as exc:
        st.session_state.pop(PREVIOUS, None)
        st.error(plain(exc.message.render(lang)), icon=":material/error:")
        return None
    st.session_state[PREVIOUS] = (up.file_id, snap)
    return snap


def comparison(fs: FactorSet, history, ps: PlanState, previous: Snapshot, lang: str, today) -> None:
    now = snapshot(fs, history, ps, today)
    cmp = compare(previous, now)
    summary, rows = comparison_text(cmp, lang)
    st.success(t(lang, "plan.compared", date=previous.date.isoformat()))
    box = {"reached": st.success, "on_track": st.success, "behind": st.warning}.get(
        cmp.status, st.info
    )
    box(summary)
    if not rows:
        st.caption(t(lang, "plan.no_moves"))
    else:
        st.dataframe(
            [
                {
                    t(lang, "plan.col_factor"): r["label"],
                    t(lang, "plan.col_before"): r["before"],
                    t(lang, "plan.col_now"): r["after"],
                    t(lang, "plan.col_move"): r["move"],
                }
                for r in rows
            ],
            hide_index=True,
            width="stretch",
        )


def report(fs: FactorSet, history, ps: PlanState, lang: str, today: date) -> None:
    """Download the report (built only when clicked), the masked CSV, and the comparison."""
    st.subheader(t(lang, "plan.report_title"))
    st.caption(t(lang, "plan.report_intro"))
    previous = previous_report(lang, today)
    if previous is not None:
        comparison(fs, history, ps, previous, lang, today)
    report_lang = (
        st.segmented_control(
            t(lang, "plan.report_lang"),
            options=list(LANGS),
            default=lang,
            format_func=lambda code: t(code, "lang.name"),
            key="ll_plan_report_lang",
        )
        or lang
    )

    personal = st.checkbox(
        t(lang, "planview.report.personal"),
        key=PERSONAL,
        help=t(lang, "planview.report.personal_help"),
    )

    def build() -> bytes:
        text = report_html(fs, history, ps, report_lang, today, previous, include_personal=personal)
        return text.encode("utf-8")

    st.download_button(
        t(lang, "plan.download_report"),
        data=build,
        file_name=f"limitlens_report_{today.isoformat()}.html",
        mime="text/html",
        key="ll_plan_download",
        icon=":material/description:",
        type="primary",
        on_click="ignore",
    )
    if history is not None and len(history):
        st.download_button(  # built on click: a year of history need not be masked every rerun
            t(lang, "plan.download_csv"),
            data=lambda: safe_csv(masked_history(history)),
            file_name="limitlens_history.csv",
            mime="text/csv",
            key="ll_plan_csv",
            icon=":material/download:",
            type="tertiary",
            on_click="ignore",
        )
    st.caption(t(lang, "plan.effort_note"))
