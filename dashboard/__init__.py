"""doedocket's dashboard: Streamlit pages over the published database (never parses sources)."""
