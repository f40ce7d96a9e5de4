"""Metadata kept beside files that cannot carry front-matter (PDF, DOCX, HTML, TXT).

Two places, the more specific first:
- a sidecar named after the file: ``pipl.pdf.meta.yaml`` (or ``.meta.yml`` / ``.meta.json``;
  JSON is YAML too) with the same fields as Markdown front-matter;
- a ``catalog.json`` in the file's folder: a list of entries (or ``{"documents": [...]}``),
  each with a ``path`` (relative to the corpus root, or just the file name) matched by file name.

Both are read as plain data (yamlfields.py: no Python objects, and dates kept as text so that
an impossible one is a warning about its field, checked in metadata.py). A sidecar or catalog that cannot be
used is reported once, under its own path, and the file falls back to what its text says.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .yamlfields import load_fields

SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
CATALOG_NAME = "catalog.json"
MAX_METADATA_BYTES = 1024 * 1024


def is_metadata_file(name: str) -> bool:
    return name.endswith(SIDECAR_SUFFIXES) or name.lower() == CATALOG_NAME


class MetadataSources:
    """Finds the sidecar or catalogue entry of each file; catalogues are read once per folder."""

    def __init__(self) -> None:
        self._catalogs: dict[Path, dict[str, list[dict[str, Any]]]] = {}
        #: (path of the sidecar or catalogue, message)
        self.warnings: list[tuple[str, str]] = []

    def for_file(self, path: Path) -> dict[str, Any]:
        """Catalogue entry overlaid with the sidecar; {} when the file has neither."""
        meta = dict(self._catalog_entry(path))
        meta.update(self._sidecar(path))
        return meta

    def _read(self, source: Path) -> Any:
        try:
            if source.stat().st_size > MAX_METADATA_BYTES:
                self.warnings.append((str(source), f"over {MAX_METADATA_BYTES // 1024} KB; ignored"))
                return None
            return load_fields(source.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            self.warnings.append((str(source), f"not valid YAML or JSON{where}; ignored"))
        except UnicodeDecodeError:
            self.warnings.append((str(source), "not UTF-8 text; ignored"))
        except OSError as exc:
            self.warnings.append((str(source), f"cannot read: {exc.strerror or exc}; ignored"))
        return None

    def _sidecar(self, path: Path) -> dict[str, Any]:
        for suffix in SIDECAR_SUFFIXES:
            source = path.with_name(path.name + suffix)
            if not source.is_file():
                continue
            data = self._read(source)
            if data is None:
                return {}
            if not isinstance(data, dict):
                self.warnings.append((str(source), "should be a mapping of fields (id: …, title: …); ignored"))
                return {}
            return data
        return {}

    def _catalog_entry(self, path: Path) -> dict[str, Any]:
        folder = path.parent
        if folder not in self._catalogs:
            self._catalogs[folder] = self._load_catalog(folder / CATALOG_NAME)
        entries = self._catalogs[folder].get(path.name, [])
        if len(entries) > 1:  # same file name in several folders the catalogue covers
            exact = [e for e in entries if PurePosixPath(str(e["path"])).parts[-2:-1] == (folder.name,)]
            entries = exact or entries
        return entries[0] if entries else {}

    def _load_catalog(self, source: Path) -> dict[str, list[dict[str, Any]]]:
        if not source.is_file():
            return {}
        data = self._read(source)
        if isinstance(data, dict) and isinstance(data.get("documents"), list):
            data = data["documents"]
        if data is None:
            return {}
        if not isinstance(data, list):
            self.warnings.append((str(source), 'should be a list of entries (or {"documents": [...]}); ignored'))
            return {}
        by_name: dict[str, list[dict[str, Any]]] = {}
        unusable = 0
        for entry in data:
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) or not entry["path"].strip():
                unusable += 1
                continue
            by_name.setdefault(PurePosixPath(entry["path"].replace("\\", "/")).name, []).append(entry)
        if unusable:
            self.warnings.append((str(source), f"{unusable} entr{'y' if unusable == 1 else 'ies'} without a "
                                  "'path' naming a file; ignored"))
        return by_name

