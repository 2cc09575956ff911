"""Reusable UI pieces. Streamlit code lives here and in pages/, never in limitlens/."""
