"""doedocket's ingestion side: sources -> normalize -> classify -> store (never imports Streamlit)."""
