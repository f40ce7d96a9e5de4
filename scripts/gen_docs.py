#!/usr/bin/env python3
"""Write the documentation pages that are made from the code, so they cannot drift from it.

    python scripts/gen_docs.py            # rewrite docs/cli.md, docs/json.md and the generated
                                          # blocks of docs/benchmarks.md and docs/reproduce.md
    python scripts/gen_docs.py --check    # change nothing; exit 1 naming every stale page

- docs/cli.md: the help of every `policykb` command, read from the click commands.
- docs/json.md: the JSON shapes (hit, note, citation check, instrument), read from the
  dataclasses that produce them, with the field descriptions of the HTTP API's models.
- README.md (its headline figures), docs/benchmarks.md, docs/reproduce.md: the tables in
  benchmarks/results/<tier>.md and the scores in benchmarks/results/<tier>.json, written by
  benchmarks/run_all.py.

tests/test_docs_generated.py fails when a page is stale and prints the command above.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
import json
import re
import sys
import textwrap
from pathlib import Path

import click

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
RESULTS = REPO / "benchmarks" / "results"
COMMAND = "python scripts/gen_docs.py"

#: Where everything documented here is defined, as "module:attribute". The one place to change
#: when modules move (the CLI is expected to move into policykb.interfaces.cli).
SOURCES = {
    "cli": "policykb.interfaces.cli:main",
    "hit": "policykb.model:Hit",
    "note": "policykb.model:SearchNote",
    "instrument": "policykb.model:Instrument",
    "check": "policykb.citations.verify:CitationCheck",
    "current": "policykb.citations.verify:CurrentArticle",
    "verify_statuses": "policykb.citations.verify:STATUSES",
    "catalog": "policykb.catalog:Catalog",
    "instrument_entries": "policykb.interfaces.views:instrument_entries",
    # used by tests/test_docs_generated.py to compare the page with what a real index answers
    "article_counts": "policykb.interfaces.views:article_counts",
    "verify_report": "policykb.interfaces.views:verify_report",
    "verifier": "policykb.citations.verify:CitationVerifier",
    "http_schemas": "policykb.interfaces.http_api.schemas",
}

#: Meanings of fields that neither a `#:` comment in the dataclass nor the HTTP API's model
#: describes yet. A note naming a field that no longer exists stops the generator.
FIELD_NOTES = {
    "hit": {
        "short_title": "The title as cited in running text, e.g. 个人信息保护法.",
        "title_en": "English title, when the metadata gives one.",
        "kind": "article, item (of a decision numbered 一、二、), preamble, annex or text.",
        "chapter_path": "The headings above the article, outermost first, e.g. [\"第三章 个人信息跨境提供的规则\"].",
        "level": "law, administrative_regulation, departmental_rule, normative_document, "
                 "judicial_interpretation or local_regulation.",
        "issuer": "The issuing body, e.g. 全国人民代表大会常务委员会.",
        "in_force": "Whether the instrument is in force on the day (status == in_force).",
        "effective": "Date it took effect, YYYY-MM-DD.",
        "promulgated": "Date it was promulgated, YYYY-MM-DD.",
        "source_url": "The official page the text was fetched from, when recorded.",
        "page": "For PDF sources: the page the article starts on.",
    },
    "check": {
        "doc_id": "The instrument version checked (null for unknown_instrument).",
        "article_number": "The cited article's number.",
        "title": "The instrument's full title.",
        "article": "The cited article's label, e.g. 第二十一条.",
        "paragraph": "The cited paragraph (款), when the citation names one.",
        "item": "The cited item (项), when the citation names one.",
        "reference_en": "The same in English, e.g. PIPL Art. 13(1).",
        "start": "Offset of the citation's first character in the text.",
        "end": "Offset just after its last character.",
    },
    "current": {
        "doc_id": "The version in force.",
        "title": "Its full title.",
        "article": "The matching article's label.",
        "article_number": "Its number.",
        "citation": "Its Chinese citation.",
        "citation_en": "Its English citation.",
        "text": "Its text.",
    },
    "instrument": {
        "id": "The instrument version's id, e.g. pipl or csl-2016.",
        "title": "Full title.",
        "level": "law, administrative_regulation, departmental_rule, … (as for hits).",
        "issuer": "The issuing body.",
        "title_en": "English title.",
        "aliases": "Other names it is cited by (个保法, PIPL).",
        "doc_number": "Document number, e.g. 国家网信办令第1号.",
        "promulgated": "Date promulgated.",
        "effective": "Date it took effect.",
        "version": "Date of this version (an amendment's date).",
        "supersedes": "The id of the version this one replaces.",
        "superseded_by": "The id of the version that replaces this one.",
        "source": "Where the text came from, in words.",
        "source_url": "The official page it was fetched from.",
        "retrieved_at": "When it was fetched (UTC).",
        "note": "A remark from the catalogue.",
        "format": "The source file's format (markdown, pdf, docx, html, txt).",
        "short_title": "The title as cited in running text.",
        "metadata_status": "The status the metadata gives (status is computed for the day).",
        "versions": "Ids of every version of this instrument in the index, oldest first.",
        "in_force": "Whether it is in force on the day.",
    },
}

HEADER = "<!-- Generated by {command} from {what}. Do not edit: change the code, then run {command}. -->\n\n"
BLOCK = re.compile(r"(<!-- BEGIN GENERATED: (?P<name>[\w.-]+) -->\n).*?(<!-- END GENERATED: (?P=name) -->)", re.S)


def load(key: str):
    """The object SOURCES names under key."""
    module, _, attribute = SOURCES[key].partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


# --- docs/cli.md -------------------------------------------------------------------------------

def cli_page() -> str:
    group = load("cli")
    root = click.Context(group, info_name="policykb", terminal_width=100, max_content_width=100)
    parts = [HEADER.format(command=COMMAND, what="the click commands"), "# Command-line reference\n\n",
             "Every command that reads an index takes `--index DIR` (default `$POLICYKB_INDEX` or `index/`). "
             "Errors are one line on stderr starting with `error:` and exit status 1; usage errors exit "
             "with 2.\n\n"]
    parts += _command_help(group, root, "policykb")
    return "".join(parts)


def _command_help(command: click.Command, ctx: click.Context, path: str) -> list[str]:
    level = "#" * min(path.count(" ") + 2, 4)
    parts = [f"{level} `{path}`\n\n```text\n{command.get_help(ctx).rstrip()}\n```\n\n"]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            sub_ctx = click.Context(sub, info_name=name, parent=ctx, terminal_width=100, max_content_width=100)
            parts += _command_help(sub, sub_ctx, f"{path} {name}")
    return parts


# --- docs/json.md ------------------------------------------------------------------------------

def _comments(cls: type) -> dict[str, str]:
    """The `#:` comments above each field of a dataclass: its documentation in the source."""
    lines = inspect.getsource(cls).splitlines()
    found: dict[str, str] = {}
    pending: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#:"):
            pending.append(stripped[2:].strip())
            continue
        match = re.match(r"(\w+)\s*:", stripped)
        if match and pending:
            found[match.group(1)] = " ".join(pending)
        pending = []
    return found


def _descriptions(model_name: str) -> dict[str, str]:
    """Field descriptions of the HTTP API's pydantic model of that name (what /openapi.json shows)."""
    model = getattr(load("http_schemas"), model_name, None)
    if model is None:
        return {}
    return {name: field.description for name, field in model.model_fields.items() if field.description}


