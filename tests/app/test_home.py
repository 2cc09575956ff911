"""Home starts a newcomer at once: the upload and the samples come before everything else."""

from __future__ import annotations

from components import state
from limitlens.format import plural
from limitlens.i18n import LANGS, t
from limitlens.paths import PERSONAS_DIR
from tests.app.test_pages_render import run_page


def _order(at) -> list[str]:
    """What the main area shows, in page order: widget keys and markdown texts."""
    out = []

    def walk(node) -> None:
        key = getattr(node, "key", None)
        if key:
            out.append(key)
        elif getattr(node, "type", "") in ("markdown", "expandable"):
            out.append(getattr(node, "value", None) or getattr(node, "label", ""))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return out


def test_upload_and_samples_come_before_the_export_guide_and_the_steps():
    for lang in LANGS:
        order = _order(run_page("home", lang))
        upload = order.index("ll_home_uploader")
        sample = order.index("ll_persona_steady_employee")
        guide = order.index("ll_export_guide")
        steps = order.index(f"**{t(lang, 'ui.home.step1_title')}**")
        assert upload < sample < guide < steps


def test_an_export_dropped_on_home_is_imported_with_a_link_to_its_report():
    at = run_page("home", "zh")
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at.file_uploader(key="ll_home_uploader").set_value([("mine.csv", data, "text/csv")]).run()
    assert not at.exception
    rows = len(at.session_state[state.IMPORT].history)
    assert rows > 0 and at.session_state[state.SOURCE]["kind"] == "upload"
    assert plural("zh", "phone.home.imported", rows) in [s.value for s in at.success]
    assert t("zh", "phone.home.report") in [p.label for p in at.get("page_link")]


def test_a_sample_picked_after_an_upload_stays_and_empties_the_uploader():
    """The files left in Home's uploader used to be imported again over the sample at once."""
    at = run_page("home", "en")
    data = (PERSONAS_DIR / "new_graduate.csv").read_bytes()
    at.file_uploader(key="ll_home_uploader").set_value([("mine.csv", data, "text/csv")]).run()
    at.button(key="ll_persona_steady_employee").click().run()
    at.run()
    assert at.session_state[state.SOURCE] == {"kind": "persona", "id": "steady_employee"}
    assert [u.value for u in at.get("file_uploader")] == [[]]


def test_the_sample_in_use_says_so():
    at = run_page("home", "en")
    at.button(key="ll_persona_new_graduate").click().run()
    button = at.button(key="ll_persona_new_graduate")
    assert button.disabled and t("en", "ui.home.in_use") in button.label
    assert not at.button(key="ll_persona_steady_employee").disabled
