"""The suggestion box as a reader sees it: open ideas merged by similarity, adopted ones apart."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef

from okrflow.suggestions.models import Suggestion, SuggestionVote
from okrflow.suggestions.similarity import group_similar


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


def box(person, cycle) -> tuple[list[Group], list]:
    """(groups of open suggestions, most upvoted group first; adopted suggestions)."""
    rows = list(suggestions_of(person, cycle))
    open_rows = [s for s in rows if not s.is_adopted]
    groups = [Group(sorted(members, key=lambda s: (-s.vote_count, s.created_at, s.pk)))
              for members in group_similar(open_rows, text=lambda s: s.title)]
    groups.sort(key=lambda g: (-g.votes, -len(g.suggestions), -g.lead.pk))
    return groups, [s for s in rows if s.is_adopted]
