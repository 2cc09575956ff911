"""The report as a document: its first screen is the answer, personal text only when asked for,
a target already met reads as such, charts follow their box with no toolbar, tables stay
readable on a phone (limitlens/report.py rendering, limitlens/plan/presenter.py)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from limitlens import cli
from limitlens.factors import compute_factors
from limitlens.i18n import LANGS, t
from limitlens.plan.presenter import figures, plan_state, report_html
from tests.helpers import report_args
from tests.history_builder import make_history, row

EMPLOYER = "杭州某某科技有限公司"
TODAY = date(2026, 11, 20)


def history():
    rows = [
        row(f"2026-{m:02d}-10", 12_000, "in", category="income", counterparty=EMPLOYER)
        for m in range(1, 11)
    ]
    rows += [row("2026-06-01", 1500, "out", counterparty="房东")]
    return make_history(rows)


def report(lang: str, target: int | None, **kw) -> tuple[object, str]:
    h = history()
    fs = compute_factors(h, {"sesame_score": 690, "inquiries_6m": 3})
    st = plan_state(fs.values, target, 3, assumed=fs.assumed)
    return st, report_html(fs, h, st, lang, TODAY, **kw)


def sections(text: str) -> list[str]:
    return re.findall(r'<section id="(\w+)"', text)


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_thing_in_the_report_is_the_answer(lang):
    st, text = report(lang, 15_000)
    assert st.seek.reachable and sections(text)[0] == "summary"
    answer = text[text.index('<section id="summary">') : text.index("</section>")]
    est = st.estimate
    assert f"¥{est.low:,} – ¥{est.high:,}" in answer  # the range
    assert re.search(r"\(\+¥\d[\d,]*\)", answer)  # the top reasons, each with its gain
    line = t(lang, "planview.line.reach", target="¥15,000", changes="§", when="§").split("§")[0]
    assert 'class="line"' in answer and line in answer  # the plan in one line
    # before the answer only the title and the date line
    assert text.index("<h1>") < text.index('<section id="summary">')
    assert text.count("<p", 0, text.index('<section id="summary">')) == 1


def test_personal_fields_only_when_ticked_in():
    _, text = report("zh", 50_000)
    assert EMPLOYER not in text and t("zh", "report.income_sources", names="")[:4] not in text
    _, with_names = report("zh", 50_000, include_personal=True)
    assert t("zh", "report.income_sources", names=EMPLOYER) in with_names


@pytest.mark.parametrize("lang", LANGS)
def test_a_target_already_met_reads_as_such(lang):
    st, text = report(lang, 1_000)
    assert st.chosen is None and st.projection is None
    assert t(lang, "planview.line.already", target="¥1,000") in text
    assert t(lang, "report.already", mid=f"¥{st.estimate.mid:,}", target="¥1,000") in text
    plan = text[text.index('<section id="plan">') :]
    plan = plan[: plan.index("</section>")]
    assert "<table" not in plan  # no plan with nothing in it
    assert "第 0 个月" not in text and "month 0" not in text
    snapshot = json.loads(re.search(r'id="limitlens-figures">(.*?)</script>', text).group(1))
    assert len(snapshot) == 1  # the points chart only: no "now vs. plan", no projection


def test_charts_follow_their_box_and_show_no_toolbar():
    st, text = report("en", 50_000)
    for fig in figures(st, "en", TODAY).values():
        assert fig.layout.width is None and fig.layout.autosize is True
        assert (fig.layout.font.size or 12) >= 12  # 9 pt on paper
    assert "displayModeBar:false" in text and "responsive:true" in text
    assert "beforeprint" in text  # redrawn at the printed page's width
    assert re.search(r"\.chart \{[^}]*width: 100%", text)


def test_tables_stay_readable_on_a_phone():
    _, text = report("zh", 50_000)
    status = t("zh", "report.col.status")
    assert f'<th class="short">{status}</th>' in text  # 良好 never one character per line
    assert f'data-label="{status}"' in text
    assert re.search(r"td\.short, th\.short \{ white-space: nowrap; \}", text)
    assert "@media screen and (max-width: 600px)" in text
    assert re.search(
        r"@media print \{[^@]*table.keep, tr, figure, .chart[^}]*break-inside: avoid", text
    )


def test_the_command_line_leaves_personal_fields_out_unless_asked(tmp_path, capsys):
    common = report_args()
    label = t("zh", "report.income_sources", names="")
    assert cli.main([*common, "-o", str(tmp_path / "a.html")]) == 0
    assert label not in (tmp_path / "a.html").read_text(encoding="utf-8")
    assert cli.main([*common, "--include-personal", "-o", str(tmp_path / "b.html")]) == 0
    assert label in (tmp_path / "b.html").read_text(encoding="utf-8")
