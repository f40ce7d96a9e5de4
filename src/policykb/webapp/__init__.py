"""The Streamlit app: compliance questions answered with cited clauses.

`app.py` at the repository root calls `main()`; everything the page shows comes from the
Retriever API. Modules: page (layout), sidebar (language, filters, index summary),
search_view and browse_view, cards (HTML), highlight, contents (table of contents),
export (Markdown/CSV), labels (中文/English), index_loading (cached Retriever).
Streamlit is imported only here, never by the core package.
"""


def main() -> None:
    from .page import main as run

    run()


__all__ = ["main"]
