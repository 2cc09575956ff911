"""The Streamlit floor for the bench: one slider and the number it shows, nothing else.

The bench times the same interactions here and on the real pages (in Chromium), so
every figure has Streamlit's own cost beside it. Not part of the app.

?widgets=N is the What-if's shape with none of its work: N sliders in the page body, the first
rerunning a keyed fragment that shows its value, as a What-if lever reruns the estimate's.
Streamlit handles every widget's state on every move, so this is what N widgets cost by
themselves.
"""

import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("Floor")


@st.fragment
def one_slider() -> None:
    value = st.slider("value", 0, 100, 50, key="floor_slider")
    st.metric("value", f"{value}")


@st.fragment(key="floor_value")
def value() -> None:
    st.metric("value", f"{st.session_state['floor_slider']}")


widgets = int(st.query_params.get("widgets", 0))
if widgets:
    st.session_state.setdefault("floor_slider", 50)
    value()
    st.slider("value", 0, 100, key="floor_slider", on_change=lambda: st.rerun("floor_value"))
    for i in range(1, widgets):
        st.slider(f"other {i}", 0, 100, 50, key=f"floor_other_{i}")
else:
    one_slider()
st.page_link("pages/1_upload.py", label="Upload")
