"""The Factors page answers "am I improving?" per factor, with the numbers as a table and CSV."""

from __future__ import annotations

from components.factor_view import TREND_OPEN
from limitlens import catalog
from limitlens.i18n import t
from limitlens.trend import MIN_MONTHS
from tests.app.test_pages_render import run_page


def _open(persona: str, lang: str):
    at = run_page("factors", lang, persona=persona)
    assert not [m for m in at.markdown if t(lang, "trend.verdict.improving") in m.value]
    at.session_state[TREND_OPEN] = True  # the user opens the section
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_two_year_history_says_which_factors_improve_and_how_sure():
    at = _open("steady_employee", "zh")
    lines = {
        m.value.split("**")[1]: m.value
        for m in at.markdown
        if m.value.startswith("**") and "-badge[" in m.value
    }
    income = lines[catalog.by_id()["income_monthly"].label("zh")]
    assert "在变好，很有把握：24 个完整月份里 +¥" in income
    assert "基本持平" in lines[catalog.by_id()["lenders"].label("zh")]
    # What moved comes first: the worsening and improving lines before the steady ones.
    verdicts = [v for line in lines.values() for v in ("在变差", "在变好", "基本持平") if v in line]
    assert verdicts == sorted(verdicts, key=["在变差", "在变好", "基本持平"].index)
    assert verdicts[0] == "在变差"
    table = next(d.value for d in at.dataframe if t("zh", "trend.col.verdict") in d.value.columns)
    assert len(table) == len(lines)
    assert set(table[t("zh", "trend.col.verdict")]) <= {
        t("zh", f"trend.verdict.{v}") for v in ("improving", "steady", "worsening")
    }
    assert any(b.proto.id.endswith("ll_dl_factor_trends") for b in at.get("download_button"))


def test_a_three_month_history_says_it_is_too_short():
    at = _open("new_graduate", "en")
    note = t("en", "trend.section.too_few", count=3, min=MIN_MONTHS)
    assert note in [i.value for i in at.info]
    badges = [m.value for m in at.markdown if m.value.startswith("**") and "-badge[" in m.value]
    assert badges and all(t("en", "trend.verdict.too_few") in b for b in badges)
