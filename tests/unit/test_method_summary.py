"""The words that summarise the model (Method page intro, the report's "how this is estimated")
are generated from data/model.toml by `limitlens.method.summary`: they name every number of the
gates, points, capacity, floor, ceiling, risk, policy and range, follow the data when it changes,
and no text in the catalogs writes one of those numbers by hand. The article is credited only for
the factors it names."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from limitlens import catalog, i18n, model
from limitlens.format import money, number, percent
from limitlens.i18n import LANGS, t
from limitlens.method import gate_rule, method_tables, ours_sentence, summary
from limitlens.paths import DATA_DIR
from tests.helpers import clear_caches


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_names_every_number_of_the_model(lang):
    p = model.params()
    text = "\n".join(summary(lang))
    sesame = catalog.by_id()["sesame_score"]
    wanted = [
        number(p["base"]["points"]),
        f"÷ {number(p['strength']['points_to_double'])}",
        number(p["strength"]["ref"]),
        *(
            money(c["value"]) if c["id"] != "asset_share" else percent(c["value"])
            for c in p["capacity"]
            if c["id"] != "income_multiple"
        ),
        *(money(y) for part in ("floor", "ceiling") for _, y in p[part]["knots"]),
        *(
            sesame.display_value(x, lang)
            for part in ("floor", "ceiling")
            for x, _ in p[part]["knots"]
        ),
        *(gate_rule(g, lang) for g in p["gate"]),
        *(catalog.by_id()[g["factor"]].label(lang) for g in p["gate"] if g.get("outcome")),
        *(
            f"×{number(m, 2)}"
            for spec in p["policy"].values()
            for m in spec.values()
            if not isinstance(m, str)
        ),
        percent(p["range"]["band"]),
        percent(p["range"]["assumed_weight"]),
        money(p["range"]["round_to"]),
        *(percent(y) for _, y in p["range"]["thin_knots"]),
        t(lang, "model.outcome.not_eligible"),
        t(lang, "model.outcome.likely_closed"),
    ]
    missing = [w for w in wanted if w not in text]
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_lists_each_gate_under_its_outcome(lang):
    gates = summary(lang)[0]
    template = i18n.catalog(lang)["method.summary.gates"]
    # the severe list is what the text holds between the words around "{severe}"
    before = template.split("{severe}")[0].rsplit("}", 1)[-1]
    after = template.split("{severe}")[1].split("{")[0]
    start = gates.index(before) + len(before)
    severe_part = gates[start : gates.index(after, start)]
    for g in model.params()["gate"]:
        rule = gate_rule(g, lang)
        assert rule in gates
        assert (rule in severe_part) == (g.get("outcome") == "likely_closed"), g["id"]


# (what is replaced in model.toml, by what) and what the summary must then say instead
CHANGES = [
    ("points_to_double = 60", "points_to_double = 45"),
    ('id = "base_capacity"\nvalue = 20000', 'id = "base_capacity"\nvalue = 25000'),
    ("[950, 4500]]", "[950, 4800]]"),
    (
        'factor = "inquiries_6m"\nop = "ge"\nvalue = 15',
        'factor = "inquiries_6m"\nop = "ge"\nvalue = 12',
    ),
    ('value = 8\noutcome = "likely_closed"\n', "value = 8\n"),  # many platforms: not eligible
    ("band = 0.12", "band = 0.15"),
    ("round_to = 100", "round_to = 500"),
    ("tier1 = 1.1\n", "tier1 = 1.2\n"),
    ("[base]\npoints = 100", "[base]\npoints = 110"),
    ("assumed_weight = 0.5", "assumed_weight = 0.4"),
]


@pytest.fixture
def changed_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/model.toml with the CHANGES made, and the model reading the copy."""
    text = (DATA_DIR / "model.toml").read_text(encoding="utf-8")
    for old, new in CHANGES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "model.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(model, "MODEL_FILE", path)
    clear_caches()
    yield path
    monkeypatch.undo()
    clear_caches()


def test_the_summary_follows_the_data(changed_model):
    en, zh = "\n".join(summary("en")), "\n".join(summary("zh"))
    for text in (en, zh):
        assert "÷ 45" in text and "÷ 60" not in text
        assert "¥25,000" in text and "¥20,000" not in text
        assert "¥4,800" in text and "¥4,500" not in text
        assert "×1.20" in text
        assert "15%" in text  # the band
        assert "¥500" in text and "¥100" not in text
        assert "40%" in text and "50%" not in text  # the assumed inputs' weight
    assert "a constant base of 110" in en and "base of 100" not in en
    assert "110分起始分" in zh
    assert "Credit inquiries, 6 months: 12 inquiries or more" in en
    assert "近6个月征信查询达到12 次或以上" in zh
    # the platforms gate moved from the severe outcome to "not eligible"
    platforms = "Lending platforms used: 8 lenders or more"
    gates = summary("en")[0]
    assert gates.index(platforms) < gates.index(t("en", "model.outcome.likely_closed"))


