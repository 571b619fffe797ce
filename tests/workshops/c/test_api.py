"""The co-creation API: a refused card is a 400 naming the limit (nothing stored), the board's
totals are null until revealed, an extra vote is refused."""

from okrflow.workshops import voting
from okrflow.workshops.models import Card, Column, Stage, Vote
from tests.api.conftest import ApiClient, token_for

from .conftest import set_stage


def test_a_card_over_the_limit_is_a_400_with_the_limit_and_nothing_is_stored(workshop, bob, bobs_seat):
    api = ApiClient(f"Bearer {token_for(bob)}")
    too_long = "把客户满意度从七十分提升到九十分以上并且保持一整年"
    refused = api.call("post", f"/workshops/{workshop.pk}/cards", {"text": too_long})
    assert refused.status_code == 400
    assert refused.json() == {"code": "card_too_long", "field": "text",
                              "message": "A card has at most 20 characters; this one has 25."}
    assert Card.objects.count() == 0
    taken = api.call("post", f"/workshops/{workshop.pk}/cards", {"text": "提升客户满意度到九十分"})
    assert taken.status_code == 201 and taken.json()["text"] == "提升客户满意度到九十分"
    mine = api.call("get", f"/workshops/{workshop.pk}/cards/mine").json()
    assert [c["id"] for c in mine] == [taken.json()["id"]]


def test_votes_over_the_api_hide_totals_until_revealed_and_refuse_the_extra_one(workshop, alice, bob,
                                                                               bobs_seat):
    set_stage(workshop, Stage.SORT)
    column = Column.objects.create(organization=workshop.organization, workshop=workshop,
                                   agenda_item=workshop.current_item)
    api = ApiClient(f"Bearer {token_for(bob)}")
    for _ in range(3):
        assert api.call("post", f"/workshops/{workshop.pk}/columns/{column.pk}/votes").status_code == 201
    extra = api.call("post", f"/workshops/{workshop.pk}/columns/{column.pk}/votes")
    assert extra.status_code == 400 and extra.json()["code"] == "vote_column_cap"
    board = api.call("get", f"/workshops/{workshop.pk}/columns").json()
    assert board["columns"][0]["total"] is None and board["columns"][0]["my_votes"] == 3
    voting.reveal_votes(alice, workshop)
    assert api.call("get", f"/workshops/{workshop.pk}/columns").json()["columns"][0]["total"] == 3
    assert api.call("delete", f"/workshops/{workshop.pk}/columns/{column.pk}/votes").status_code == 200
    assert Vote.objects.count() == 2
