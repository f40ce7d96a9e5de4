"""Properties of the numeral parser over the whole range statutes use (1..9999)."""

from hypothesis import given
from hypothesis import strategies as st

from policykb.lang.numerals import article_label, cn_to_int, int_to_cn, parse_article_label

numbers = st.integers(min_value=1, max_value=9999)


@given(numbers)
def test_writing_then_reading_a_numeral_gives_the_number(number):
    assert cn_to_int(int_to_cn(number)) == number


@given(numbers, st.integers(min_value=0, max_value=9))
def test_article_labels_round_trip(number, sub):
    assert parse_article_label(article_label(number, sub)) == (number, sub)


@given(numbers)
def test_arabic_and_full_width_digits_read_as_the_same_number(number):
    full_width = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert cn_to_int(str(number)) == cn_to_int(full_width) == number


@given(st.integers(min_value=1, max_value=9998))
def test_numerals_are_distinct(number):
    assert int_to_cn(number) != int_to_cn(number + 1)
