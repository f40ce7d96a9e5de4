"""Settings: flag, then environment, then policykb.toml, then defaults."""

from pathlib import Path

import pytest

from policykb import config
from policykb.errors import ConfigError


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("POLICYKB_CORPUS", "POLICYKB_INDEX", "POLICYKB_EMBEDDER", "POLICYKB_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults(clean_env):
    assert config.corpus_folders() == ["corpus"]
    assert config.index_dir() == Path("index")
    assert config.embedder_spec() is None


def test_config_file_in_the_working_folder(clean_env):
    (clean_env / "policykb.toml").write_text('corpus = ["laws", "rules"]\nindex = "idx"\nembedder = "e5-small"\n')
    assert config.corpus_folders() == ["laws", "rules"]
    assert config.index_dir() == Path("idx")
    assert config.embedder_spec() == "e5-small"


def test_named_config_file_paths_are_relative_to_it(clean_env, monkeypatch):
    folder = clean_env / "conf"
    folder.mkdir()
    (folder / "kb.toml").write_text('corpus = "texts"\nindex = "../built"\n')
    monkeypatch.setenv("POLICYKB_CONFIG", str(folder / "kb.toml"))
    assert config.corpus_folders() == [str(folder / "texts")]
    assert config.index_dir() == folder / "../built"


def test_environment_beats_the_file(clean_env, monkeypatch):
    (clean_env / "policykb.toml").write_text('corpus = "laws"\nindex = "idx"\n')
    monkeypatch.setenv("POLICYKB_CORPUS", "a:b")
    monkeypatch.setenv("POLICYKB_INDEX", "elsewhere")
    assert config.corpus_folders() == ["a", "b"]
    assert config.index_dir() == Path("elsewhere")


@pytest.mark.parametrize(("text", "message"), [
    ('corpus = "laws"\ncorpuss = "typo"\n', "unknown setting"),
    ("corpus = [1, 2]\n", "must be a folder"),
    ("corpus = \n", "cannot read config file"),
])
def test_bad_config_files_are_named_with_the_problem(clean_env, text, message):
    (clean_env / "policykb.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        config.corpus_folders()


def test_missing_named_config_file(clean_env, monkeypatch):
    monkeypatch.setenv("POLICYKB_CONFIG", str(clean_env / "nope.toml"))
    with pytest.raises(ConfigError, match="not a file"):
        config.index_dir()