def _json_type(annotation: str) -> str:
    """A field's Python annotation as the JSON it becomes."""
    names = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "None": "null",
             "dt.date": "string (YYYY-MM-DD)", "tuple[str, ...]": "list of strings",
             "dict[str, float]": "object of numbers", "CurrentArticle": "object (below)"}
    return " or ".join(names.get(part.strip(), part.strip()) for part in annotation.split("|"))


def _value_type(value: object) -> str:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "list of strings"
    kinds = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "object"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| field | JSON type | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {kind} | {_cell(meaning)} |" for name, kind, meaning in rows]
    return "\n".join(lines) + "\n\n"


def _described(shape: str, cls: type, model_name: str, names: list[str]) -> dict[str, str]:
    """Each field's meaning: the HTTP model's description, else the dataclass's `#:` comment,
    else FIELD_NOTES."""
    notes = FIELD_NOTES.get(shape, {})
    gone = set(notes) - set(names)
    if gone:
        raise SystemExit(f"scripts/gen_docs.py: FIELD_NOTES[{shape!r}] describes fields that no longer exist: "
                         f"{', '.join(sorted(gone))}")
    return {**notes, **_comments(cls), **_descriptions(model_name)}


def _dataclass_rows(shape: str, model_name: str) -> list[tuple[str, str, str]]:
    cls = load(shape)
    fields = dataclasses.fields(cls)
    described = _described(shape, cls, model_name, [f.name for f in fields])
    return [(f.name, _json_type(str(f.type)), described.get(f.name, "")) for f in fields]


def instrument_entry_rows() -> list[tuple[str, str, str]]:
    """The keys /instruments and list_instruments answer with: made by the same function they call,
    over one sample instrument, so a key added or dropped there shows here."""
    instrument_cls, catalog_cls = load("instrument"), load("catalog")
    sample = instrument_cls(id="pipl", title="中华人民共和国个人信息保护法", status="in_force")

    class OneInstrument:
        catalog = catalog_cls([sample])

        def instruments(self):
            return [sample]

    [entry] = load("instrument_entries")(OneInstrument(), {"pipl": 74}, "2025-01-01")
    fields = {f.name: f for f in dataclasses.fields(instrument_cls)}
    described = _described("instrument", instrument_cls, "Instrument", list(entry))
    return [(key, _json_type(str(fields[key].type)) if key in fields and key != "status" else _value_type(value),
             described.get(key, "")) for key, value in entry.items()]


