"""One number and punctuation style per language, over every i18n catalog and the formatters:
thousands separators, full-width punctuation inside Chinese text, half-width in English, and
English plurals that agree with their number."""

from __future__ import annotations

import re
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limitlens import catalog
from limitlens.format import money, number, plural, signed_money
from limitlens.i18n import LANGS
from limitlens.paths import I18N_DIR

CJK = r"[\u3400-\u9fff]"
# ASCII punctuation touching a Chinese character: "芝麻分: 700", "收入,支出", "(元)".
ASCII_IN_ZH = re.compile(rf"{CJK} ?[,;:?!()]|[,;:?!()] ?{CJK}")
FULLWIDTH = re.compile(r"[，。：；（）！？、]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# A number of five or more digits with no separator, or a four-digit amount or count (a year,
# "2023 年", is no amount and keeps its four digits).
BARE_NUMBER = re.compile(
    r"(?<![\d.,])\d{5,}(?![\d.])|¥\d{4}(?!\d)"
    r"|(?<![\d.,])\d{4} ?(元|笔|条|行|CNY|transactions?|rows?)"
)
# "{count} transactions": a placeholder followed by a plural noun must come in _one/_other keys.
PLURAL_AFTER_PLACEHOLDER = re.compile(r"\{(\w+)\} ([a-z]+s)\b")
NOT_PLURAL = {"is", "was", "has", "as", "its", "this", "does", "always", "less", "plus", "across"}


def _flatten(prefix: str, node: dict, out: dict[str, str]) -> None:
    for key, value in node.items():
        if isinstance(value, dict):
            _flatten(f"{prefix}.{key}", value, out)
        else:
            out[f"{prefix}.{key}"] = str(value)


def _domain(lang: str, stem: str) -> dict[str, str]:
    out: dict[str, str] = {}
    with (I18N_DIR / lang / f"{stem}.toml").open("rb") as fh:
        _flatten(stem, tomllib.load(fh), out)
    return out


DOMAINS = sorted({p.stem for lang in LANGS for p in (I18N_DIR / lang).glob("*.toml")})


def style_violations(lang: str, texts: dict[str, str]) -> list[str]:
    """Every text that breaks the language's style, as "key: reason: text"."""
    bad = []
    for key, raw in texts.items():
        text = PLACEHOLDER.sub("0", raw)
        if BARE_NUMBER.search(text):
            bad.append(f"{key}: number without thousands separator: {raw}")
        if lang == "zh" and ASCII_IN_ZH.search(text):
            bad.append(f"{key}: ASCII punctuation in Chinese text: {raw}")
        if lang == "en":
            if FULLWIDTH.search(text):
                bad.append(f"{key}: full-width punctuation in English text: {raw}")
            if re.search(r"\w\(s\)", text):
                bad.append(f"{key}: '(s)' instead of a real plural: {raw}")
            for m in PLURAL_AFTER_PLACEHOLDER.finditer(raw):
                if not key.endswith("_other") and m.group(2) not in NOT_PLURAL:
                    bad.append(f"{key}: '{m.group(0)}' reads wrong for 1: use _one/_other keys")
    return bad


@pytest.mark.parametrize("stem", DOMAINS)
@pytest.mark.parametrize("lang", LANGS)
def test_catalog_follows_the_language_style(lang, stem):
    assert style_violations(lang, _domain(lang, stem)) == []


def test_the_style_check_catches_each_kind_of_mistake():
    assert (
        len(style_violations("zh", {"a": "共 4932 笔", "b": "芝麻分: 700", "c": "收入(元)"})) == 3
    )
    assert len(style_violations("zh", {"a": "¥66900"})) == 1
    assert (
        style_violations("zh", {"a": "共 {rows} 笔交易，2023 年起", "b": "1,000–300,000 元"}) == []
    )
    assert len(style_violations("en", {"a": "{count} inquiries", "b": "Income（CNY）"})) == 2
    assert style_violations("en", {"a_other": "{count} inquiries", "b": "From 2017 to 2026"}) == []


def test_plural_keys_come_in_pairs_in_both_languages():
    for lang in LANGS:
        keys = {k for stem in DOMAINS for k in _domain(lang, stem)}
        for key in keys:
            if key.endswith("_other"):
                assert key.removesuffix("_other") + "_one" in keys, key


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_money_always_has_separators_and_whole_yuan(value):
    text = money(value)
    assert re.fullmatch(r"−?¥\d{1,3}(,\d{3})*", text), text
    assert int(text.lstrip("−¥").replace(",", "")) == round(abs(value))


@given(st.integers(min_value=-(10**8), max_value=10**8))
def test_signed_money_says_which_way(value):
    text = signed_money(value)
    assert text[0] == ("+" if value > 0 else "−" if value < 0 else "¥")
    assert re.fullmatch(r"[+−]?¥\d{1,3}(,\d{3})*", text), text


def test_numbers_and_counts():
    assert number(4932) == "4,932"
    assert plural("en", "ui.status.rows", 1) == "1 transaction"
    assert plural("en", "ui.status.rows", 4932) == "4,932 transactions"
    assert plural("zh", "ui.status.rows", 4932) == "4,932 笔交易"


@pytest.mark.parametrize("fid", [f.id for f in catalog.factors() if f.kind == "number"])
def test_every_count_unit_agrees_with_one(fid):
    f = catalog.by_id()[fid]
    one, many = f.display_value(1, "en"), f.display_value(3, "en")
    if f.display == "percent" or f.text["en"]["unit"] in ("", "CNY"):
        return
    unit_one, unit_many = one.split(" ", 1)[-1], many.split(" ", 1)[-1]
    # "per month", "days/month" stay as they are; count nouns lose their -s for exactly one.
    if unit_many.endswith("s") and "/" not in unit_many and not unit_many.startswith("per"):
        assert not unit_one.endswith("s"), one
    for lang in LANGS:
        assert not BARE_NUMBER.search(f.display_value(123456, lang)), f.display_value(123456, lang)
