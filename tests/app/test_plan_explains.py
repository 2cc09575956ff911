"""The Plan page explains itself: no file paths, effort in words on a stated scale, plans that
say how they differ, an out-of-reach target that names its cap, step advice that fits the
user's own values, a target box that reads amounts the way they are written."""

from __future__ import annotations

import re

import pytest

from components import plan_view
from limitlens import model
from limitlens.i18n import LANGS, t
from limitlens.plan import text as plan_text
from tests.app.test_pages_render import run_page
from tests.app.test_plan_page import SEVERAL_PLANS, halfway_target, set_target, texts

TOP = model.product_range()[1]  # the highest limit: a target no plan passes

PATH = re.compile(r"\b(data|limitlens|components|pages)/|\.(toml|py)\b")


def every_proto(at) -> str:
    """Every element the run drew, labels and help texts included, as protobuf text."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", ["halfway", TOP])
def test_no_file_path_anywhere_on_the_plan_page(lang, target):
    goal = halfway_target(SEVERAL_PLANS) if target == "halfway" else target
    at = set_target(run_page("plan", lang, persona=SEVERAL_PLANS), goal)
    assert not PATH.search(every_proto(at)), PATH.search(every_proto(at))


def test_plans_read_effort_in_words_and_say_how_they_differ():
    at = set_target(run_page("plan", "en", persona=SEVERAL_PLANS), halfway_target(SEVERAL_PLANS))
    ps = plan_view.last_plan_state(at.session_state)
    shown = texts(at)
    assert plan_text.effort_scale_note("en") in shown
    notes = plan_text.plan_notes(ps.seek, ps.values, "en")
    assert len(notes) > 1
    for p, note in zip(ps.seek.plans, notes, strict=True):
        assert plan_text.effort_words(p.effort, "en") in shown
        assert note.pick in shown
        assert all(tag in shown for tag in note.tags)
    assert not re.search(r"Effort \d", shown)  # never a bare number without its scale


def test_out_of_reach_says_what_caps_it_and_advice_fits_the_user():
    # steady_employee: no overdue record, an income read from the export; the plan to the most
    # reachable raises the income
    at = set_target(run_page("plan", "zh", persona="steady_employee"), TOP)
    ps = plan_view.last_plan_state(at.session_state)
    assert not ps.seek.reachable and "income_monthly" in ps.chosen.factors
    shown = texts(at)
    assert "暂时" not in shown
    assert t("zh", "planview.cap.title") in shown
    assert t("zh", "planview.cap.changes", count=3) in shown
    captions = [c.value for c in at.caption]
    assert not any("还清逾期" in c for c in captions)  # nothing overdue to clear
    assert not any("收入证明" in c for c in captions)  # the income came from the export
    assert t("zh", "planview.step.income_monthly.inferred", before="§", after="§")[:8] in shown


def test_a_target_already_met_lists_no_plan_and_no_month_zero():
    at = set_target(run_page("plan", "zh", persona="steady_employee"), 10_000)
    ps = plan_view.last_plan_state(at.session_state)
    assert ps.chosen is None and ps.projection is None and not ps.actions
    shown = texts(at)
    assert "第 0 个月" not in shown and t("zh", "plan.plans_title") not in shown
    assert not at.get("plotly_chart")


def test_the_target_box_reads_amounts_as_people_write_them():
    at = run_page("plan", "zh", persona="new_graduate")
    box = at.text_input(key=plan_view.TARGET_W)
    assert re.fullmatch(r"¥\d{1,3}(,\d{3})*", box.value)
    box.input("8万").run()
    assert at.session_state[plan_view.TARGET] == 80_000
    assert at.text_input(key=plan_view.TARGET_W).value == "¥80,000"
    at.text_input(key=plan_view.TARGET_W).input("很多").run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("zh", "format.bad_money", value="很多")]
    assert at.session_state[plan_view.TARGET] == 80_000  # the last good target stays
    at.text_input(key=plan_view.TARGET_W).input("[x](http://evil) **y**").run()
    assert "\\[x\\]" in at.error[0].value and "\\*\\*y" in at.error[0].value  # shown as typed
    at.text_input(key=plan_view.TARGET_W).input("9999999").run()
    assert at.session_state[plan_view.TARGET] == TOP  # kept within the limit range
    assert not at.error


def test_personal_fields_are_a_choice_left_off_by_default():
    at = run_page("plan", "en", persona=SEVERAL_PLANS)
    box = at.checkbox(key=plan_view.PERSONAL)
    assert box.value is False and box.label == t("en", "planview.report.personal")
