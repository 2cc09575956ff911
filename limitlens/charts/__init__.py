"""Pure plotly figure factories: data in, go.Figure out, no UI framework — unit-testable."""
