"""Floor page two: an uploader that reads the bytes and shows their length (page-switch and
upload floor for the bench)."""

import streamlit as st

st.set_page_config(page_title="floor upload", layout="wide")
st.title("Upload")
files = st.file_uploader("file", accept_multiple_files=True, key="floor_uploader")
if files:
    st.metric("bytes", f"{sum(len(f.getvalue()) for f in files)}")
st.page_link("app.py", label="Floor")
