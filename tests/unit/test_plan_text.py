"""How a plan reads: effort in words on a stated scale, plans that say how they differ, an
out-of-reach target that names its cap and what would lift it, and step advice that fits the
change and the user's own values (limitlens/plan/text.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from limitlens import catalog, model, plan
from limitlens.i18n import LANGS, t
from limitlens.i18n import catalog as texts
from limitlens.plan import text as pt
from tests.budget import examples

TOP = model.product_range()[1]  # the highest limit: a target no plan passes

NO_SESAME = tuple(lever for lever in plan.levers() if lever != "sesame_score")


@given(st.floats(0, 100), st.floats(0, 100))
def test_more_effort_never_reads_as_less(a, b):
    bands = [band["id"] for band in pt.scale()["band"]]
    lo, hi = sorted((a, b))
    assert bands.index(pt.effort_band(lo)) <= bands.index(pt.effort_band(hi))


@pytest.mark.parametrize("lang", LANGS)
def test_the_scale_says_what_a_point_means_and_names_every_word(lang):
    note = pt.effort_scale_note(lang)
    assert f"{pt.scale()['hours_per_point']:g}" in note
    for band in pt.scale()["band"]:
        assert t(lang, f"planview.effort.{band['id']}") in note
    assert pt.effort_words(20.6, lang) == t(
        lang, "planview.effort.shown", words=t(lang, "planview.effort.very_hard"), count=20.6
    )


def _action(fid: str, before, after) -> plan.Action:
    return plan.Action(fid, before, after, 1000, 5.0, 3, "repay_on_time")


def test_sesame_advice_speaks_of_overdue_only_to_someone_who_has_one():
    step = _action("sesame_score", 650, 700)
    clean = pt.step_advice(step, {"overdue_24m": 0, "overdue_now": False}, {}, "zh")
    past = pt.step_advice(step, {"overdue_24m": 2, "overdue_now": False}, {}, "zh")
    now = pt.step_advice(step, {"overdue_24m": 2, "overdue_now": True}, {}, "zh")
    assert "逾期" not in clean and "650 分 → 700 分" in clean
    assert (
        "还清逾期" not in past and "24个月后移出" in past
    )  # nothing to clear, a record to outlive
    assert "还清逾期" in now


def test_income_advice_fits_where_the_income_came_from():
    step = _action("income_monthly", 8000, 9000)
    values = {"income_monthly": 8000}
    inferred = pt.step_advice(step, values, {"income_monthly": "inferred"}, "en")
    declared = pt.step_advice(step, values, {"income_monthly": "declared"}, "en")
    assert "proof" not in inferred.lower() and "profile" not in inferred.lower()
    assert "profile" in declared
    assert "¥8,000/month → ¥9,000/month" in inferred


@pytest.mark.parametrize("fid", plan.levers())
def test_every_lever_has_advice_of_its_own_in_both_languages(fid):
    keys = [
        k
        for k in texts("en")
        if k == f"planview.step.{fid}" or k.startswith(f"planview.step.{fid}.")
    ]
    assert keys, f"{fid} falls back to the general recommendation"
    for lang in LANGS:
        assert all(k in texts(lang) for k in keys)


@settings(max_examples=examples(15), deadline=None)
@given(
    sesame=st.integers(620, 800),
    inquiries=st.integers(0, 8),
    income=st.integers(3_000, 30_000),
)
def test_every_further_plan_says_what_it_uses_instead(sesame, inquiries, income):
    values = {"sesame_score": sesame, "inquiries_6m": inquiries, "income_monthly": income}
    seek = plan.seek(values, TOP)
    notes = pt.plan_notes(seek, values, "en")
    found = [p for p in seek.plans if p.changes]
    assert len(notes) == len(found)
    labels = catalog.by_id()
    for p, note in zip(found[1:], notes[1:], strict=True):
        dropped = [c.factor for c in found[0].changes if c.factor not in p.factors]
        assert dropped and all(labels[f].label("en") in note.tags[0] for f in dropped)
        assert note.pick.startswith("Pick it ")


# Profiles to search for each situation, so the tests hold whichever lever binds in the model of
# the day: (values, the levers a plan may use, the most changes).
SEARCH = [
    ({"sesame_score": s, "income_monthly": i, "assets": a}, only, k)
    for only in (NO_SESAME, None)
    for s in (600, 620, 650, 700, 800)
    for i in (5_000, 30_000, 80_000)
    for a in (0, 500_000)
    for k in (1, 3)
]


def _find(test) -> tuple[dict, tuple[str, ...] | None, plan.GoalSeek]:
    """The first profile in SEARCH whose seek for ¥300,000 satisfies `test`."""
    for values, only, k in SEARCH:
        seek = plan.seek(values, TOP, k, only=only)
        if test(values, seek):
            return values, only, seek
    raise AssertionError("no searched profile shows this situation")


def test_plans_ending_at_one_amount_say_why_and_how_to_choose():
    values, _, seek = _find(lambda v, s: len(s.plans) > 1 and len({p.mid for p in s.plans}) == 1)
    mid = seek.plans[0].mid
    text = pt.same_amount(seek, values, "zh")
    assert text.startswith(f"这 {len(seek.plans)} 个计划都到 ¥{mid:,}，因为")
    assert "选你最做得到的一个" in text
    assert pt.same_amount(plan.seek(values, 1_000), values, "zh") == ""  # no plans, nothing to say


def test_out_of_reach_names_the_sesame_ceiling_and_what_lifts_it():
    def ceiling(v, s) -> bool:
        return not s.reachable and bool(s.plans) and pt._cap_kind(v, s.plans[0]) == "ceiling"

    values, only, seek = _find(ceiling)
    caps = pt.caps(seek, values, "zh", only=only)
    at = {**values, **seek.plans[0].values()}["sesame_score"]  # the score the plan ends at
    assert caps[0].startswith(f"芝麻分 {at:,.0f} ") and f"¥{seek.max_mid:,}" in caps[0]
    lifted = f"{min(at + pt.SESAME_STEP, 950):,.0f}"
    assert caps[1].startswith(f"芝麻分到 {lifted} 时")  # a higher score, the higher cap it brings
    assert caps[-1] == t("zh", "planview.cap.horizon")
    assert not any("暂时" in c for c in caps)


def test_out_of_reach_names_the_changes_allowed_and_what_one_more_reaches():
    def other(v, s) -> bool:
        return (
            s.max_changes == 1
            and not s.reachable
            and bool(s.plans)
            and pt._cap_kind(v, s.plans[0]) == "other"
        )

    values, only, seek = _find(other)
    more = plan.seek(values, TOP, 2, only=only)
    caps = pt.caps(seek, values, "en", only=only)
    assert caps[0] == t("en", "planview.cap.changes", count=1)
    if more.max_mid > seek.max_mid:
        assert t("en", "planview.cap.more", count=2, max=f"¥{more.max_mid:,}") in caps
    assert pt.caps(plan.seek(values, 1_000), values, "en") == []  # reachable: no cap to name


def test_the_range_top_is_named_when_the_estimate_stops_there(monkeypatch):
    values, _, seek = _find(lambda v, s: not s.reachable and bool(s.plans))
    # The estimate stops at the range's top (whatever the model of the day reaches there).
    monkeypatch.setattr(pt, "range_top", lambda: seek.plans[0].mid)
    top = f"¥{seek.plans[0].mid:,}"
    assert pt.caps(seek, values, "en") == [t("en", "planview.cap.range_top", top=top)]


def test_the_plan_in_one_line():
    reached = plan.seek({"sesame_score": 700}, 1_000)
    assert pt.plan_line(reached, None, "", "zh") == t(
        "zh", "planview.line.already", target="¥1,000"
    )
    assert pt.plan_line(None, None, "", "en") == t("en", "planview.line.no_target")
    top = plan.seek({"sesame_score": 700}, TOP).max_mid
    seek = plan.seek({"sesame_score": 700}, top)
    line = pt.plan_line(seek, seek.plans[0], "Mar 2027", "en")
    assert seek.reachable and "Mar 2027" in line and f"¥{top:,}" in line
    out = pt.plan_line(plan.seek({"sesame_score": 700}, TOP), seek.plans[0], "", "zh")
    assert out.startswith(
        t("zh", "planview.line.unreachable", count=3, target="¥300,000", max="§", changes="")[:8]
    )


def test_the_command_line_says_why_plans_ending_at_one_amount_differ(capsys):
    from limitlens import cli
    from tests.helpers import PERSONAS

    args = ["plan", str(PERSONAS / "steady_employee.csv"), "--target", "80000", "--lang", "zh"]
    args += ["--profile", str(PERSONAS / "steady_employee.profile.json")]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "这 3 个计划都到" in out and "选你最做得到的一个" in out
    assert "代替" in out and "努力程度 2" not in out  # effort in words, never a bare number
    assert not re.search(r"\d{5}\.\d|->", out)  # ¥14,976/月 → ¥18,500/月, not 14975.99 -> 18500
