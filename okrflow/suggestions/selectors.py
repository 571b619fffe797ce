"""The suggestion box as a reader sees it: open ideas in their similarity groups (assigned when
each was submitted: okrflow/suggestions/services.py), a page of groups at a time, the most
upvoted first; adopted ones apart."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, OuterRef
from django.db.models.functions import Coalesce

from okrflow.suggestions.models import Suggestion, SuggestionVote

GROUPS_PER_PAGE = 50
ADOPTED_SHOWN = 50


@dataclass
class Group:
    """Near-duplicate suggestions shown as one idea: the most upvoted first."""

    suggestions: list = field(default_factory=list)

    @property
    def lead(self):
        return self.suggestions[0]

    @property
    def votes(self) -> int:
        return sum(s.vote_count for s in self.suggestions)

    @property
    def ids(self) -> list:
        return [s.pk for s in self.suggestions]


def suggestions_of(person, cycle):
    """The cycle's suggestions with their `vote_count` and whether `person` upvoted (`voted`),
    in one query."""
    mine = SuggestionVote.objects.filter(suggestion_id=OuterRef("pk"), person_id=person.pk)
    return (Suggestion.objects.for_org(cycle.organization_id).filter(cycle=cycle)
            .select_related("author", "objective")
            .annotate(vote_count=Count("votes", distinct=True), voted=Exists(mine))
            .order_by("-created_at", "-id"))


def _open(queryset):
    return queryset.filter(objective=None, adopted_at=None).annotate(key=Coalesce("group_id", "pk"))


def box(person, cycle, page=1) -> tuple[Page, list]:
    """(one page of the open groups, most upvoted first, as Groups; the latest adopted
    suggestions). Three queries for the groups whatever the box holds: the page's groups ranked
    by the database, their count, and the page's suggestions."""
    ranked = (_open(Suggestion.objects.for_org(cycle.organization_id).filter(cycle=cycle))
              .values("key").annotate(votes=Count("votes"), size=Count("id", distinct=True),
                                      newest=Max("id"))
              .order_by("-votes", "-size", "-newest"))
    groups = Paginator(ranked, GROUPS_PER_PAGE).get_page(page)
    keys = [row["key"] for row in groups.object_list]
    members = {}
    for suggestion in _open(suggestions_of(person, cycle)).filter(key__in=keys):
        members.setdefault(suggestion.key, []).append(suggestion)
    groups.object_list = [Group(sorted(members[key], key=lambda s: (-s.vote_count, s.created_at, s.pk)))
                          for key in keys if key in members]
    adopted = list(suggestions_of(person, cycle).exclude(objective=None, adopted_at=None)[:ADOPTED_SHOWN])
    return groups, adopted
