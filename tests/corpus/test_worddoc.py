"""Old Word (.doc) files, as the national database serves some older texts: read through
antiword, or skipped with a reason that says what to install. The .doc bodies are
written by tests/word97.py from real texts of ../shared/corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS
from word97 import paragraphs, word97

from policykb.corpus import load_corpus
from policykb.corpus.worddoc import CONVERTERS as KNOWN

CONVERTERS = [name for name, _ in KNOWN if shutil.which(name)]


@pytest.fixture
def doc_corpus(tmp_path, cyber_dir) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "csl-2016.doc").write_bytes(word97(paragraphs(cyber_dir / "csl-2016.md")))
    (folder / "csl-2016.doc.meta.yaml").write_text("id: csl-2016\nlevel: law\nstatus: amended\n", encoding="utf-8")
    return folder


def _only(monkeypatch, tmp_path: Path, names: list[str]) -> None:
    """PATH with only the named converters on it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name in names:
        (bin_dir / name).symlink_to(shutil.which(name))
    monkeypatch.setenv("PATH", str(bin_dir))


@pytest.mark.parametrize("converter", CONVERTERS)
def test_a_doc_file_is_read_with_each_converter(doc_corpus, tmp_path, monkeypatch, converter):
    _only(monkeypatch, tmp_path, [converter])
    report = load_corpus([doc_corpus])
    assert report.skipped == []
    [document] = report.documents
    assert document.instrument.format == "doc" and document.instrument.title == "中华人民共和国网络安全法"
    articles = document.parsed.articles
    assert len(articles) == 79
    assert articles[0].text.startswith("为了保障网络安全，维护网络空间主权和国家安全")


def test_without_a_converter_a_doc_file_is_skipped_with_what_to_install(doc_corpus, tmp_path, monkeypatch):
    _only(monkeypatch, tmp_path, [])
    report = load_corpus([doc_corpus])
    assert report.documents == []
    [(path, reason)] = report.skipped
    assert os.path.basename(path) == "csl-2016.doc"
    assert "no converter is installed: install antiword" in reason and "save it as .docx" in reason


def test_a_docx_saved_as_doc_is_named_for_what_it_is(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS / "formats" / "pipl.docx", folder / "pipl.doc")
    [(_, reason)] = load_corpus([folder]).skipped
    assert reason == "a DOCX file with a .doc name; rename it to .docx"


if not CONVERTERS:
    def test_converters_are_installed():
        pytest.skip("antiword is not installed (apt-get install antiword): .doc reading is untested here")
