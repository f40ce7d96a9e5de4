"""The one citation resolver: which version and article a citation means, and why.

Real metadata and texts of the session subset (two Cybersecurity Law versions, PIPL, …);
nothing is embedded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from policykb.catalog import Catalog
from policykb.citations.parser import CitationParser
from policykb.citations.resolver import CitationResolver
from policykb.corpus import load_corpus

BEFORE, AFTER = dt.date(2025, 6, 1), dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def documents(subset_corpus):
    return load_corpus([subset_corpus]).documents


def _resolver(instruments, documents) -> tuple[CitationParser, CitationResolver]:
    catalog = Catalog(instruments)
    units = {(d.instrument.id, u.key): u for d in documents for u in d.parsed.units}
    return CitationParser(catalog), CitationResolver(catalog, lambda doc_id, key: units.get((doc_id, key)))


@pytest.fixture(scope="module")
def resolve(documents):
    parser, resolver = _resolver([d.instrument for d in documents], documents)

    def run(text: str, day: dt.date = AFTER, among: set[str] | None = None):
        [mention] = parser.find(text)
        return resolver.resolve(mention, day, among=among)
    return run


def test_a_name_of_several_versions_means_the_one_in_force(resolve):
    assert resolve("《网络安全法》第二十一条", BEFORE).instrument.id == "csl-2016"
    after = resolve("《网络安全法》第二十一条", AFTER)
    assert after.instrument.id == "csl-2025" and "in force on 2026-06-01" in after.reason
    assert after.article is not None and after.article.number == 21 and after.key == "21"


def test_a_cited_year_names_that_version_whatever_the_day(resolve):
    dated = resolve("《网络安全法》（2016年）第二十一条", AFTER)
    assert dated.instrument.id == "csl-2016" and dated.reason == "the 2016 version named in the citation is csl-2016"


def test_a_year_before_every_version_is_no_version(resolve):
    missing = resolve("《网络安全法》（2010年）第二十一条")
    assert (missing.instrument, missing.failure) == (None, "no_such_version")
    assert "(it has 2016 (csl-2016), 2025 (csl-2025))" in missing.reason


def test_an_unknown_name_and_a_missing_article(resolve):
    assert resolve("个保法第999条").article is None
    assert resolve("个保法第999条").instrument.id == "pipl"
    assert resolve("个保法第十条之一").key == "10-1"


def test_the_versions_a_search_allows_narrow_the_choice(resolve):
    assert resolve("《网络安全法》第二十一条", AFTER, among={"csl-2016", "pipl"}).instrument.id == "csl-2016"
    assert resolve("《网络安全法》第二十一条", AFTER, among={"pipl"}).instrument.id == "csl-2025"


def test_versions_known_only_by_their_effective_date_are_dated_by_it(documents):
    """One version-date rule (version, promulgated, effective): a law whose versions carry only
    an effective date is dated by it, so 'the 2016 text' exists for no one, search or verify."""
    bare = [replace(d.instrument, version=None, promulgated=None) if d.instrument.id.startswith("csl") else d.instrument
            for d in documents]
    parser, resolver = _resolver(bare, documents)
    catalog = Catalog(bare)
    assert [catalog.year_of(v) for v in catalog.versions("csl-2016")] == [2017, 2026]
    assert catalog.version_of_year("csl-2016", 2016) is None
    assert catalog.version_of_year("csl-2016", 2020) == "csl-2016"
    [mention] = parser.find("《网络安全法》（2016年）第二十一条")
    assert resolver.resolve(mention, AFTER).failure == "no_such_version"
