"""The MCP server (`policykb mcp`): policykb as tools for AI assistants, over stdio.

Tools: search_regulations, get_article, list_instruments, verify_citations, diff_versions. Each answers
the same JSON as the HTTP API (hits are Hit.to_dict(); list_instruments gives
{"as_of", "instruments"} like GET /instruments) and checks its arguments by the same
rules (k an integer 1-MAX_K, dates YYYY-MM-DD, no unknown arguments). A bad request
(unknown instrument, no such article, empty query, a wrong argument) is a tool error
whose short message says what is wrong, and the server keeps running. Needs the `mcp`
extra: pip install 'policykb[mcp]'.
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StrictBool, ValidationError

from ..citations.diff import diff_versions as version_diff
from ..citations.diff import resolve_versions
from ..citations.verify import MAX_REQUEST_CITATIONS, CitationVerifier
from ..dates import as_date
from ..errors import ConfigError, PolicyKBError
from .http_api.schemas import K_RANGE, Count, Day, not_bool
from .views import article_counts, instrument_entries, search_answer, verify_report
from .views import with_penalties as penalties_of

INSTRUCTIONS = (
    "Chinese cyberspace, data, personal-information and AI laws and rules, one article per result, each "
    "with its citation (《个人信息保护法》第十三条 / PIPL Art. 13) and status. Use search_regulations to find "
    "the articles that answer a question, get_article to read one article, list_instruments to see what "
    "is covered, verify_citations to check citations in a draft before relying on them, and diff_versions "
    "to see what an amendment changed. An article's penalties, refers_to and cited_by name linked articles. Quote the "
    "citation field when you cite.")

_DAY = Field(None, description="The day whose versions and statuses count, YYYY-MM-DD (default today).")
_ARTICLE_HINT = 'must be an article number: 13, "13", "第十三条" or "10-1" (第十条之一)'
#: One clear message per argument whatever pydantic found wrong with it (dates keep their own).
_HINTS = {"k": K_RANGE, "article": _ARTICLE_HINT}
ArticleNumber = Annotated[int | str, not_bool(_ARTICLE_HINT)]


def describe(exc: ValidationError) -> str:
    """A pydantic error as one short line per argument: "k: must be an integer from 1 to 100"."""
    lines: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else "arguments"
        if name in lines:
            continue
        if error.get("type") == "missing":
            lines[name] = "is required"
        else:
            lines[name] = _HINTS.get(name) or error.get("msg", "is not valid")
    return "; ".join(f"{name}: {message}" for name, message in lines.items())


def build_server(retriever):
    """An MCPServer exposing one loaded Retriever."""
    try:
        from mcp.server.mcpserver import MCPServer
        from mcp.server.mcpserver.exceptions import ToolError
    except ImportError as exc:
        raise ConfigError("the MCP server needs: pip install 'policykb[mcp]' (mcp 2 or later)") from exc

    from .. import __version__

    class Server(MCPServer):
        """Refuses unknown arguments and words argument errors briefly, before the SDK runs a tool."""

        async def call_tool(self, name, arguments, context=None):
            known = parameters.get(name)
            if known is not None:
                unknown = sorted(set(arguments) - known)
                if unknown:
                    raise ToolError(f"{name}: unknown argument{'s' if len(unknown) > 1 else ''} "
                                    f"{', '.join(map(repr, unknown))}; it takes {', '.join(known_order[name])}")
            try:
                return await super().call_tool(name, arguments, context)
            except ToolError as exc:
                if isinstance(exc.__cause__, ValidationError) and type(exc) is ToolError:
                    raise ToolError(f"{name}: {describe(exc.__cause__)}") from exc.__cause__
                raise

        async def list_tools(self):
            tools = await super().list_tools()
            for tool in tools:  # the published schemas say what call_tool enforces
                if tool.name in parameters:
                    tool.input_schema["additionalProperties"] = False
            return tools

    server = Server("policykb", instructions=INSTRUCTIONS, version=__version__)
    parameters: dict[str, set[str]] = {}
    known_order: dict[str, list[str]] = {}

    def tool(fn):
        names = list(inspect.signature(fn).parameters)
        parameters[fn.__name__], known_order[fn.__name__] = set(names), names
        return server.tool()(fn)

    verifier = CitationVerifier(retriever)
    counts = article_counts(retriever)

    def answer(call):
        try:
            return call()
        except PolicyKBError as exc:  # the caller can act on these; anything else is a crash
            raise ToolError(str(exc)) from exc

    @tool
    def search_regulations(
        query: Annotated[str, Field(description="A question, or a citation such as 个保法第38条 or PIPL Art. 13.")],
        k: Annotated[Count, Field(description="How many articles to return.")] = 5,
        instrument: Annotated[str | None, Field(description="Only this instrument: id, title or alias.")] = None,
        in_force_only: Annotated[bool, Field(description="Only what is in force on the day.")] = False,
        as_of: Annotated[Day | None, _DAY] = None,
    ) -> dict[str, Any]:
        """Find the articles of Chinese laws and rules that answer a question, best first, with citations."""
        return answer(lambda: search_answer(retriever, query, k, instrument=instrument,
                                            in_force_only=in_force_only, as_of=as_of))

    @tool
    def get_article(
        instrument: Annotated[str, Field(description="Id, title or alias, e.g. pipl, 个人信息保护法, PIPL, csl-2016.")],
        article: Annotated[ArticleNumber, Field(description="Article number: 13, 第十三条, or 10-1 (第十条之一).")],
        as_of: Annotated[Day | None, _DAY] = None,
    ) -> dict[str, Any]:
        """The full text of one article, with its citation and status."""
        return answer(lambda: retriever.article(instrument, article, as_of=as_of).to_dict())

    @tool
    def list_instruments(as_of: Annotated[Day | None, _DAY] = None) -> dict[str, Any]:
        """Every instrument (each version separately) in the index, with its status and number of articles."""
        return answer(lambda: {"as_of": as_date(as_of).isoformat(),
                               "instruments": instrument_entries(retriever, counts, as_of)})

    @tool
    def verify_citations(
        text: Annotated[str, Field(description="Text whose citations to check, Chinese or English.")],
        as_of: Annotated[Day | None, _DAY] = None,
        with_penalties: Annotated[StrictBool, Field(
            description="Also give each cited article's penalty articles (法律责任).")] = False,
    ) -> dict[str, Any]:
        """Check every citation in a text: found, unknown_instrument, no_such_article, or superseded
        (with the matching article of the version in force). Returns the article text of each, and
        with with_penalties its penalty articles. At most 2,000 citations per call: send a longer
        text in parts."""
        def report() -> dict[str, Any]:
            checks = verifier.verify(text, as_of=as_of, max_citations=MAX_REQUEST_CITATIONS)
            return verify_report(penalties_of(retriever, checks) if with_penalties else checks, as_of)
        return answer(report)

    @tool
    def diff_versions(
        old: Annotated[str, Field(description="The older version: id such as csl-2016, or a name.")],
        new: Annotated[str, Field(description="The newer version: id such as csl-2025, or a name.")],
    ) -> dict[str, Any]:
        """What changed between two versions of one instrument: one row per article, unchanged, changed
        (with the changed words marked), added or removed, and renumbered where its number moved."""
        def compare() -> dict[str, Any]:
            old_id, new_id = resolve_versions(retriever, old, new)
            return version_diff(retriever, old_id, new_id).to_dict()
        return answer(compare)

    return server


def run(index_dir: str | Path) -> None:
    """Load the index and serve MCP on stdin/stdout until the client disconnects."""
    from ..search.retriever import Retriever

    # stdout carries the protocol; everything else goes to stderr.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    build_server(Retriever.load(index_dir)).run("stdio")
