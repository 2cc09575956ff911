"""The Plan & report page: a target gives honest plans, a projection, and a report to come back to."""

from __future__ import annotations

from datetime import date

from components import plan_view, state
from components.safe_text import plain
from limitlens import model, plan
from limitlens.factors import compute_factors
from limitlens.i18n import t
from limitlens.ingest import import_files
from limitlens.personas import persona_bytes, persona_profile, personas
from limitlens.plan import text as plan_text
from limitlens.plan.presenter import plan_state, report_html
from tests.app.test_pages_render import PAGES, run_page

TOP = model.product_range()[1]  # the highest limit: a target no plan passes

PERSONA = "new_graduate"


def persona_factors(persona: str):
    spec = next(p for p in personas() if p.id == persona)
    history = import_files([(spec.file, persona_bytes(persona))]).history
    return compute_factors(history, persona_profile(persona))


def persona_values(persona: str) -> dict:
    return persona_factors(persona).values


def halfway_target(persona: str) -> int:
    """A round target halfway between a sample's estimate today and the most 3 changes reach:
    reachable, and with room for different plans (computed, never a figure from today's model)."""
    values = persona_values(persona)
    now, top = plan.seek(values, TOP).current[1], plan.seek(values, TOP).max_mid
    return int(round((now + top) / 2, -3))


SEVERAL_PLANS = "self_employed"


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [w.value for w in at.warning] + [i.value for i in at.info] + [s.value for s in at.success]
    )
    return "\n".join(str(p) for p in parts)


def set_target(at, target: int, k: int | None = None):
    at.text_input(key=plan_view.TARGET_W).input(str(target)).run()
    if k is not None:
        at.select_slider(key=plan_view.K_W).set_value(k).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_reachable_target_shows_up_to_three_plans_actions_and_the_projection():
    target = halfway_target(SEVERAL_PLANS)
    at = set_target(run_page("plan", "en", persona=SEVERAL_PLANS), target)
    ps = plan_view.last_plan_state(at.session_state)
    assert ps.seek.target == target and ps.seek.reachable and 1 <= len(ps.seek.plans) <= 3
    shown = texts(at)
    for n in range(1, len(ps.seek.plans) + 1):
        assert f"**{t('en', 'plan.plan_name', n=n)}" in shown
    for p in ps.seek.plans:
        assert f"### ¥{p.mid:,}" in shown and p.mid >= target
    sources = persona_factors(SEVERAL_PLANS).sources
    for a in ps.actions:
        assert plan_text.step_advice(a, ps.values, sources, "en") in shown
    assert len(at.get("plotly_chart")) == 1
    assert ps.reached is not None and ps.reached <= ps.chosen.months <= 12
    assert f"in month {ps.reached} (" in shown


def test_an_unreachable_target_says_so_at_once_with_the_most_reachable():
    at = set_target(run_page("plan", "zh", persona=PERSONA), TOP, k=1)
    seek = plan_view.last_plan_state(at.session_state).seek
    assert not seek.reachable
    expected = t("zh", "plan.unreachable", count=1, max=f"¥{seek.max_mid:,}")
    assert expected in [w.value for w in at.warning]
    assert seek.plans and seek.plans[0].mid == seek.max_mid


def test_choosing_another_plan_changes_the_action_list():
    at = set_target(run_page("plan", "en", persona=SEVERAL_PLANS), halfway_target(SEVERAL_PLANS))
    first = plan_view.last_plan_state(at.session_state)
    assert len(first.seek.plans) > 1
    at.segmented_control(key=plan_view.CHOICE_W).set_value(1).run()
    second = plan_view.last_plan_state(at.session_state)
    assert second.chosen == first.seek.plans[1]
    assert {a.factor for a in second.actions} == second.chosen.factors


def test_target_survives_a_visit_to_another_page():
    at = set_target(run_page("plan", "en", persona=PERSONA), 40_000)
    at.switch_page(PAGES["method"]).run()
    at.switch_page(PAGES["plan"]).run()
    assert not at.exception
    assert at.text_input(key=plan_view.TARGET_W).value == "¥40,000"
    assert at.session_state[plan_view.TARGET] == 40_000


def _previous_report(target: int, when: date) -> bytes:
    spec = next(p for p in personas() if p.id == PERSONA)
    history = import_files([(spec.file, persona_bytes(PERSONA))]).history
    fs = compute_factors(history, {**persona_profile(PERSONA), "inquiries_6m": 6})
    state = plan_state(fs.values, target, plan.DEFAULT_MAX_CHANGES)
    return report_html(fs, history, state, "zh", when).encode("utf-8")


def test_uploading_an_earlier_report_shows_what_changed():
    at = run_page("plan", "en", persona=PERSONA)
    data = _previous_report(50_000, date(2026, 1, 15))
    at.file_uploader(key="ll_plan_upload").set_value([("old.html", data, "text/html")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("en", "plan.compared", date="2026-01-15") in [s.value for s in at.success]
    # the comparison's table (the projection's own table sits beside its chart)
    move = t("en", "plan.col_move")
    (table,) = [d.value for d in at.dataframe if move in d.value.columns]
    assert t("en", "report.move.better") in set(table[t("en", "plan.col_move")])  # 6 -> fewer


def test_a_file_that_is_not_a_report_gets_a_clear_message():
    at = run_page("plan", "zh")
    page = b"<html><body>not ours</body></html>"
    at.file_uploader(key="ll_plan_upload").set_value([("x.html", page, "text/html")]).run()
    assert not at.exception
    assert [e.value for e in at.error] == [plain(t("zh", "report.error.no_snapshot"))]


def test_a_target_already_reached_says_nothing_needs_to_change():
    at = set_target(run_page("plan", "en", persona="steady_employee"), 10_000)
    seek = plan_view.last_plan_state(at.session_state).seek
    assert seek.current[1] >= 10_000
    expected = t("en", "plan.already", mid=f"¥{seek.current[1]:,}", target="¥10,000")
    assert expected in [s.value for s in at.success]
    assert t("en", "plan.plans_title") not in [h.value for h in at.subheader]


def test_a_profile_no_plan_can_make_eligible_says_so():
    at = run_page("plan", "zh")
    at.session_state[state.PROFILE] = {"sesame_score": 400.0}
    at.run()
    assert not at.exception
    assert t("zh", "plan.hopeless", mid="¥0") in [w.value for w in at.warning]
