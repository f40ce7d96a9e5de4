"""The pages made from the code (docs/cli.md, docs/json.md, the benchmark and reproduction
tables) must match it: a stale page fails here with the command that regenerates it. The JSON
shapes are also compared with what a real index answers, and run_all.py --check with its
tolerance."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _script(relative: str):
    spec = importlib.util.spec_from_file_location(Path(relative).stem, REPO / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_docs = _script("scripts/gen_docs.py")


def test_generated_pages_are_current():
    stale = [str(path.relative_to(REPO)) for path in gen_docs.stale()]
    assert not stale, f"stale generated docs: {', '.join(stale)}; regenerate with: {gen_docs.COMMAND}"


def test_check_names_a_stale_page_and_the_command(tmp_path, monkeypatch, capsys):
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    shutil.copy(REPO / "README.md", tmp_path / "README.md")
    cli = docs / "cli.md"
    cli.write_text(cli.read_text(encoding="utf-8").replace("--json", "--jsn", 1), encoding="utf-8")
    monkeypatch.setattr(gen_docs, "DOCS", docs)
    monkeypatch.setattr(gen_docs, "REPO", tmp_path)
    assert gen_docs.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "stale: docs/cli.md" in out and "json.md" not in out
    assert "regenerate with: python scripts/gen_docs.py" in out
    assert gen_docs.main([]) == 0
    assert gen_docs.main(["--check"]) == 0
    assert "--jsn" not in cli.read_text(encoding="utf-8")


def test_cli_page_documents_every_command():
    page = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    group = gen_docs.load("cli")
    import click

    names = group.list_commands(click.Context(group))
    assert {"build", "search", "show", "info", "verify", "serve", "mcp", "fetch", "check"} <= set(names)
    for name in names:
        assert f"### `policykb {name}`" in page


def _documented_fields(section: str) -> list[str]:
    """The field names of one table in docs/json.md."""
    page = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
    body = page.split(f"\n{section}\n", 1)[1]
    table = body.split("\n#", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", table, flags=re.M)


@pytest.mark.needs_corpus
def test_json_page_lists_the_fields_a_real_index_answers_with(retriever):
    load = gen_docs.load  # module paths in one place (scripts/gen_docs.py SOURCES)
    hits = retriever.search("个保法第99条 个人信息出境", k=3)
    assert _documented_fields("## Hit") == list(hits[0].to_dict())
    notes = retriever.notes("个保法第99条 个人信息出境", hits)
    assert notes and _documented_fields("## Note") == list(notes[0].to_dict())
    checks = load("verifier")(retriever).verify("依据《网络安全法》（2016年）第二十一条", as_of="2026-06-01")
    report = load("verify_report")(checks, "2026-06-01")
    superseded = next(c for c in report["citations"] if c["status"] == "superseded")
    assert _documented_fields("## Citation check") == list(superseded)
    assert _documented_fields("### current") == list(superseded["current"])
    entries = load("instrument_entries")(retriever, load("article_counts")(retriever), "2025-06-01")
    assert _documented_fields("## Instrument") == list(entries[0])


def test_run_all_check_fails_outside_the_tolerance(tmp_path, capsys):
    run_all = _script("benchmarks/run_all.py")
    committed = {"tier": "cyber", "quality": {"all": {"n": 50, "recall@10": 0.870, "mrr@10": 0.735},
                                              "lang=en": {"n": 12, "recall@10": 0.917, "mrr@10": 0.800}}}
    (tmp_path / "cyber.json").write_text(json.dumps(committed), encoding="utf-8")
    near = {"tier": "cyber", "quality": {"all": {"recall@10": 0.875, "mrr@10": 0.730},
                                         "lang=en": {"recall@10": 0.917, "mrr@10": 0.800}}}
    assert run_all.check(near, tmp_path, 0.01)
    far = {"tier": "cyber", "quality": {"all": {"recall@10": 0.850, "mrr@10": 0.735},
                                        "lang=en": {"recall@10": 0.917, "mrr@10": 0.800}}}
    assert not run_all.check(far, tmp_path, 0.01)
    assert "FAIL cyber    all       recall@10 0.850  (committed 0.870 ± 0.01)" in capsys.readouterr().out
    missing = {"tier": "national", "quality": {}}
    assert not run_all.check(missing, tmp_path, 0.01)


def test_every_relative_link_in_the_docs_resolves():
    broken = []
    for page in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(REPO)} → {target}")
    assert not broken, "broken links: " + "; ".join(broken)
