"""One number style everywhere (limitlens/format.py owns it): ¥ and thousands separators on every
amount, months as each language writes them, amounts typed the way people type them, and the
command line speaking the same style."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limitlens import cli
from limitlens import format as fmt
from limitlens.charts.plan import fig_projection
from limitlens.charts.whatif import fig_range, fig_tornado, fig_waterfall
from limitlens.i18n import LANGS, catalog
from limitlens.model import estimate
from limitlens.projection import project
from limitlens.whatif import tornado, waterfall
from tests import ingest_fixtures as F


def test_months_read_as_the_language_writes_them():
    assert fmt.month(2026, 12, "zh") == "2026年12月"
    assert fmt.month(2026, 12, "en") == "Dec 2026"
    assert fmt.months_after(date(2026, 11, 30), 2) == (2027, 1)


@pytest.mark.parametrize("lang", LANGS)
def test_axis_ticks_name_the_month_and_the_year_where_it_changes(lang):
    ticks = fmt.month_ticks(date(2026, 11, 5), 14, lang)
    assert len(ticks) == 15
    with_year = [i for i, tick in enumerate(ticks) if re.search(r"20\d\d", tick)]
    assert with_year == [0, 2, 14]  # the first tick, then each January
    assert not any(re.fullmatch(r"\d\d/\d\d", tick) for tick in ticks)  # never "26/12"
    assert ticks[1] == ("12月" if lang == "zh" else "Dec")


@given(st.integers(min_value=0, max_value=10**9))
def test_every_amount_shown_reads_back_as_itself(value):
    shown = fmt.money(value)
    assert shown.startswith("¥") and fmt.parse_money(shown) == value
    assert re.fullmatch(r"¥\d{1,3}(,\d{3})*", shown)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("80000", 80_000), ("80,000", 80_000), ("¥80,000", 80_000), ("￥ 80,000 ", 80_000),
     ("8万", 80_000), ("8.5w", 85_000), ("80k", 80_000), ("80000元", 80_000),
     ("８万", 80_000), ("abc", None), ("", None), ("-5", None), ("1e9", None)],
)  # fmt: skip
def test_amounts_typed_the_way_people_type_them(typed, value):
    assert fmt.parse_money(typed) == value


def test_money_with_cents():
    assert fmt.money(15326.5, 2) == "¥15,326.50"
    assert fmt.money(-0.004, 2) == "¥0.00"


def _money_axes(fig) -> list[dict]:
    layout = fig.to_plotly_json()["layout"]
    return [v for k, v in layout.items() if k.startswith(("xaxis", "yaxis")) and "tickformat" in v]


def test_every_money_axis_and_hover_in_the_app_charts_carries_yen_and_separators():
    values = {"sesame_score": 650, "inquiries_6m": 4}
    est = estimate(values)
    better = estimate({**values, "inquiries_6m": 0})
    figs = [
        fig_range(est, better, "zh"),
        fig_waterfall(waterfall(values, {"inquiries_6m": 0}), "zh", {}),
        fig_tornado(tornado(values), "zh", {}),
        fig_projection(
            project(values, {}, 12), 80_000, "zh", fmt.month_ticks(date.today(), 12, "zh")
        ),
    ]
    for fig in figs:
        axes = _money_axes(fig)
        assert axes, fig.layout.title
        assert all(a == {**a, **fmt.MONEY_AXIS} for a in axes)
        hovers = [tr.hovertemplate for tr in fig.data if tr.hovertemplate]
        assert hovers  # a yuan placeholder always has its ¥ (customdata holds formatted money)
        assert not any(re.search(r"(?<!¥)%\{(x|y|customdata)(\[\d\])?:,\.0f\}", h) for h in hovers)


def _inspect(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["inspect", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_inspect_in_chinese_names_categories_and_writes_yuan_in_one_style(tmp_path, capsys):
    path = tmp_path / "支付宝交易明细.csv"
    path.write_bytes(F.a3())
    code, out, _ = _inspect(capsys, str(path), "--lang", "zh")
    assert code == 0
    totals = next(line for line in out.splitlines() if line.startswith("收入"))
    assert fmt.money(F.ALIPAY_MONTH_TOTALS["in"], 2) in totals  # ¥12,200.00
    assert "元" not in totals and not re.search(r"\d{4}\.\d\d", totals)
    cats = next(line for line in out.splitlines() if line.startswith("分类"))
    names = catalog("zh")
    assert names["charts.category.income"] in cats and names["charts.category.spending"] in cats
    assert not re.search(r"[a-z_]{3,}", cats)  # no raw keys such as `spending` or `loan_repay`


def test_inspect_in_english_keeps_the_same_number_style(tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_bytes(F.a3())
    _, out, _ = _inspect(capsys, str(path))
    assert f"in {fmt.money(F.ALIPAY_MONTH_TOTALS['in'], 2)}" in out
    assert catalog("en")["charts.category.income"] in out


def test_the_usage_line_names_the_installed_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert capsys.readouterr().out.startswith("usage: limitlens ")
    assert cli.main(["inspect", "/no/such/file.csv"]) == 2
