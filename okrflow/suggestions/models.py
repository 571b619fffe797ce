"""The suggestion box (制定): objectives people think the company needs this cycle.

Every employee may submit one (title, why); people upvote (one vote per person); the OKR
champion sees them merged by similarity (okrflow/suggestions/similarity.py) and turns one, or a
merged group, into a draft company objective, which keeps its suggesters as its source. A
suggestion joins its similarity group when it is submitted (`group`).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.tenancy import TenantModel


class Suggestion(TenantModel):
    """One person's idea for a company objective in one cycle."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="suggestions",
                              verbose_name=_("cycle"))
    author = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="suggestions", verbose_name=_("suggested by"))
    title = models.CharField(_("title"), max_length=200)
    why = models.TextField(_("why the company needs it"), blank=True)
    # The draft company objective it became (several merged suggestions may share one).
    objective = models.ForeignKey("okrs.Objective", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="suggestions", verbose_name=_("became objective"))
    adopted_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("adopted by"))
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Its similarity group, named by the group's first suggestion (itself for that one): set once
    # when it is submitted, against the cycle's open groups (okrflow/suggestions/services.py), so
    # that reading the box never compares suggestions.
    group = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="members", verbose_name=_("similar to"))

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "cycle"], name="suggestion_by_cycle"),
                   models.Index(fields=["cycle", "group"], name="suggestion_by_group")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.objective_id is not None or self.adopted_at is not None


class SuggestionVote(TenantModel):
    """One person's upvote of one suggestion (a second click takes it back)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="votes",
                                   verbose_name=_("suggestion"))
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("person"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("upvote")
        verbose_name_plural = _("upvotes")
        ordering = ["suggestion_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "person"], name="one_vote_per_person",
                                    violation_error_message=_("You have already upvoted this.")),
        ]

    def __str__(self) -> str:
        return f"{self.person} ↑ {self.suggestion}"
