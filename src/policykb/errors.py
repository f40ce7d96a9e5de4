"""Errors a caller can act on. Each message says what is wrong and, where it helps, what to do."""


class PolicyKBError(Exception):
    """Base class for every error policykb raises on purpose."""


class ConfigError(PolicyKBError):
    """A setting, path or option is not usable."""


class IndexNotFound(PolicyKBError):
    """No index at the given folder."""


class IndexIncompatible(PolicyKBError):
    """The index exists but cannot be used: damaged, another schema, or another embedder."""


class EmbedderMismatch(IndexIncompatible):
    """The index was built with a different embedder than the one offered for queries."""


class QueryError(PolicyKBError, ValueError):
    """The query or a filter is not valid."""


class TooManyCitations(QueryError):
    """A text sent to a server cites more provisions than one request may check."""


class UnknownInstrument(PolicyKBError, LookupError):
    """No instrument in the index matches the given id, title or alias."""


class NoSuchArticle(PolicyKBError, LookupError):
    """The instrument has no such article."""
