import streamlit as st

st.title("Streamlit")
