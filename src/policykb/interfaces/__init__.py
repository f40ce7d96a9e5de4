"""policykb inside other tools: the HTTP API, the MCP server, the LangChain retriever and
the `verify`, `serve` and `mcp` commands.

Each interface is thin: it calls Retriever and verify_citations and formats their
results, so a fix in the library lands in every interface at once. Optional
dependencies (fastapi, uvicorn, mcp, langchain-core) are imported inside the module
that needs them; `import policykb` never pulls them in.
"""
