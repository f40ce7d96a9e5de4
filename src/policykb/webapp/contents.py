"""An instrument's table of contents, built from its articles' chapter paths: one entry per
run of consecutive units under the same 编/章/节 heading."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Hit


@dataclass(frozen=True)
class Section:
    key: str
    #: The heading, with its ancestors shortened to their numbers: 第二章 › 第一节 一般规定.
    heading: str
    hits: tuple[Hit, ...]

    @property
    def article_range(self) -> tuple[str, str] | None:
        numbered = [h for h in self.hits if h.kind in ("article", "item")]
        if not numbered:
            return None
        return numbered[0].article, numbered[-1].article


def section_key(chapter_path: tuple[str, ...] | list[str]) -> str:
    return " › ".join(chapter_path)


def _heading(path: tuple[str, ...]) -> str:
    ancestors = [p.split(" ", 1)[0] for p in path[:-1]]
    return " › ".join([*ancestors, path[-1]])


def table_of_contents(units: list[Hit], full_text_label: str) -> list[Section]:
    """Sections in document order. Units outside any chapter form their own entries,
    named after the unit (题注, 附件) or full_text_label for articles of an unchaptered text."""
    runs: list[tuple[tuple[str, ...], list[Hit]]] = []
    for hit in units:
        path = tuple(hit.chapter_path)
        if runs and runs[-1][0] == path and (path or runs[-1][1][-1].kind == hit.kind):
            runs[-1][1].append(hit)
        else:
            runs.append((path, [hit]))
    sections: list[Section] = []
    used: set[str] = set()
    for path, hits in runs:
        if path:
            key, heading = section_key(path), _heading(path)
        else:
            heading = full_text_label if hits[0].kind in ("article", "item") else hits[0].article
            key = f"~{heading}"
        while key in used:  # a heading that recurs after another one (rare) stays selectable
            key += "'"
        used.add(key)
        sections.append(Section(key, heading, tuple(hits)))
    return sections