def test_the_unchanged_data_says_the_old_numbers():
    """The counterpart of the test above: its assertions are not true of any text."""
    en = "\n".join(summary("en"))
    assert "÷ 60" in en and "¥20,000" in en and "¥4,500" in en and "a constant base of 100" in en


# Digits a summary text may hold: the formulas' own constants (2 ^ ..., a risk of 1), not parameters.
FORMULA_DIGITS = {"1", "2"}


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_about_the_model_writes_a_number_by_hand(lang):
    prefixes = ("method.", "model.method.", "report.method.", "ui.method.")
    found = {
        key: digits
        for key, text in i18n.catalog(lang).items()
        if key.startswith(prefixes) and (digits := set(re.findall(r"\d+", text)) - FORMULA_DIGITS)
    }
    assert not found, found


@pytest.mark.parametrize("lang", LANGS)
def test_the_method_page_and_the_report_show_the_summary(lang):
    from tests.app.test_pages_render import run_page

    at = run_page("method", lang)
    assert not at.exception
    shown = [m.value for m in at.markdown]
    for paragraph in summary(lang):
        assert paragraph in shown
    assert ours_sentence(lang) in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_explains_the_estimate_with_the_summary(lang):
    from tests.unit.test_report import build

    *_, page = build(lang)
    section = html.unescape(page.split('id="method"', 1)[1].split("</section>", 1)[0])
    for paragraph in summary(lang):
        assert f"<p>{paragraph}</p>" in section


# ------------------------------------------------------------------ origin: article or ours
def test_the_factors_we_added_are_named_as_ours():
    ours = {f.id for f in catalog.ours()}
    # The article speaks of long, steady BORROWING habits and of regions' thin data, never of
    # account age; nor of how much of a limit is in use.
    assert ours == {"history_months", "utilization"}
    assert all(f.origin in catalog.ORIGINS for f in catalog.factors())


def test_the_model_credits_the_article_only_for_its_factors():
    """A factor's points carry what the article says of it exactly when the article names it."""
    for fid, spec in model.params()["points"].items():
        named = catalog.by_id()[fid].origin == "article"
        for lang in LANGS:
            assert (f"article_{lang}" in spec) == named, (fid, lang)
    for lang in LANGS:
        points = method_tables(lang)["points"]
        article = points[t(lang, "model.col.article")]
        factor = points[t(lang, "model.col.factor")]
        for f in catalog.ours():
            assert set(article[factor == f.label(lang)]) == {t(lang, "model.method.not_in_article")}


@pytest.mark.parametrize("lang", LANGS)
def test_origin_is_shown_in_the_catalog_table_and_the_factors_page(lang):
    from limitlens.method import catalog_table
    from tests.app.test_pages_render import run_page

    table = catalog_table(lang)
    origin = dict(
        zip(table[t(lang, "ui.method.col_id")], table[t(lang, "method.col.origin")], strict=True)
    )
    assert origin == {f.id: t(lang, f"method.origin.{f.origin}") for f in catalog.factors()}
    sentence = ours_sentence(lang)
    assert all(f.label(lang) in sentence for f in catalog.ours())
    at = run_page("factors", lang)
    assert not at.exception
    assert sentence in [c.value for c in at.caption]
    badge = f":violet-badge[{t(lang, 'method.origin.badge')}]"
    marked = [m.value for m in at.markdown if badge in m.value]
    assert len(marked) == len(catalog.ours())  # one card per factor of ours, no other


def test_a_factor_without_an_origin_is_refused(tmp_path, monkeypatch):
    text = (DATA_DIR / "factors.toml").read_text(encoding="utf-8")
    (tmp_path / "factors.toml").write_text(
        text.replace('origin = "ours"\n', "", 1), encoding="utf-8"
    )
    monkeypatch.setattr(catalog, "DATA_DIR", tmp_path)
    catalog.factors.cache_clear()
    try:
        with pytest.raises(ValueError, match="needs origin"):
            catalog.factors()
    finally:
        monkeypatch.undo()
        catalog.factors.cache_clear()


@pytest.mark.parametrize("lang", LANGS)
def test_the_method_page_reads_one_list_of_its_tables(lang):
    """method.sections is the one list: every model table, then the plan's, the coherence rules
    and what follows, each named once and none empty (the page draws exactly these)."""
    from limitlens.method import sections

    names = [s.name for s in sections(lang)]
    assert len(names) == len(set(names))
    assert names[: len(method_tables(lang))] == list(method_tables(lang))
    assert names[-3:] == ["plan", "coherence", "follows"]
    assert all(len(s.table) > 0 and s.table.columns.is_unique for s in sections(lang))
