"""`policykb check` and `policykb build --strict` through the real CLI, and a small real
build over good and bad files: every bad file reported once, the good ones searchable, and
a PDF's article found by the id in its sidecar."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from policykb.interfaces.cli import main

pytestmark = pytest.mark.needs_corpus


@pytest.fixture(scope="module")
def formats_dir(cyber_dir):
    return cyber_dir.parent / "formats"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_reports_duplicates_across_formats(formats_dir):
    result = run("check", "--corpus", str(formats_dir))
    assert result.exit_code == 0
    lines = result.stdout.strip().split("\n")
    assert sum(line.startswith("skipped ") for line in lines) == 5
    assert all("duplicate of" in line for line in lines if line.startswith("skipped "))
    assert lines[-1].startswith("checked: 5 documents, 252 articles,")


def test_check_json_lists_files_and_strict_fails_on_skips(formats_dir):
    result = run("check", "--corpus", str(formats_dir), "--json", "--strict")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["documents"], data["articles"], data["clean"]) == (5, 252, False)
    assert {f["format"] for f in data["files"]} == {"html", "txt", "docx", "pdf"}
    pdf = next(f for f in data["files"] if f["format"] == "pdf")
    assert (pdf["id"], pdf["pages"]) == ("network-data-regulation", 16)
    assert len(data["skipped"]) == 5


def test_check_strict_passes_a_clean_corpus(tmp_path, formats_dir):
    shutil.copy(formats_dir / "pipl.docx", tmp_path / "pipl.docx")
    result = run("check", "--corpus", str(tmp_path), "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 1 documents, 74 articles")


def test_check_fails_when_nothing_loads(tmp_path):
    (tmp_path / "memo.txt").write_text("会议纪要\n今天讨论了进度。\n", encoding="utf-8")
    result = run("check", "--corpus", str(tmp_path))
    assert result.exit_code == 1
    assert "skipped" in result.stdout and "not a legal text" in result.stdout
    assert "error: no documents could be loaded" in result.stderr


def test_check_names_a_missing_folder(tmp_path):
    result = run("check", "--corpus", str(tmp_path / "nope"))
    assert result.exit_code == 1 and "corpus folder not found" in result.stderr


def test_build_strict_refuses_before_building(tmp_path, formats_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(formats_dir / "pipl.docx", corpus / "pipl.docx")
    (corpus / "empty.txt").write_bytes(b"")
    index = tmp_path / "index"
    result = run("build", "--corpus", str(corpus), "--index", str(index), "--quiet", "--strict")
    assert result.exit_code == 1
    assert f"skipped {corpus / 'empty.txt'}: empty file (0 bytes)" in result.stderr
    assert "--strict: 1 files skipped and 0 warnings; nothing was built" in result.stderr
    assert not index.exists()


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory, formats_dir):
    """A real index over one PDF with a sidecar, its DOCX twin and bad files."""
    from pypdf import PdfWriter

    corpus = tmp_path_factory.mktemp("mixed")
    shutil.copy(formats_dir / "genai-interim-measures.pdf", corpus / "genai.pdf")
    (corpus / "genai.pdf.meta.yaml").write_text(
        "id: genai-pdf\naliases: [AIGC办法]\nlevel: departmental_rule\nstatus: in_force\n", encoding="utf-8")
    shutil.copy(formats_dir / "genai-interim-measures.docx", corpus / "later-copy.docx")  # same text, read second
    pdf = (formats_dir / "dsl.pdf").read_bytes()
    (corpus / "cut.pdf").write_bytes(pdf[:5000])
    writer = PdfWriter(clone_from=formats_dir / "dsl.pdf")
    writer.encrypt(user_password="pw", algorithm="AES-128")
    writer.write(corpus / "locked.pdf")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "noise.txt").write_bytes(bytes(range(256)) * 4)
    os.symlink(corpus / "missing.docx", corpus / "dangling.docx")
    index = tmp_path_factory.mktemp("mixed-index")
    result = run("build", "--corpus", str(corpus), "--index", str(index), "--quiet")
    return corpus, index, result


@pytest.mark.slow
def test_build_reports_each_bad_file_once_and_ends_with_a_summary(mixed_build):
    corpus, _, result = mixed_build
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().split("\n")
    for name in ("later-copy.docx", "cut.pdf", "locked.pdf", "empty.txt", "noise.txt", "dangling.docx"):
        assert sum(str(corpus / name) in line for line in lines) == 1, name
    assert f"skipped {corpus / 'later-copy.docx'}: duplicate of {corpus / 'genai.pdf'}" in result.stderr
    summary = result.stdout.strip().split("\n")[-1]
    assert ": 1 documents, 24 articles," in summary and "6 files skipped" in summary


@pytest.mark.slow
def test_show_finds_a_pdf_article_by_its_sidecar_id_with_its_page(mixed_build):
    _, index, _ = mixed_build
    result = run("show", "genai-pdf", "12", "--index", str(index), "--json")
    assert result.exit_code == 0, result.output
    hit = json.loads(result.stdout)
    assert hit["article"] == "第十二条" and hit["doc_id"] == "genai-pdf"
    assert hit["text"] == "提供者应当按照《互联网信息服务深度合成管理规定》对图片、视频等生成内容进行标识。"
    assert hit["page"] == 4
    assert run("show", "AIGC办法", "第十二条", "--index", str(index)).exit_code == 0


@pytest.mark.slow
def test_the_pdf_is_searchable(mixed_build):
    _, index, _ = mixed_build
    result = run("search", "生成内容需要标识吗", "-k", "3", "--json", "--index", str(index))
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert "第十二条" in [h["article"] for h in hits]
    assert all(h["doc_id"] == "genai-pdf" and h["page"] for h in hits)
