"""The unit's and the company's OKR pages show the bottom-up share (objectives proposed bottom-up
or negotiated, of those that count) against the policy's target, warning when below it."""

from decimal import Decimal

import pytest

from okrflow.okrs.models import ObjectiveStatus, OkrPolicy, policy_for
from okrflow.org.models import Unit
from okrflow.web.views.okrs import _bottom_up
from tests.factories import make_unit
from tests.okrs.factories import make_objective


def share_card(client, url) -> str:
    """The share's card (web/okrs/_bottom_up_share.html) of a page."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    card = page[page.index('data-testid="bottom-up"'):]
    return card[:card.index("</div>\n</div>")]


def test_the_unit_page_shows_the_share_of_the_unit_and_the_people_below_it(client, okrs, q1, tech, bob):
    # TECH: its negotiated objective and bob's bottom-up one; a top-down one of TECH's as well.
    make_objective(q1, owner=tech, title="降低云成本", origin="top_down")
    client.force_login(bob)
    card = share_card(client, "/units/TECH/okrs/")
    assert 'data-testid="bottom-up-percent">67%<' in card
    assert "target at least 60%" in card and "2 of 3 bottom-up or negotiated" in card
    assert "On target" in card and 'data-below' not in card


def test_the_company_page_warns_when_the_share_is_below_the_target(client, okrs, q1, bob):
    # The company: 3 of 4 bottom-up or negotiated; two more top-down objectives make it 3 of 6.
    for title in ("扩大华南市场", "提升品牌知名度"):
        make_objective(q1, title=title, origin="top_down")
    client.force_login(bob)
    card = share_card(client, "/okrs/company/")
    assert 'data-testid="bottom-up-percent">50%<' in card
    assert 'data-below="true"' in card and "Below target" in card and "3 of 6" in card


def test_drafts_do_not_count_and_the_target_is_the_policys(client, okrs, org, q1, tech, bob):
    OkrPolicy.objects.create(organization=org, min_bottom_up_ratio=Decimal("0.8"))
    make_objective(q1, owner=tech, title="降低云成本", origin="top_down")
    make_objective(q1, owner=tech, title="草稿目标", origin="top_down", status=ObjectiveStatus.DRAFT)
    client.force_login(bob)
    card = share_card(client, "/units/TECH/okrs/")
    assert "target at least 80%" in card and "2 of 3 bottom-up or negotiated" in card
    assert 'data-below="true"' in card


def test_a_private_objective_counts_as_a_number_and_a_unit_without_objectives_shows_no_share(
        client, okrs, org, sales, bob):
    client.force_login(bob)
    # carol's private bottom-up objective counts in SALES's share (the number only, never its title).
    card = share_card(client, "/units/SALES/okrs/")
    assert 'data-testid="bottom-up-percent">100%<' in card and "1 of 1" in card
    make_unit(org, code="SALES-EAST", name="华东销售", parent=sales)
    card = share_card(client, "/units/SALES-EAST/okrs/")
    assert 'data-testid="bottom-up-percent">—<' in card and "data-below" not in card and " of " not in card


@pytest.mark.parametrize("unit_code", ["TECH", None])
def test_the_share_is_read_from_the_stored_row_in_two_queries(okrs, org, q1, django_assert_num_queries,
                                                             unit_code):
    unit = Unit.objects.get(organization=org, code=unit_code) if unit_code else org.root_unit()
    policy = policy_for(org)
    _bottom_up(q1, unit, policy)  # the tests' inline task backend computes the shares here
    with django_assert_num_queries(2):  # the board's freshness, the unit's row
        _bottom_up(q1, unit, policy)


def test_the_stored_shares_equal_the_read_models_rule_for_every_unit(okrs, org, q1, tech, sales):
    """The job's one pass over the cycle (home_boards.compute_unit_shares) and the one-query rule
    of the read model (selectors.bottom_up_share) agree, unit by unit and for the company."""
    from okrflow.okrs import selectors
    from okrflow.web.views.home_boards import compute_unit_shares

    team = make_unit(org, code="TECH-PLAT", name="平台组", parent=tech)
    make_objective(q1, owner=team, title="平台稳定", origin="bottom_up")
    make_objective(q1, owner=team, title="平台成本", origin="top_down")
    stored = compute_unit_shares(q1)
    for unit in Unit.objects.filter(organization=org):
        rule = selectors.bottom_up_share(q1, None if unit.parent_id is None else unit)
        assert stored.get(unit.pk, (0, 0)) == (rule["counted"], rule["bottom_up"]), unit.code