def json_page() -> str:
    statuses = ", ".join(f"`{s}`" for s in load("verify_statuses"))
    return "".join([
        HEADER.format(command=COMMAND, what="the dataclasses and the HTTP API's models"),
        "# JSON shapes\n\n",
        "Every interface answers with the same objects: the CLI's `--json`, the HTTP API, the MCP tools "
        "and the Python API's `to_dict()`. Fields may be added; none is renamed or removed.\n\n",
        "## Hit\n\nOne article found by a search or a lookup (`Hit.to_dict()`): the items of `hits` in "
        "`policykb search --json`, `GET/POST /search` and `search_regulations`; `policykb show --json`, "
        "`/articles/{instrument}/{article}` and `get_article` answer one.\n\n",
        _table(_dataclass_rows("hit", "Hit")),
        "## Note\n\nWhat a reader must know beside the hits (`SearchNote.to_dict()`): the items of `notes` "
        "next to `hits`.\n\n",
        _table(_dataclass_rows("note", "Note")),
        "## Citation check\n\nThe verdict on one citation (`CitationCheck.to_dict()`): `policykb verify --json` "
        "prints a list of them; `POST /verify` and `verify_citations` answer "
        "`{\"as_of\": \"YYYY-MM-DD\", \"citations\": [...], \"counts\": {status: number}}`, with counts for "
        f"{statuses}.\n\n",
        _table(_dataclass_rows("check", "CitationCheck")),
        "### current\n\nFor a `superseded` citation, the matching article of the version in force.\n\n",
        _table(_dataclass_rows("current", "CurrentArticle")),
        "## Instrument\n\nOne instrument version with its status on the day asked about: the items of "
        "`instruments` in `GET /instruments` and `list_instruments` (`{\"as_of\", \"instruments\"}`).\n\n",
        _table(instrument_entry_rows()),
    ])


# --- benchmark tables ----------------------------------------------------------------------------

def _tiers() -> list[str]:
    order = {"cyber": 0, "national": 1}
    return sorted((p.stem for p in RESULTS.glob("*.json")), key=lambda t: (order.get(t, 9), t))


def benchmark_tables() -> str:
    tiers = _tiers()
    if not tiers:
        return "No results committed yet: run `python benchmarks/run_all.py`.\n"
    return "\n".join((RESULTS / f"{tier}.md").read_text(encoding="utf-8") for tier in tiers)


def headline() -> str:
    """One sentence of figures for the README, from the committed results."""
    sentences = []
    for tier in _tiers():
        row = json.loads((RESULTS / f"{tier}.json").read_text(encoding="utf-8"))
        overall = row["quality"]["all"]
        sentences.append(f"On the {tier} tier ({row['chunks']:,} chunks), Recall@10 is {overall['recall@10']:.3f} and "
                         f"MRR@10 {overall['mrr@10']:.3f} over the {overall['n']} questions of `{row['eval_set']}` "
                         "(build time, memory and latency: [benchmarks](docs/benchmarks.md)).")
    return "\n".join(sentences) + "\n" if sentences else ""


def reproduce_scores() -> str:
    lines = ["| tier | eval set | group | queries | Recall@10 | MRR@10 | measured |", "|---|---|---|---|---|---|---|"]
    for tier in _tiers():
        row = json.loads((RESULTS / f"{tier}.json").read_text(encoding="utf-8"))
        for group, values in sorted(row["quality"].items(), key=lambda g: (g[0] != "all", g[0])):
            if group == "all" or group.startswith("lang="):
                lines.append(f"| {tier} | `{row['eval_set']}` | {group} | {values['n']} | {values['recall@10']:.3f} "
                             f"| {values['mrr@10']:.3f} | {row['date']} |")
    return "\n".join(lines) + "\n"


# --- writing and checking ------------------------------------------------------------------------

def _fill(path: Path, blocks: dict[str, str]) -> str:
    """The page with each generated block replaced; the hand-written text around it is kept."""
    text = path.read_text(encoding="utf-8")
    missing = set(blocks) - {m.group("name") for m in BLOCK.finditer(text)}
    if missing:
        raise SystemExit(f"{path}: no <!-- BEGIN GENERATED: {', '.join(sorted(missing))} --> block")
    return BLOCK.sub(lambda m: m.group(1) + blocks[m.group("name")] + m.group(3), text)


def pages() -> dict[Path, str]:
    """Every generated page, path → the text it must have."""
    return {
        REPO / "README.md": _fill(REPO / "README.md", {"headline": headline()}),
        DOCS / "cli.md": cli_page(),
        DOCS / "json.md": json_page(),
        DOCS / "benchmarks.md": _fill(DOCS / "benchmarks.md", {"benchmark-tables": benchmark_tables()}),
        DOCS / "reproduce.md": _fill(DOCS / "reproduce.md", {"reproduce-scores": reproduce_scores()}),
    }


def stale() -> list[Path]:
    """Pages whose text differs from what the code and results make now."""
    return [path for path, text in pages().items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=textwrap.dedent(__doc__ or ""),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a page is stale")
    args = parser.parse_args(argv)
    if args.check:
        old = stale()
        for path in old:
            print(f"stale: {path.relative_to(REPO)}")
        if old:
            print(f"regenerate with: {COMMAND}")
        return 1 if old else 0
    for path, text in pages().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
