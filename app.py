"""policykb's Streamlit app: `streamlit run app.py` (or `make run`).

The index is found through POLICYKB_INDEX (default index/). The page itself lives in
policykb.webapp; this file only starts it.
"""

from policykb.webapp import main

main()
