"""Search filters on the real catalogue of the session subset: which versions a search may return."""

from __future__ import annotations

import datetime as dt

import pytest

from policykb import Filters, QueryError, UnknownInstrument
from policykb.catalog import Catalog
from policykb.corpus import load_corpus

BEFORE, AFTER = "2025-06-01", "2026-06-01"


@pytest.fixture(scope="module")
def catalog(subset_corpus):
    return Catalog([d.instrument for d in load_corpus([subset_corpus]).documents])


def test_by_default_a_replaced_version_is_left_out(catalog):
    assert "csl-2016" in Filters.of(as_of=BEFORE).allowed(catalog)
    after = Filters.of(as_of=AFTER).allowed(catalog)
    assert "csl-2016" not in after and "csl-2025" in after
    assert "csl-2016" in Filters.of(as_of=AFTER, include_superseded=True).allowed(catalog)
    assert "csl-2016" in Filters.of(as_of=AFTER).allowed(catalog, superseded=True)


def test_an_instrument_filter_takes_names_lists_and_comma_lists(catalog):
    one = Filters.of(instrument="个保法,DSL", as_of=AFTER)
    assert one.instrument == ("个保法", "DSL")
    assert one.allowed(catalog) == {"pipl", "dsl"}
    assert Filters.of(instrument=["csl-2016"], as_of=AFTER).allowed(catalog) == {"csl-2016"}
    with pytest.raises(UnknownInstrument):
        Filters.of(instrument="no such law").allowed(catalog)


def test_level_issuer_and_status_narrow_the_versions(catalog):
    laws = Filters.of(level="law", as_of=AFTER).allowed(catalog)
    assert laws and all(catalog.by_id[i].level == "law" for i in laws)
    assert Filters.of(status="amended", as_of=AFTER).allowed(catalog) == {"csl-2016"}
    assert Filters.of(status="amended", in_force_only=True, as_of=AFTER).allowed(catalog) == set()
    issuer = Filters.of(issuer="国务院", as_of=AFTER).allowed(catalog)
    assert issuer and all("国务院" in (catalog.by_id[i].issuer or "") for i in issuer)


def test_bad_values_say_what_is_allowed():
    with pytest.raises(QueryError, match="unknown level"):
        Filters.of(level="statute")
    with pytest.raises(QueryError, match="unknown status"):
        Filters.of(status="valid")
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        Filters.of(as_of="20250601")
    assert Filters.of(as_of=BEFORE).day == dt.date(2025, 6, 1)
    assert Filters().day == dt.date.today()
