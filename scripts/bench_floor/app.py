"""The Streamlit floor for `limitlens bench`: one slider in a fragment, nothing else.

The bench times the same interactions here and on the real pages (AppTest and Chromium), so
every figure has Streamlit's own cost beside it. Not part of the app.
"""

import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("Floor")


@st.fragment
def one_slider() -> None:
    value = st.slider("value", 0, 100, 50, key="floor_slider")
    st.metric("value", f"{value}")


one_slider()
st.page_link("pages/1_upload.py", label="Upload")
