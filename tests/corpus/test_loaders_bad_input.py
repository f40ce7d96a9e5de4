"""Bad input never stops a load: each bad file is skipped or warned about once, with a
reason naming it, and the good files load. All broken files are made here from real ones."""

from __future__ import annotations

import os
import shutil

import pytest

from policykb.corpus import MAX_FILE_BYTES, load_corpus
from policykb.corpus.markdown import load as load_markdown

pytestmark = pytest.mark.needs_corpus


@pytest.fixture(scope="module")
def formats_dir(cyber_dir):
    return cyber_dir.parent / "formats"


def _dsl_text(cyber_dir) -> str:
    return load_markdown(cyber_dir / "dsl.md").text.replace("# ", "", 1)


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory, formats_dir, cyber_dir):
    """A folder of every kind of bad input next to good files."""
    from pypdf import PdfWriter

    folder = tmp_path_factory.mktemp("bad")
    pdf = (formats_dir / "genai-interim-measures.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) * 2 // 3])
    writer = PdfWriter(clone_from=formats_dir / "genai-interim-measures.pdf")
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    writer.write(folder / "encrypted.pdf")
    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    blank.write(folder / "blank.pdf")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "empty.md").write_bytes(b"")
    (folder / "title-only.md").write_text("# 某某管理办法\n\n", encoding="utf-8")
    (folder / "memo.txt").write_text("周会纪要\n\n今天讨论了项目进度，下周继续。\n", encoding="utf-8")
    with (folder / "huge.txt").open("wb") as handle:  # sparse: takes no disk space
        handle.truncate(50 * 1024 * 1024)
    os.symlink(folder / "gone.pdf", folder / "broken-link.pdf")
    os.mkfifo(folder / "pipe.txt")  # reading a FIFO would hang the build
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (folder / "renamed.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (folder / "bad-front-matter.md").write_text(
        "---\nid: test-rule\ntitle: [测试规定]\neffective: soon\ncolour: red\n---\n# 测试规定\n\n"
        "第一条 甲。\n\n第三条 乙。\n\n第三条 丙。\n", encoding="utf-8")
    # Good files: two formats of one instrument (the second is a duplicate), and a GBK text.
    shutil.copy(formats_dir / "genai-interim-measures.docx", folder / "genai.docx")
    shutil.copy(formats_dir / "genai-interim-measures.html", folder / "genai.html")
    (folder / "dsl.txt").write_bytes(_dsl_text(cyber_dir).encode("gbk"))
    return folder


@pytest.fixture(scope="module")
def report(bad_corpus):
    return load_corpus([bad_corpus])


def _reasons(report, folder) -> dict[str, list[str]]:
    reasons: dict[str, list[str]] = {}
    for path, reason in report.skipped:
        reasons.setdefault(os.path.relpath(path, folder), []).append(reason)
    return reasons


EXPECTED_SKIPS = {
    "truncated.pdf": "truncated PDF",
    "encrypted.pdf": "encrypted PDF: it needs a password",
    "blank.pdf": "page(s) are blank",
    "binary.txt": "binary data",
    "photo.txt": "a PNG image",
    "empty.md": "empty file",
    "title-only.md": "no text besides a title",
    "memo.txt": "not a legal text",
    "huge.txt": f"over the {MAX_FILE_BYTES // 2**20} MB limit",
    "broken-link.pdf": "broken symbolic link",
    "pipe.txt": "not a regular file",
    "old.doc": "save it as .docx",
    "renamed.docx": "old Word 97-2003 (.doc) file",
    "genai.html": "duplicate of",
}


def test_each_bad_file_is_skipped_once_with_its_reason(report, bad_corpus):
    reasons = _reasons(report, bad_corpus)
    assert set(reasons) == set(EXPECTED_SKIPS)
    for name, expected in EXPECTED_SKIPS.items():
        assert len(reasons[name]) == 1, name
        assert expected in reasons[name][0], (name, reasons[name])


def test_good_files_load_beside_the_bad(report):
    loaded = {d.path.name: d for d in report.documents}
    assert set(loaded) == {"genai.docx", "dsl.txt", "bad-front-matter.md"}
    assert len(loaded["genai.docx"].parsed.articles) == 24
    assert len(loaded["dsl.txt"].parsed.articles) == 55 and loaded["dsl.txt"].encoding == "gb18030"


def test_duplicate_in_another_format_names_the_first_file(report, bad_corpus):
    reason = _reasons(report, bad_corpus)["genai.html"][0]
    assert reason.startswith(f"duplicate of {bad_corpus / 'genai.docx'} ('genai', docx)")
    assert "the same 24 articles word for word" in reason


def test_front_matter_and_article_sequence_problems_are_warnings(report, bad_corpus):
    path = str(bad_corpus / "bad-front-matter.md")
    messages = [m for p, m in report.warnings if p == path]
    assert "field 'title' should be text, got list; ignored" in messages
    assert any(m.startswith("field 'effective' is not a valid date ('soon')") for m in messages)
    assert "unknown field 'colour' ignored" in messages
    assert "article sequence jumps from 第一条 to 第三条" in messages
    assert "duplicate article 第三条" in messages
    assert {p for p, _ in report.warnings} == {path}
    assert not report.clean


