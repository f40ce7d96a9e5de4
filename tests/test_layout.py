"""The package tree is the pipeline: a module imports only from its own stage or earlier ones
(docs/layout.md), so no stage reaches back up and each rule has one home."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "policykb"
#: Stage of each top-level module or subpackage, in pipeline order.
STAGES = {
    "model": 0, "errors": 0, "config": 0, "dates": 0, "catalog": 0, "names": 0,
    "lang": 1,
    "sources": 2, "corpus": 2,
    "citations": 3,
    "index": 4,
    "search": 5,
    "interfaces": 6, "webapp": 6,
}


def _stage_of(parts: tuple[str, ...]) -> int | None:
    return STAGES.get(parts[0]) if parts else None


def _imports(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """(line, target module path inside policykb) for every relative or policykb import."""
    package = path.relative_to(PACKAGE).parent.parts  # a/b.py and a/__init__.py both sit in a
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = (*base, *(node.module.split(".") if node.module else ()))
                if not node.module:  # from . import x, y
                    found += [(node.lineno, (*base, alias.name)) for alias in node.names]
                    continue
            elif node.module and node.module.split(".")[0] == "policykb":
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            found.append((node.lineno, target))
    return found


def test_every_import_runs_down_the_pipeline():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts in (("__init__",), ("__main__",)):
            continue  # the public names and `python -m policykb` load from every stage, lazily
        own = _stage_of(parts)
        for line, target in _imports(path):
            theirs = _stage_of(target)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {'.'.join(target)}")
    assert not wrong, "imports against the pipeline order:\n" + "\n".join(wrong)


def test_every_module_has_a_stage():
    homeless = [p.name for p in PACKAGE.iterdir()
                if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))
                and p.stem not in STAGES and p.stem not in ("__init__", "__main__")]
    assert not homeless, f"modules outside the pipeline's stages: {homeless} (see docs/layout.md)"
