"""Pure plotly figure factories: data in, go.Figure out, no streamlit — unit-testable."""
