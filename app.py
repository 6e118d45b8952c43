"""doedocket: the Streamlit app. Run with `make run` (or `doedocket serve`)."""

from pathlib import Path

# pandas first, in every session's run: plotly looks pandas up in sys.modules without importing it, so
# while one session's thread is importing pandas for the first time, another session drawing a chart
# got the half-imported module ("partially initialized module 'pandas' has no attribute 'Series'",
# seen with several readers opening pages at once on a fresh server). An import statement waits for
# the thread importing the module; a look in sys.modules does not.
import pandas  # noqa: F401
import streamlit as st

import dashboard
from dashboard import filters

# Found from the package, so the app runs the same from a checkout and from an installed wheel.
VIEWS = Path(dashboard.__file__).resolve().parent / "views"

st.set_page_config(page_title="doedocket", page_icon=":material/gavel:", layout="wide")
pages = [
    st.Page(VIEWS / "overview.py", title="Overview", url_path="overview", default=True, icon=":material/insights:"),
    st.Page(VIEWS / "plaintiffs.py", title="Plaintiffs and counsel", url_path="plaintiffs",
            icon=":material/business_center:"),
    st.Page(VIEWS / "judges.py", title="Judges", url_path="judges", icon=":material/gavel:"),
    st.Page(VIEWS / "cases.py", title="Cases", url_path="cases", icon=":material/list:"),
    st.Page(VIEWS / "national.py", title="National (FJC)", url_path="national", icon=":material/public:"),
]
if (VIEWS / "swarm.py").exists():
    pages.append(st.Page(VIEWS / "swarm.py", title="Swarm", url_path="swarm", icon=":material/hub:"))
pages.append(st.Page(VIEWS / "data.py", title="Data", url_path="data", icon=":material/database:"))
page = st.navigation(pages)
filters.sidebar()
page.run()
