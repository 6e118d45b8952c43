"""doedocket: the Streamlit app. Run with `make run` (or `doedocket serve`)."""

import streamlit as st

from dashboard import filters

st.set_page_config(page_title="doedocket", page_icon=":material/gavel:", layout="wide")
pages = [
    st.Page("dashboard/views/overview.py", title="Overview", url_path="overview", default=True,
            icon=":material/insights:"),
    st.Page("dashboard/views/cases.py", title="Cases", url_path="cases", icon=":material/list:"),
]
page = st.navigation(pages)
filters.sidebar()
page.run()
