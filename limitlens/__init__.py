"""LimitLens core: ingest -> factors -> model -> what-if/plan -> report. No streamlit here."""

__version__ = "0.1.0"
