"""The report: escaped, self-contained, and able to say what changed since the last one."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.downloads import safe_csv
from limitlens import catalog, snapshot_schema
from limitlens.factors import compute_factors
from limitlens.i18n import LANGS, t
from limitlens.plan.presenter import plan_state, report_html, snapshot
from limitlens.report import (
    SNAPSHOT_ID,
    ReportError,
    _script_json,
    compare,
    masked_history,
    movement,
    read_snapshot,
)
from tests.budget import examples
from tests.history_builder import make_history, row

EVIL = '<script>alert("x")</script>'
SECTIONS = ("summary", "factors", "charts", "plan", "method")


def evil_history():
    rows = [
        row(f"2026-{m:02d}-10", 9000, "in", category="income", counterparty=EVIL)
        for m in range(1, 11)
    ]
    rows += [
        row("2026-03-05", 50, "out", counterparty='=HYPERLINK("http://x")', description="奶茶"),
        row("2026-04-01", 200, "out", category="transfer_out", counterparty="张三丰"),
        row("2026-04-02", 80, "out", counterparty="中国移动", description="充值 13812345678"),
        row("2026-05-02", 80, "out", counterparty="alice.smith@example.com"),
    ]
    return make_history(rows)


def build(lang="en", target=60_000, today=date(2026, 11, 1), previous=None, profile=None):
    history = evil_history()
    fs = compute_factors(history, profile or {"sesame_score": 680})
    state = plan_state(fs.values, target, 3)
    text = report_html(fs, history, state, lang, today, previous, include_personal=True)
    return fs, history, state, text


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_is_there_and_user_text_is_inert(lang):
    _, _, state, text = build(lang)
    assert state.reasons
    for r in state.reasons:  # why not higher, each with what it alone adds
        assert f"(+¥{r.gain:,})" in text
    for sid in SECTIONS:
        assert f'<section id="{sid}">' in text
    assert 'id="disclaimer"' in text
    assert EVIL not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text  # shown, as text
    # our own four scripts only: snapshot, figures, plotly.js, the boot code
    assert len(re.findall(r"<script\b", text)) == 4
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", text)  # offline
    assert "Plotly.newPlot" in text and len(text) > 3_000_000  # plotly.js embedded


def test_script_json_cannot_close_its_element():
    text = _script_json({"x": "</script><script>alert(1)</script>", "y": "\u2028&"})
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><script>alert(1)</script>", "y": "\u2028&"}


def test_snapshot_round_trip_and_no_transactions_in_it():
    fs, history, state, text = build()
    snap = read_snapshot(text.encode())
    assert snap == snapshot(fs, history, state, date(2026, 11, 1))
    raw = re.search(
        rf'<script type="application/json" id="{SNAPSHOT_ID}">(.*?)</script>', text, re.S
    ).group(1)
    assert "alert" not in raw and "HYPERLINK" not in raw and "张三丰" not in raw
    assert set(json.loads(raw)) == set(snapshot_schema.TOP_KEYS)  # all its reader accepts, filled
    assert snap.plan is not None and snap.target == 60_000 and len(snap.projection) == 13


def test_a_later_report_compares_with_the_earlier_one():
    fs, history, state, first = build(target=60_000)
    before = read_snapshot(first.encode())
    later = {"sesame_score": 700, "inquiries_6m": 0}
    _, _, _, second = build(profile=later, today=date(2027, 1, 3), previous=before, lang="zh")
    assert '<section id="comparison">' in second
    assert "2026-11-01" in second and "（2 个月）" in second
    after = read_snapshot(second.encode())
    cmp = compare(before, after)
    assert cmp.months == 2
    moved = dict(zip(cmp.factors["factor"], cmp.factors["move"], strict=True))
    assert moved["sesame_score"] == "better" and moved["inquiries_6m"] == "better"
    assert cmp.status in ("reached", "on_track", "behind")
    assert cmp.expected_mid == before.projection[2]


def test_on_track_behind_and_reached_follow_the_projection():
    _, _, _, text = build(target=60_000)
    before = read_snapshot(text.encode())
    assert before.plan and before.projection
    later = replace(before, date=date(2027, 2, 1))  # 3 months on
    expected = before.projection[3]
    status = {}
    for mid in (expected - 100, expected, before.target):
        est = {**before.estimate, "mid": mid}
        status[mid] = compare(before, replace(later, estimate=est)).status
    assert status[expected - 100] == "behind"
    assert status[expected] in ("on_track", "reached")
    assert status[before.target] == "reached"
    assert compare(replace(before, plan=None, target=None), later).status == "no_plan"


def test_movement_reads_each_factor_direction():
    assert movement("inquiries_6m", 5, 2) == "better"
    assert movement("income_monthly", 5000, 4000) == "worse"
    assert movement("profile_updated", False, True) == "better"
    assert movement("overdue_now", False, True) == "worse"
    assert movement("region_tier", "tier2", "tier1") == "changed"
    assert movement("assets", 100, 100) == "same"


@pytest.mark.parametrize(
    "data, key",
    [
        (b"<html>nothing here</html>", "report.error.no_snapshot"),
        (
            f'<script type="application/json" id="{SNAPSHOT_ID}">{{"limitlens_snapshot": 1,'.encode(),
            "report.error.no_snapshot",
        ),
        (
            f'<script type="application/json" id="{SNAPSHOT_ID}">{{nope</script>'.encode(),
            "snapshot.problem.not_json",
        ),
        (
            f'<script type="application/json" id="{SNAPSHOT_ID}">[1, 2]</script>'.encode(),
            "report.error.no_snapshot",
        ),
        (b"x" * (21 * 1024 * 1024), "report.error.too_large"),
    ],
)
def test_not_a_report_is_a_clear_error(data, key):
    with pytest.raises(ReportError) as err:
        read_snapshot(data)
    assert err.value.message.key == key
    assert err.value.message.render("zh") and err.value.message.render("en")


def test_an_edited_snapshot_is_rejected():
    _, _, _, text = build()
    snap = read_snapshot(text.encode()).to_json()
    for edit in (
        {"factors": {**snap["factors"], "sesame_score": 5000}},
        {"factors": {**snap["factors"], "wealth": 1}},
        {"estimate": {"eligible": True, "low": "lots", "mid": 1, "high": 2}},
        {"date": "someday"},
        {"limitlens_snapshot": 99},
    ):
        bad = {**snap, **edit}
        blob = f'<script type="application/json" id="{SNAPSHOT_ID}">{_script_json(bad)}</script>'
        with pytest.raises(ReportError):
            read_snapshot(blob.encode())


def test_csv_of_the_history_masks_identifiers_and_defuses_formulas():
    masked = masked_history(evil_history())
    assert "row_id" not in masked.columns
    text = safe_csv(masked).decode("utf-8-sig")
    assert "13812345678" not in text and "****5678" in text
    assert "张三丰" not in text and "张**" in text
    assert "alice.smith@" not in text and "a***@example.com" in text
    assert "\n=" not in text and ",=" not in text and "'=HYPERLINK" in text
    assert len(masked) == len(evil_history())


def test_no_target_means_no_plan_section_content():
    history = evil_history()
    fs = compute_factors(history, {})
    state = plan_state(fs.values, None, 3)
    text = report_html(fs, history, state, "en", date(2026, 11, 1))
    assert t("en", "report.no_plan") in text
    assert read_snapshot(text.encode()).plan is None
    assert set(catalog.ids()) == set(read_snapshot(text.encode()).factors)


@settings(max_examples=examples(150), deadline=None)
@given(name=st.text(min_size=1, max_size=60))
def test_any_user_text_comes_out_as_text(name):
    """Whatever a counterparty is called, the report shows exactly it and adds no markup."""
    from limitlens.report import ReportContent, Snapshot, render

    snap = Snapshot(
        date=date(2026, 1, 1),
        factors=dict(catalog.defaults()),
        sources={},
        estimate={"eligible": True, "low": 1000, "mid": 2000, "high": 3000},
    )
    content = ReportContent(
        lang="en",
        snapshot=snap,
        factor_rows=[],
        why_not_higher=[],
        reasons=[],
        figures={},
        income_sources=[name],
    )
    text = render(content, plotly_js="")
    assert len(re.findall(r"<script\b", text)) == 4
    assert len(re.findall(r"<[a-zA-Z]", text)) == len(
        re.findall(r"<[a-zA-Z]", render(replace(content, income_sources=["x"]), plotly_js=""))
    )
    shown = re.search(r"<p class='muted'>(.*?)</p>", text, re.S).group(1)
    assert html.unescape(shown) == t("en", "report.income_sources", names=name)


def test_report_charts_keep_their_own_look_inside_the_streamlit_server():
    """Streamlit registers its own default plotly template, which leaves styling (and the room
    for axis labels) to the app; the report's charts must not inherit it."""
    import plotly.io as pio
    import streamlit  # noqa: F401  (what the page's process has imported)

    from limitlens.plan.presenter import figures

    before = pio.templates.default
    pio.templates.default = "streamlit"
    try:
        history = evil_history()
        fs = compute_factors(history, {})
        state = plan_state(fs.values, 60_000, 3)
        for fig in figures(state, "en", date(2026, 11, 1)).values():
            assert fig.layout.template.layout.plot_bgcolor == "#E5ECF6"
            assert fig.layout.template.layout.yaxis.automargin is True
    finally:
        pio.templates.default = before