def test_two_versions_of_one_instrument_are_kept_and_noted(tmp_path, cyber_dir):
    text = _dsl_text(cyber_dir)
    (tmp_path / "dsl-2021.txt").write_text(text, encoding="utf-8")
    amended = text.replace("2021年6月10日 第十三届", "2030年1月1日 第十五届").replace(
        "本法自2021年9月1日起施行", "本法自2030年3月1日起施行").replace("制定本法。", "特制定本法。", 1)
    (tmp_path / "dsl-2030.txt").write_text(amended, encoding="utf-8")
    report = load_corpus([tmp_path])
    assert [d.path.name for d in report.documents] == ["dsl-2021.txt", "dsl-2030.txt"]
    assert report.clean
    [(path, note)] = report.notes
    assert path.endswith("dsl-2030.txt")
    # Versions are dated by the one version-date rule (version, promulgated, effective).
    assert "a later version of 中华人民共和国数据安全法" in note and "2021-06-10 → 2030-01-01" in note

    from policykb.catalog import Catalog

    catalog = Catalog(d.instrument for d in report.documents)
    assert catalog.versions("dsl-2021") == ("dsl-2021", "dsl-2030")


def test_two_undated_copies_with_different_text_are_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("某某管理办法\n第一条 甲。\n第二条 乙。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("某某管理办法\n第一条 甲。\n第二条 丙。\n", encoding="utf-8")
    report = load_corpus([tmp_path])
    assert len(report.documents) == 2
    [(path, message)] = report.warnings
    assert path.endswith("b.txt") and "same title as" in message and "no different date" in message


def test_same_id_with_different_text_is_skipped_with_advice(tmp_path, formats_dir):
    shutil.copy(formats_dir / "pipl.docx", tmp_path / "a.docx")
    shutil.copy(formats_dir / "dsl.pdf", tmp_path / "b.pdf")
    for name in ("a.docx", "b.pdf"):
        (tmp_path / f"{name}.meta.yaml").write_text("id: same-id\n", encoding="utf-8")
    report = load_corpus([tmp_path])
    [(path, reason)] = report.skipped
    assert path.endswith("b.pdf")
    assert "id 'same-id' is already used by" in reason and "b.pdf.meta.yaml" in reason


def test_a_scanned_pdf_is_refused_with_advice_to_ocr(tmp_path):
    image = pytest.importorskip("PIL.Image")
    image.new("RGB", (400, 600), "white").save(tmp_path / "scan.pdf", resolution=72)
    report = load_corpus([tmp_path])
    [(_, reason)] = report.skipped
    assert reason.startswith("no text layer: 1 page(s) of images only (a scan); run OCR first")


def test_a_damaged_docx_is_skipped(tmp_path, formats_dir):
    data = (formats_dir / "pipl.docx").read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    report = load_corpus([tmp_path])
    [(_, reason)] = report.skipped
    assert reason.startswith("damaged DOCX")


def test_a_pdf_with_an_owner_password_only_opens(tmp_path, formats_dir):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=formats_dir / "dsl.pdf")
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    writer.write(tmp_path / "dsl.pdf")
    report = load_corpus([tmp_path])
    assert len(report.documents[0].parsed.articles) == 55


# An impossible date (2021-09-31) in metadata is a warning about that field; it never stops
# the load (PyYAML's own date reading raised ValueError for it) and never costs the document.
IMPOSSIBLE_DATES = {  # metadata file, its text, the field and value warned about
    "yaml-sidecar": ("dsl.txt.meta.yaml", "id: dsl\neffective: 2021-09-31\n", "effective", "2021-09-31"),
    "json-sidecar-unquoted": ("dsl.txt.meta.json", '{"id": "dsl", "promulgated": 2021-02-30}',
                              "promulgated", "2021-02-30"),
    "explicit-tag": ("dsl.txt.meta.yaml", "id: dsl\nversion: !!timestamp 2021-02-30\n", "version", "2021-02-30"),
    "yaml-catalog": ("catalog.json", "- path: dsl.txt\n  id: dsl\n  version: 2021-13-01\n",
                     "version", "2021-13-01"),
}


@pytest.mark.parametrize("name", IMPOSSIBLE_DATES)
def test_an_impossible_date_in_a_sidecar_or_catalog_is_a_warning(tmp_path, formats_dir, name):
    shutil.copy(formats_dir / "dsl.gb18030.txt", tmp_path / "dsl.txt")
    metadata_file, text, field, value = IMPOSSIBLE_DATES[name]
    (tmp_path / metadata_file).write_text(text, encoding="utf-8")
    report = load_corpus([tmp_path])
    [document] = report.documents
    assert document.instrument.id == "dsl" and len(document.parsed.articles) == 55
    [(path, message)] = report.warnings
    assert path == str(tmp_path / "dsl.txt")
    assert message.startswith(f"field '{field}' is not a valid date ('{value}')") and message.endswith("; ignored")
    assert not report.skipped


