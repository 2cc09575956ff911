"""The outcome in plain words on every page: a good Sesame score does not outvote twelve overdue
records, and a merchant hears of MYbank."""

from __future__ import annotations

import pytest

from limitlens.i18n import LANGS, t
from tests.app.test_pages_render import PAGES, run_page

SEVERE = {"sesame_score": 800, "overdue_24m": 12, "inquiries_6m": 30, "lenders": 15}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_severe_risk_reads_likely_frozen_or_closed_on_every_page(page, lang):
    at = run_page(page, lang, profile=SEVERE)
    errors = " ".join(e.value for e in at.error)
    assert t(lang, "model.outcome.likely_closed") in errors
    assert t(lang, "model.gate.overdue_several") in errors


@pytest.mark.parametrize("page", ["home", "whatif"])
def test_an_eligible_profile_reads_its_range_and_a_merchant_hears_of_mybank(page):
    at = run_page(page, "zh", profile={"occupation": "self_employed", "sesame_score": 700})
    shown = " ".join(c.value for c in at.caption)
    assert t("zh", "model.outcome.eligible") in shown
    assert t("zh", "model.note.mybank_for_merchants") in " ".join(i.value for i in at.info)
