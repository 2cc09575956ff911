"""What-if: move a factor, watch the estimated range and its explanation change."""

import streamlit as st

from components import shell, whatif_view
from components.current import factor_set
from limitlens.i18n import t

lang = shell.page("whatif")
st.title(t(lang, "ui.whatif.title"))
st.caption(t(lang, "ui.whatif.intro"))

baseline, assumed, _ = whatif_view.baseline(factor_set(), lang)
whatif_view.scenario_from_url(lang)
whatif_view.simulator(baseline, lang, assumed)
st.divider()
whatif_view.saved_scenarios(baseline, lang, assumed)
shell.footer(lang)
