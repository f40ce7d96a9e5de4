"""policykb as a LangChain retriever: a langchain-core BaseRetriever whose Documents are
articles, with the citation, instrument, article number and status in their metadata, and the
provision graph: refers_to, cited_by and penalties (lists of linked articles).

    from policykb.interfaces.langchain_retriever import PolicyKBRetriever
    retriever = PolicyKBRetriever.from_index("index", k=5, search_kwargs={"in_force_only": True})
    docs = retriever.invoke("个人信息出境需要单独同意吗")
    docs[0].metadata["citation"]          # 《个人信息保护法》第三十九条

Needs the `langchain` extra: pip install 'policykb[langchain]'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

try:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict, Field
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("the LangChain retriever needs: pip install 'policykb[langchain]' (langchain-core)") from exc

from ..model import Hit
from ..search.retriever import Retriever


def hit_to_document(hit: Hit) -> Document:
    """The article text as page_content; every other field of the hit as metadata."""
    metadata = {key: value for key, value in hit.to_dict().items() if key != "text"}
    return Document(id=f"{hit.doc_id}#{hit.article}", page_content=hit.text, metadata=metadata)


class PolicyKBRetriever(BaseRetriever):
    """Retrieves articles of Chinese cyberspace laws and AI rules with their citations.

    search_kwargs are the filters of Retriever.search: instrument, level, issuer, status,
    in_force_only, include_superseded, as_of.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Retriever
    k: int = Field(5, ge=1, le=100, description="How many articles to return.")
    search_kwargs: dict[str, Any] = Field(default_factory=dict, description="Filters for Retriever.search.")

    @classmethod
    def from_index(cls, index_dir: str | Path, **kwargs: Any) -> PolicyKBRetriever:
        """Load the index at index_dir (once) and wrap it."""
        return cls(retriever=Retriever.load(index_dir), **kwargs)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.search(query, k=self.k, **self.search_kwargs)
        return [hit_to_document(hit) for hit in hits]
