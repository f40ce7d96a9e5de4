"""Articles into chunks: one chunk per article, long articles split along paragraphs and
items (then Chinese sentence punctuation), every piece keeping its citation.

What gets embedded is the piece plus a short header naming the instrument, chapter and
article, so that "what must a CII operator do" can match an article whose text never
repeats the instrument's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ..model import Article, Chunk, Instrument

#: Articles longer than this are split. e5's window is 512 tokens and Chinese legal text
#: runs at about one token per character, which leaves room for the header.
MAX_PIECE_CHARS = 450
_SEPARATORS = ["\n", "。", "；", "：", "，", ""]


def _splitter(max_chars: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=_SEPARATORS, chunk_size=max_chars, chunk_overlap=0,
        keep_separator="end", strip_whitespace=True)


def citation_header(instrument: Instrument, article: Article) -> str:
    """The context line put in front of every chunk: 《个人信息保护法》 第二章 … 第十三条."""
    parts = [f"《{instrument.short_title}》"]
    if article.chapter_path:
        parts.append(article.chapter_path[-1] if len(article.chapter_path) == 1
                     else " ".join(article.chapter_path[-2:]))
    parts.append(article.label)
    return " ".join(parts)


def chunk_article(instrument: Instrument, article: Article, max_chars: int = MAX_PIECE_CHARS) -> list[Chunk]:
    text = "\n".join(article.paragraphs)
    header = citation_header(instrument, article)
    pieces = [text] if len(text) <= max_chars else _splitter(max_chars).split_text(text)
    lead = article.paragraphs[0] if article.paragraphs and article.paragraphs[0].endswith(("：", ":")) else None
    chunks = []
    for index, piece in enumerate(pieces):
        context = header
        if lead and index and not piece.startswith(lead):
            # Items (一)(二)… only make sense with the sentence that introduces them.
            context = f"{header}\n{lead}"
        embed_text = f"{context}\n{piece}"
        chunks.append(Chunk(
            chunk_id=f"{instrument.id}:{article.key}:{index}",
            doc_id=instrument.id, article_key=article.key, piece=index, pieces=len(pieces),
            text=piece, embed_text=embed_text,
            content_hash=hashlib.sha256(embed_text.encode("utf-8")).hexdigest()))
    return chunks


def searchable(article: Article) -> bool:
    """Promulgation notes under the title (题注: "2021年8月20日 … 通过") are kept for reading but
    not searched: they are not clauses, and their dates would match any question with a year."""
    return bool(article.paragraphs) and not (article.kind == "preamble" and article.label == "题注")


def chunk_document(instrument: Instrument, articles: Iterable[Article],
                   max_chars: int = MAX_PIECE_CHARS) -> list[Chunk]:
    return [c for a in articles if searchable(a) for c in chunk_article(instrument, a, max_chars)]
