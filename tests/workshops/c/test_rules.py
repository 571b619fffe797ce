"""The pure rules of co-creation: card length (Chinese characters count one each), how many cards,
columns and dots, and the split into groups."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrflow.errors import DomainError
from okrflow.workshops.cocreation_rules import (
    card_length,
    check_card,
    check_card_count,
    check_column_count,
    check_vote,
    group_count,
    split_into_groups,
)


def test_a_chinese_character_counts_one():
    assert card_length("提升客户满意度到九十分") == 11


def test_whitespace_at_the_ends_is_not_counted_and_inner_runs_fold_to_one():
    assert check_card("  提升 \n\n 客户满意度  ", 1, 20) == "提升 客户满意度"


def test_a_card_of_exactly_eight_and_of_exactly_twenty_characters_is_taken():
    assert check_card("一二三四五六七八", 8, 20) == "一二三四五六七八"
    assert check_card("一" * 20, 8, 20) == "一" * 20


def test_a_card_of_seven_characters_is_refused_naming_the_limit():
    with pytest.raises(DomainError) as refused:
        check_card("一二三四五六七", 8, 20)
    assert refused.value.code == "card_too_short"
    assert str(refused.value) == "A card has at least 8 characters; this one has 7."


def test_a_card_of_twenty_five_characters_is_refused_naming_the_limit_and_its_length():
    with pytest.raises(DomainError) as refused:
        check_card("把客户满意度从七十分提升到九十分以上并且保持一整年", 8, 20)
    assert refused.value.code == "card_too_long"
    assert str(refused.value) == "A card has at most 20 characters; this one has 25."


def test_an_empty_or_blank_card_is_refused():
    for text in ("", "   \n ", None):
        with pytest.raises(DomainError) as refused:
            check_card(text, 8, 20)
        assert refused.value.code == "card_empty"


def test_a_decomposed_accent_counts_as_one_character():
    assert card_length("cafe\u0301") == 4


def test_the_sixth_card_the_sixth_column_and_the_sixth_dot_are_refused():
    check_card_count(4, 5)
    check_column_count(4, 5)
    check_vote(4, 0, 5, 3)
    with pytest.raises(DomainError, match="5 cards"):
        check_card_count(5, 5)
    with pytest.raises(DomainError, match="at most 5 columns"):
        check_column_count(5, 5)
    with pytest.raises(DomainError, match="all your 5 votes"):
        check_vote(5, 0, 5, 3)


def test_the_fourth_dot_on_one_column_is_refused():
    check_vote(2, 2, 5, 3)
    with pytest.raises(DomainError) as refused:
        check_vote(3, 3, 5, 3)
    assert refused.value.code == "vote_column_cap"


@given(n=st.integers(min_value=1, max_value=400), low=st.integers(1, 8), spread=st.integers(0, 6),
       seed=st.integers())
def test_every_person_is_in_exactly_one_group_and_sizes_differ_by_at_most_one(n, low, spread, seed):
    groups = split_into_groups(list(range(n)), low, low + spread, seed=seed)
    assert sorted(p for g in groups for p in g) == list(range(n))
    sizes = [len(g) for g in groups]
    assert max(sizes) - min(sizes) <= 1


@given(n=st.integers(min_value=1, max_value=400), low=st.integers(1, 8), spread=st.integers(0, 6))
def test_groups_are_within_bounds_whenever_any_split_is(n, low, spread):
    high = low + spread
    feasible = any(k * low <= n <= k * high for k in range(1, n + 1))
    sizes = [len(g) for g in split_into_groups(list(range(n)), low, high, seed=1)]
    if feasible:
        assert all(low <= size <= high for size in sizes), sizes
    elif n >= low:
        # No split fits (8 or 9 people in groups of 5-7): every group keeps the smallest size.
        assert all(size >= low for size in sizes), sizes
    else:
        assert sizes == [n]


def test_with_five_to_seven_only_eight_and_nine_people_fit_no_split():
    misfits = [n for n in range(5, 200)
               if not all(5 <= len(g) <= 7 for g in split_into_groups(range(n), 5, 7))]
    assert misfits == [8, 9]
    assert [len(g) for g in split_into_groups(range(8), 5, 7)] == [8]


def test_fewer_people_than_the_smallest_group_make_one_group_and_nobody_makes_none():
    assert [len(g) for g in split_into_groups(range(3), 5, 7)] == [3]
    assert split_into_groups([], 5, 7) == []
    assert group_count(12, 5, 7) == 2


def test_the_same_seed_deals_the_same_groups():
    assert split_into_groups(range(30), 5, 7, seed=42) == split_into_groups(range(30), 5, 7, seed=42)
    assert split_into_groups(range(30), 5, 7, seed=42) != split_into_groups(range(30), 5, 7, seed=43)