def test_a_datetime_in_a_sidecar_still_gives_its_date(tmp_path, formats_dir):
    shutil.copy(formats_dir / "dsl.gb18030.txt", tmp_path / "dsl.txt")
    (tmp_path / "dsl.txt.meta.yaml").write_text(
        "id: dsl\neffective: 2021-09-01 00:00:00\npromulgated: 2021-06-10T09:30:00+08:00\n", encoding="utf-8")
    report = load_corpus([tmp_path])
    instrument = report.documents[0].instrument
    assert (str(instrument.effective), str(instrument.promulgated)) == ("2021-09-01", "2021-06-10")
    assert report.clean


def test_an_impossible_date_in_front_matter_costs_only_that_field(tmp_path):
    (tmp_path / "rule.md").write_text(
        "---\nid: rule\ntitle: 测试管理办法\neffective: 2021-02-30\npromulgated: 2020-13-45\n"
        "version: 2021-03-01\n---\n# 测试管理办法\n\n第一条 甲。\n\n第二条 乙。\n", encoding="utf-8")
    report = load_corpus([tmp_path])
    [document] = report.documents
    instrument = document.instrument
    assert (instrument.id, instrument.title, str(instrument.version)) == ("rule", "测试管理办法", "2021-03-01")
    assert instrument.effective is None and instrument.promulgated is None
    messages = sorted(m for _, m in report.warnings)
    assert [m.split(":")[0] for m in messages] == [
        "field 'effective' is not a valid date ('2021-02-30')",
        "field 'promulgated' is not a valid date ('2020-13-45')"]
    assert not report.skipped


def test_front_matter_without_its_closing_line_is_a_warning_not_law_text(tmp_path):
    (tmp_path / "unclosed.md").write_text(
        "---\nid: unclosed-rule\ntitle: 未闭合规定\naliases:\n  - 未闭合\nlevel: departmental_rule\n\n"
        "# 未闭合规定\n\n第一条 为了测试未闭合的前言，制定本规定。\n\n第二条 本规定自公布之日起施行。\n",
        encoding="utf-8")
    report = load_corpus([tmp_path])
    [document] = report.documents
    assert report.warnings == [(str(tmp_path / "unclosed.md"), (
        "front-matter has no closing '---': lines 2-6 read as its fields (add a '---' line after line 6)"))]
    assert [u.kind for u in document.parsed.units] == ["article", "article"]
    assert not any("id:" in p or "---" in p for u in document.parsed.units for p in u.paragraphs)
    instrument = document.instrument
    assert (instrument.id, instrument.title, instrument.aliases) == ("unclosed-rule", "未闭合规定", ("未闭合",))


def test_a_rule_line_that_opens_no_fields_stays_text(tmp_path):
    (tmp_path / "rule.md").write_text("---\n某某管理办法\n\n第一条 甲。\n\n第二条 乙。\n", encoding="utf-8")
    report = load_corpus([tmp_path])
    assert report.clean
    assert report.documents[0].parsed.units[0].paragraphs == ("---", "某某管理办法")


@pytest.mark.parametrize("national_first", [True, False])
def test_the_same_text_twice_keeps_the_copy_whose_metadata_says_more(tmp_path, cyber_dir, national_first):
    # The national set has the amended Cybersecurity Law under another id, without the version
    # link; whichever folder comes first, the cyber copy (csl-2025, supersedes csl-2016) is kept.
    national, cyber = tmp_path / "national", tmp_path / "cyber"
    national.mkdir()
    cyber.mkdir()
    shutil.copy(cyber_dir.parent / "national" / "nl-5fc6c6d6d717.md", national)
    for doc_id in ("csl-2016", "csl-2025"):
        shutil.copy(cyber_dir / f"{doc_id}.md", cyber)
    report = load_corpus([national, cyber] if national_first else [cyber, national])
    assert sorted(d.instrument.id for d in report.documents) == ["csl-2016", "csl-2025"]
    assert [os.path.basename(path) for path, _ in report.skipped] == ["nl-5fc6c6d6d717.md"]
    current = next(d.instrument for d in report.documents if d.instrument.id == "csl-2025")
    assert current.supersedes == "csl-2016"


def test_a_symlinked_folder_is_reported_not_silently_missed(tmp_path, cyber_dir):
    outside, corpus = tmp_path / "outside", tmp_path / "corpus"
    outside.mkdir()
    corpus.mkdir()
    shutil.copy(cyber_dir / "dsl.md", outside)
    shutil.copy(cyber_dir / "pipl.md", corpus)
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    report = load_corpus([corpus])
    assert [d.instrument.id for d in report.documents] == ["pipl"]
    assert [(os.path.basename(path), "not followed" in why) for path, why in report.skipped] == [("linked", True)]


def test_a_symlink_loop_is_called_a_loop(tmp_path, cyber_dir):
    shutil.copy(cyber_dir / "dsl.md", tmp_path)
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    report = load_corpus([tmp_path])
    assert [d.instrument.id for d in report.documents] == ["dsl"]
    assert sorted((os.path.basename(p), "loop" in why) for p, why in report.skipped) == [("a.md", True), ("b.md", True)]
