"""Limit/offset pagination: every list answers {"items": [...], "count": N}.

Kept to one small helper (rather than ninja's @paginate) because OKR lists score the page's
objectives set-wise after slicing, which needs the page's rows in hand.
"""

from ninja import Field, Schema

MAX_LIMIT = 200


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Items per page (at most 200).")
    offset: int = Field(0, ge=0, le=2**31, description="How many items to skip.")


def page_of(queryset, params: PageParams, *, annotate=None, count_cap=None, rows=None,
            floor=None) -> tuple[list, int]:
    """The rows of one page and the total count of the query. `annotate` (a queryset → queryset
    function, e.g. the read model's scores) is applied to the page only: counting an annotated
    query would compute the annotations for every row of the list. With `count_cap` the count
    stops there (a list of a 100,000-person company's objectives is not counted row by row on
    every page): the answer is then at most `count_cap + 1`, meaning "more than count_cap".
    `rows` (ids → queryset, in the list's order) reads the page's rows by their ids, when the
    list's conditions need not be checked again (they chose the ids). `floor` is a cheaper
    queryset whose rows all belong to the list (e.g. its public objectives): when it alone passes
    `count_cap`, so does the list, and the list is not counted."""
    # Unordered: the order is the page's, not the count's (ordered, SQLite sorted 10,000 rows to count
    # them: 16 → 3 ms at 10,000 people).
    unordered = queryset.order_by()
    if count_cap and floor is not None and floor.order_by()[:count_cap + 1].count() > count_cap:
        count = count_cap + 1
    else:
        count = unordered[:count_cap + 1].count() if count_cap else unordered.count()
    if params.offset >= count:
        return [], count
    # The page's ids first, then its rows: sorting narrow id rows and reading 50 wide ones is
    # ~10× cheaper than sorting every wide row with its joins (132 → 13 ms for a 30,000-objective
    # list on SQLite).
    ids = list(queryset.values_list("pk", flat=True)[params.offset:params.offset + params.limit])
    page = queryset.filter(pk__in=ids) if rows is None else rows(ids)
    return list(annotate(page) if annotate else page), count
