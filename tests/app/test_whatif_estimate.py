"""What-if, as a newcomer meets it: a worse scenario reads as a red fall, the reasons carry
their yuan, assumed inputs are named, and a shared link shows the sharer's result."""

from __future__ import annotations

import json
import urllib.parse

from streamlit.proto.Metric_pb2 import Metric as MetricProto

from components import state, whatif_view
from limitlens import catalog, model, plan, share
from limitlens.factors import compute_factors
from limitlens.i18n import LANGS, t
from tests.app.test_pages_render import app_test, move, run_page
from tests.unit.test_share import _old_link


def _metric(at, lang: str, which: str):
    label = f"{t(lang, f'ui.whatif.{which}')} · {t(lang, 'ui.whatif.mid_label')}"
    return next(m for m in at.metric if m.label == label)


def _money(v: int) -> str:
    return f"¥{v:,}"


def _persona_estimate(at) -> model.Estimate:
    result = at.session_state[state.IMPORT]
    fs = compute_factors(result.history, at.session_state[state.PROFILE])
    return model.estimate(fs.values, fs.assumed), fs


def test_more_inquiries_show_a_red_falling_estimate_in_both_languages():
    for lang in LANGS:
        at = run_page("whatif", lang, persona="steady_employee")
        base, fs = _persona_estimate(at)
        slider = at.slider(key="ll_w_inquiries_6m")
        move(at, slider, 10)  # many inquiries, short of the burst that reads "likely closed"
        scen = model.estimate({**fs.values, "inquiries_6m": 10}, fs.assumed)
        assert scen.mid < base.mid
        shown = _metric(at, lang, "scenario")
        assert shown.value == _money(scen.mid)
        assert shown.delta == f"-{_money(base.mid - scen.mid)}"
        # st.metric's own reading of the delta: red, pointing down
        assert shown.proto.color == MetricProto.MetricColor.RED
        assert shown.proto.direction == MetricProto.MetricDirection.DOWN


def test_the_inquiries_slider_ends_where_the_estimate_stops_responding():
    at = run_page("whatif", "en", persona="steady_employee")
    slider = at.slider(key="ll_w_inquiries_6m")
    assert slider.max == model.responsive_range("inquiries_6m")[1] < 30


def test_reasons_show_their_yuan_gain_largest_first():
    at = run_page("whatif", "en", persona="self_employed")
    e, _ = _persona_estimate(at)
    text = "\n".join(m.value for m in at.markdown)
    _, fs = _persona_estimate(at)
    reasons = plan.why_not_higher(fs.values, fs.assumed)
    positions = [text.index(t("en", "model.reason.gain", gain=_money(r.gain))) for r in reasons]
    assert positions == sorted(positions) and len(positions) >= 3


def test_assumed_inputs_are_counted_with_a_link_to_fill_them():
    at = run_page("whatif", "en")  # no data at all
    fs = compute_factors(None, {})
    captions = " ".join(c.value for c in at.caption)
    assert (
        t("en", "model.assumed.some", count=len(fs.assumed), factors="").split(":")[0] in captions
    )
    assert any(p.label == t("en", "model.assumed.fill") for p in at.get("page_link"))


def _copy_links(at) -> list[dict]:
    """What each copy-link component on the page was given (its link and its words)."""
    return [
        json.loads(el.proto.json)
        for el in at.get("bidi_component")
        if el.proto.component_name == "ll_copy_link"
    ]


def test_a_shared_link_shows_the_sharers_baseline_and_result_with_a_note():
    sharer = run_page("whatif", "en", persona="steady_employee")
    move(sharer, sharer.slider(key="ll_w_inquiries_6m"), 10)
    assert not _copy_links(sharer)  # the link is built only while the Share popover is open
    sharer.session_state[whatif_view.SHARE] = True  # the user opens it
    sharer.run()
    base, fs = _persona_estimate(sharer)
    (offered,) = _copy_links(sharer)  # the field and Copy button the popover offers
    assert offered["copy"] == t("en", "phone.share.copy")
    link = offered["link"]
    assert len(link) < 200  # short enough for a chat message
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query, keep_blank_values=True)
    assert set(query) == {"lang", "b", "s"}  # factor values only: no transactions, no file names
    assert share.decode({k: v[0] for k, v in query.items()}).scenario == {"inquiries_6m": 10}

    opener = app_test("whatif")  # a different visitor, no data of their own
    for key, (value,) in query.items():
        opener.query_params[key] = value
    opener.run()
    assert not opener.exception
    scen = model.estimate({**fs.values, "inquiries_6m": 10}, fs.assumed)
    assert _metric(opener, "en", "baseline").value == _money(base.mid)
    assert _metric(opener, "en", "scenario").value == _money(scen.mid)
    assert _metric(opener, "en", "scenario").delta == f"-{_money(base.mid - scen.mid)}"
    assert t("en", "model.share.from_link") in [i.value for i in opener.info]


def test_a_link_of_the_first_format_still_shows_the_sharers_result():
    sharer = run_page("whatif", "zh", persona="multi_borrower")
    base, fs = _persona_estimate(sharer)
    old = _old_link(fs.values, fs.assumed, {"lenders": 1.0})
    opener = app_test("whatif")
    for key, (value,) in urllib.parse.parse_qs(
        urllib.parse.urlsplit(old).query, keep_blank_values=True
    ).items():
        opener.query_params[key] = value
    opener.run()
    assert not opener.exception and not opener.warning
    scen = model.estimate({**fs.values, "lenders": 1.0}, fs.assumed)
    assert _metric(opener, "zh", "baseline").value == _money(base.mid)
    assert _metric(opener, "zh", "scenario").value == _money(scen.mid)


def test_a_first_draw_makes_jiebei_a_platform_and_says_so():
    """steady_employee never borrows: moving borrowing to once every two months moves the
    platforms lever to one with it (Jiebei itself), with a note, and the whole page reruns so
    the partner's slider shows it; moving platforms back to none stops the borrowing too."""
    at = run_page("whatif", "en", persona="steady_employee")
    _, fs = _persona_estimate(at)
    assert fs.values["lenders"] == 0 and fs.values["borrow_frequency"] == 0
    at.slider(key="ll_w_borrow_frequency").set_value(0.5).run()
    assert not at.exception, [e.value for e in at.exception]
    at.run()
    assert at.slider(key="ll_w_lenders").value == 1
    notes = " ".join(i.value for i in at.info)
    assert catalog.by_id()["lenders"].label("en") in notes and "Jiebei" in notes
    scen = model.estimate({**fs.values, "borrow_frequency": 0.5, "lenders": 1}, fs.assumed)
    assert _metric(at, "en", "scenario").value == _money(scen.mid)
    at.slider(key="ll_w_lenders").set_value(0).run()
    at.run()
    assert not at.exception
    assert at.slider(key="ll_w_borrow_frequency").value == 0
