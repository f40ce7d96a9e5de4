"""Chinese numerals as statutes write them: golden cases that read like the specification."""

import pytest

from policykb.lang.numerals import article_label, cn_to_int, int_to_cn, parse_article_label

GOLDEN = [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("一百", 100), ("一百零一", 101),
    ("一百一十", 110), ("一百二十三", 123), ("二百零五", 205), ("一千", 1000), ("一千零一", 1001),
    ("一千零二十", 1020), ("一千二百六十", 1260), ("一千二百零二", 1202), ("九千九百九十九", 9999),
]


@pytest.mark.parametrize(("text", "number"), GOLDEN)
def test_golden_numerals_parse_and_write(text, number):
    assert cn_to_int(text) == number
    assert int_to_cn(number) == text


@pytest.mark.parametrize(("text", "number"), [("38", 38), ("３８", 38), ("两百", 200), ("〇", 0), ("一十五", 15)])
def test_variants_people_write(text, number):
    assert cn_to_int(text) == number


@pytest.mark.parametrize("text", ["", "abc", "十十", "百十一一", "三八x"])
def test_malformed_numerals_are_refused(text):
    with pytest.raises(ValueError):
        cn_to_int(text)


@pytest.mark.parametrize(("label", "parts"), [
    ("第一条", (1, 0)), ("第三十八条", (38, 0)), ("第十条之一", (10, 1)), ("第1条", (1, 0)),
    ("第 21 条", (21, 0)), ("第一千二百六十条", (1260, 0)),
])
def test_article_labels(label, parts):
    assert parse_article_label(label) == parts


def test_article_label_round_trip():
    assert article_label(38) == "第三十八条"
    assert article_label(10, 1) == "第十条之一"
    for number in range(1, 1300):
        assert parse_article_label(article_label(number)) == (number, 0)


def test_article_label_rejects_non_labels():
    with pytest.raises(ValueError):
        parse_article_label("第三章")
    with pytest.raises(ValueError):
        int_to_cn(0)
