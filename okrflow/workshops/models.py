"""Workshops and meetings run live inside okrflow (DOMAIN.md §6, seeds 000/001/003).

A `Template` is an organization's editable timed agenda (`TemplateItem`s); the shipped templates
(company and department OKR workshops, team co-creation, the quarterly OKR meeting, …) are
copied into an organization from `catalog.py`. A `Workshop` is one meeting made from a template:
its agenda items are copied (`AgendaItem`) so editing a template never changes a meeting.

Everything that happens in the room is a row: who takes part (`Participant`, a person or a guest
with a name), the random groups (`Group`), the sticky notes (`Card`), the clusters they are
sorted into (`Column`, at most `Workshop.max_columns` per group; a column without a group is the
plenary's), dot votes (`Vote`), departments' claims of company objectives with their 5W2H
breakdown (`Claim`), decisions and the CEO's final word (`Decision`), seminar feedback
(`Feedback`) and materials (`Material`). `Event` is the log of every change, an increasing id per
row: screens replay it after a reconnect (`Last-Event-ID`), the minutes and the audit read it.

The agenda timer lives here too, never in a process: a running item stores its absolute end
(`AgendaItem.ends_at`); a paused one the seconds it had left (`paused_remaining`). A server
restart loses nothing and the countdown resumes from the stored end.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from okrflow.tenancy import TenantModel

VERSION_HELP = _("Raised on every change; guards against lost updates.")


class Kind(models.TextChoices):
    """The meetings the seed guides describe, and a free one."""

    COMPANY_WORKSHOP = "company_workshop", _("Company OKR workshop")
    DEPARTMENT_WORKSHOP = "department_workshop", _("Department OKR workshop")
    COCREATION = "cocreation", _("Team co-creation")
    QUARTERLY_MEETING = "quarterly_meeting", _("Quarterly OKR meeting")
    STANDUP = "standup", _("Daily stand-up")
    DEPARTMENT_WEEKLY = "department_weekly", _("Department weekly meeting")
    MANAGEMENT_WEEKLY = "management_weekly", _("Management weekly meeting")
    REVIEW = "review", _("Monthly or quarterly review")
    CELEBRATION = "celebration", _("Celebration")
    SEMINAR = "seminar", _("Seminar")
    CUSTOM = "custom", pgettext_lazy("meeting kind", "Other meeting")


class Method(models.TextChoices):
    """How an agenda item is run; the room's screens show the panel of the current item's method."""

    TALK = "talk", _("Talk")
    GROUP_WORK = "group_work", _("Group work")
    COCREATION = "cocreation", _("Co-creation")
    VOTE = "vote", _("Vote")
    CLAIM = "claim", _("Claim")
    QA = "qa", _("Q&A")
    BREAK = "break", _("Break")


class Template(TenantModel):
    """An organization's timed agenda for one kind of meeting; `key` names the shipped template it
    was copied from (blank for one the organization made)."""

    key = models.CharField(_("shipped template"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.CUSTOM)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting template")
        verbose_name_plural = _("meeting templates")
        ordering = ["organization_id", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="workshop_template_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemFields(models.Model):
    """What a template item and a meeting's agenda item share. `parent` makes sub-steps: the
    company workshop's "annual objectives, 30 min" is "groups write, 15" + "consolidate, 15"."""

    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveIntegerField(_("minutes"), default=10)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.TALK)
    owner_label = models.CharField(
        _("owner"), max_length=100, blank=True,
        help_text=_("Who runs this item, e.g. the facilitator, the CEO, each group."))
    questions = models.TextField(_("guiding questions"), blank=True, help_text=_("One question per line."))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class TemplateItem(TenantModel, ItemFields):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("template"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="steps", verbose_name=_("part of"))

    class Meta:
        verbose_name = _("template item")
        verbose_name_plural = _("template items")
        ordering = ["template_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class State(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting state", "Scheduled")
    LIVE = "live", pgettext_lazy("meeting state", "Live")
    ENDED = "ended", pgettext_lazy("meeting state", "Ended")
    CANCELLED = "cancelled", pgettext_lazy("meeting state", "Cancelled")


class Workshop(TenantModel):
    """One meeting, made from a template. The limits of the room are per-meeting settings with
    the method's defaults (cards of 8–20 characters, at most 5 a person; at most 5 columns a
    group; 5 dot votes a person, at most 3 on one column; groups of 5–7)."""

    template = models.ForeignKey(Template, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="workshops", verbose_name=_("template"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.CUSTOM)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    facilitator = models.ForeignKey("org.Person", on_delete=models.PROTECT,
                                    related_name="facilitated_workshops", verbose_name=_("facilitator"))
    # What the room's results become: drafts of this cycle, owned by this unit (the company: the root unit).
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="workshops", verbose_name=_("cycle"))
    unit = models.ForeignKey("org.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="workshops", verbose_name=_("unit"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SCHEDULED)
    # Guests and sign-in: a short code (and its QR) that lets a guest join this meeting only.
    join_code = models.CharField(_("join code"), max_length=12, unique=True)
    guests_allowed = models.BooleanField(_("guests may join with the code"), default=False)
    registration_open = models.BooleanField(_("registration open"), default=False)
    current_item = models.ForeignKey("AgendaItem", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("current item"))
    card_min_chars = models.PositiveSmallIntegerField(_("shortest card (characters)"), default=8)
    card_max_chars = models.PositiveSmallIntegerField(_("longest card (characters)"), default=20)
    cards_per_person = models.PositiveSmallIntegerField(_("cards per person"), default=5)
    max_columns = models.PositiveSmallIntegerField(_("columns per group"), default=5)
    vote_budget = models.PositiveSmallIntegerField(_("votes per person"), default=5)
    max_votes_per_column = models.PositiveSmallIntegerField(_("votes per column"), default=3)
    group_min = models.PositiveSmallIntegerField(_("smallest group"), default=5)
    group_max = models.PositiveSmallIntegerField(_("largest group"), default=7)
    votes_revealed = models.BooleanField(_("votes revealed"), default=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # iCalendar: the invitation's UID is stable; SEQUENCE rises with every update or cancellation.
    ics_sequence = models.PositiveIntegerField(_("invitation sequence"), default=0)
    minutes_sent_at = models.DateTimeField(_("minutes sent"), null=True, blank=True)
    created_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["organization", "state", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="workshop_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="workshop_state_valid"),
            models.CheckConstraint(condition=Q(card_min_chars__lte=models.F("card_max_chars")),
                                   name="workshop_card_limits_ordered"),
            models.CheckConstraint(condition=Q(group_min__lte=models.F("group_max")),
                                   name="workshop_group_limits_ordered"),
        ]

    def __str__(self) -> str:
        return self.title


class Stage(models.TextChoices):
    """The steps of a co-creation item (seed 001): each writes alone (others' cards are counts),
    hands their pick to the leader who reveals them one by one, the group sorts the cards into
    columns, and the plenary merges the groups' columns. Only the facilitator moves it on."""

    WRITE = "write", pgettext_lazy("co-creation stage", "Write cards")
    SHARE = "share", pgettext_lazy("co-creation stage", "Share picks")
    SORT = "sort", pgettext_lazy("co-creation stage", "Sort into columns")
    PLENARY = "plenary", pgettext_lazy("co-creation stage", "Plenary")


class CardKind(models.TextChoices):
    OBJECTIVE = "objective", _("Objective idea")
    KEY_RESULT = "key_result", _("Key result idea")
    IDEA = "idea", _("Idea")


class ItemState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("agenda item state", "Pending")
    RUNNING = "running", pgettext_lazy("agenda item state", "Running")
    PAUSED = "paused", pgettext_lazy("agenda item state", "Paused")
    DONE = "done", pgettext_lazy("agenda item state", "Done")
    SKIPPED = "skipped", pgettext_lazy("agenda item state", "Skipped")


class AgendaItem(TenantModel, ItemFields):
    """One item of a meeting's agenda, with its timer: `ends_at` is the absolute end while it runs
    (`minutes` + the extensions after `started_at`), `paused_remaining` the seconds left while it is
    paused; `finished_at` − `started_at` (minus pauses) is its real duration for the minutes."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("workshop"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="steps", verbose_name=_("part of"))
    state = models.CharField(_("state"), max_length=20, choices=ItemState.choices, default=ItemState.PENDING)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    paused_remaining = models.IntegerField(_("seconds left when paused"), null=True, blank=True)
    extended_seconds = models.PositiveIntegerField(_("extended by (seconds)"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    actual_seconds = models.PositiveIntegerField(_("real duration (seconds)"), null=True, blank=True)
    stage = models.CharField(_("co-creation stage"), max_length=20, choices=Stage.choices,
                             default=Stage.WRITE)
    # What the cards of a co-creation item are ideas for: objectives, or (once a group has claimed
    # objectives on it, key_results.py) key results of the claimed objectives.
    card_kind = models.CharField(_("cards are"), max_length=20, choices=CardKind.choices,
                                 default=CardKind.OBJECTIVE)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["workshop_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ItemState.values), name="workshop_item_state_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")


class Group(TenantModel):
    """A random group of 5–7 people (the method's rule); its leader is a participant's flag."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="groups",
                                 verbose_name=_("workshop"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["workshop_id", "number"]
        constraints = [models.UniqueConstraint(fields=["workshop", "number"],
                                               name="workshop_group_number_unique")]

    def __str__(self) -> str:
        return self.name or str(self.number)


class Participant(TenantModel):
    """Someone in the room: a person with their okrflow login, or a guest who joined with the
    meeting's code and a name (`guest_name`, `guest_key` the secret in their browser's session)
    and sees only this meeting. Observers (the CEO at a co-creation) watch and speak last."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants",
                                 verbose_name=_("workshop"))
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="workshop_seats", verbose_name=_("person"))
    guest_name = models.CharField(_("guest name"), max_length=100, blank=True)
    guest_key = models.CharField(_("guest key"), max_length=64, blank=True, db_index=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    invited_unit = models.ForeignKey("org.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("invited with unit"))
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    signed_in_at = models.DateTimeField(_("signed in on the day"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined the live room"), null=True, blank=True)
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="members", verbose_name=_("group"))
    is_leader = models.BooleanField(_("group leader"), default=False)
    is_ready = models.BooleanField(_("ready"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["workshop_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], condition=Q(person__isnull=False),
                                    name="workshop_participant_once"),
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(guest_name=""),
                                   name="workshop_participant_person_or_guest"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="workshop_participant_role_valid"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else self.guest_name

    @property
    def is_guest(self) -> bool:
        return self.person_id is None


class Column(TenantModel):
    """A cluster of cards. A group's column (at most `max_columns` a group) gets a keyword and is
    written up as an objective (`title`) and ranked; a column without a group is the plenary's,
    into which the groups' columns are merged (`merged_into`). `objective` is the draft it became;
    `key_result` the draft key result when the cards were key-result ideas for `for_objective`."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="columns",
                                 verbose_name=_("workshop"))
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="columns", verbose_name=_("agenda item"))
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="columns", verbose_name=_("group"))
    kind = models.CharField(_("kind"), max_length=20, choices=CardKind.choices, default=CardKind.OBJECTIVE)
    keyword = models.CharField(_("keyword"), max_length=50, blank=True)
    title = models.CharField(_("written up as"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="merged", verbose_name=_("merged into"))
    for_objective = models.ForeignKey("okrs.Objective", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("key results for"))
    objective = models.ForeignKey("okrs.Objective", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="workshop_columns", verbose_name=_("draft objective"))
    key_result = models.ForeignKey("okrs.KeyResult", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="workshop_columns", verbose_name=_("draft key result"))
    # A key-result column's target, when the room gives one (the draft key result's target value).
    target_value = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_unit = models.CharField(_("unit"), max_length=30, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["workshop_id", "group_id", "position", "id"]

    def __str__(self) -> str:
        return self.title or self.keyword or str(self.pk)


class GroupObjective(TenantModel):
    """An objective a group has claimed on a key-result co-creation item (seed 000: each group
    claims 2–3 objectives and brainstorms their key results): the group's key-result columns on
    that item are each for one of the objectives it claimed. Two groups may claim the same one;
    the plenary merges their key results."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="group_objectives",
                                 verbose_name=_("workshop"))
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="group_objectives",
                                    verbose_name=_("agenda item"))
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="claimed_objectives",
                              verbose_name=_("group"))
    objective = models.ForeignKey("okrs.Objective", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("claimed objective"))
    claimed_by = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("claimed by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("objective claimed by a group")
        verbose_name_plural = _("objectives claimed by groups")
        ordering = ["workshop_id", "agenda_item_id", "group_id", "id"]
        constraints = [models.UniqueConstraint(fields=["agenda_item", "group", "objective"],
                                               name="workshop_group_objective_once")]


class Card(TenantModel):
    """A sticky note: one idea, within the meeting's length limits (Chinese characters count one
    each). While the room writes, each person sees only their own cards and the others' as counts;
    `is_pick` is the one a person hands to their group leader, `revealed_at` when the leader showed it."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="cards",
                                 verbose_name=_("workshop"))
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="cards", verbose_name=_("agenda item"))
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="cards",
                               verbose_name=_("author"))
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="cards", verbose_name=_("group"))
    kind = models.CharField(_("kind"), max_length=20, choices=CardKind.choices, default=CardKind.OBJECTIVE)
    text = models.CharField(_("text"), max_length=200)
    is_pick = models.BooleanField(_("most important"), default=False)
    revealed_at = models.DateTimeField(_("revealed"), null=True, blank=True)
    column = models.ForeignKey(Column, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="cards", verbose_name=_("column"))
    position = models.PositiveIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["workshop_id", "column_id", "position", "id"]
        indexes = [models.Index(fields=["workshop", "author"])]

    def __str__(self) -> str:
        return self.text


class Vote(TenantModel):
    """One dot: a row per vote, so a person's count and a column's total are COUNTs, and a vote is
    one transaction that locks the participant's row."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="votes",
                                 verbose_name=_("workshop"))
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes",
                                    verbose_name=_("participant"))
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="votes",
                               verbose_name=_("column"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["id"]
        indexes = [models.Index(fields=["workshop", "participant"]), models.Index(fields=["column"])]


class Claim(TenantModel):
    """A department's claim (部门认领) of a company objective or key result, broken down by 5W2H
    into the department's own draft objective, aligned to what it claimed."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="claims",
                                 verbose_name=_("workshop"))
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    objective = models.ForeignKey("okrs.Objective", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+", verbose_name=_("claimed objective"))
    key_result = models.ForeignKey("okrs.KeyResult", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="+", verbose_name=_("claimed key result"))
    what = models.TextField(_("what"), blank=True)
    why = models.TextField(_("why"), blank=True)
    who = models.TextField(_("who"), blank=True)
    when = models.TextField(_("when"), blank=True)
    where = models.TextField(_("where"), blank=True)
    how = models.TextField(_("how"), blank=True)
    how_much = models.TextField(_("how much"), blank=True)
    draft = models.ForeignKey("okrs.Objective", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="workshop_claims", verbose_name=_("department draft"))
    created_by = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("claimed by"))
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["workshop_id", "unit_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(objective__isnull=False) | Q(key_result__isnull=False),
                                   name="workshop_claim_names_what"),
        ]


class Decision(TenantModel):
    """A decision of the meeting; `is_final_word` marks the CEO's (the observer who speaks last)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="decisions",
                                 verbose_name=_("workshop"))
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="decisions", verbose_name=_("agenda item"))
    text = models.TextField(_("decision"))
    is_final_word = models.BooleanField(_("final word"), default=False)
    recorded_by = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["workshop_id", "id"]


class Feedback(TenantModel):
    """A participant's rating (1–5) and comment after a seminar."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="feedback",
                                 verbose_name=_("workshop"))
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("participant"))
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["workshop_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "participant"], name="workshop_feedback_once"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5),
                                   name="workshop_feedback_rating_1_5",
                                   violation_error_message=_("Rate from 1 to 5.")),
        ]


class Material(TenantModel):
    """A document for a seminar: a link or an uploaded file."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="materials",
                                 verbose_name=_("workshop"))
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="workshops/materials/", blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["workshop_id", "id"]


class Event(TenantModel):
    """The log of everything that happened in a meeting, in order (`id` increases). `topic` names
    the part of the screens that must refresh (agenda, cards, columns, votes, groups, participants,
    decisions, claims, workshop); `payload` holds ids and small values, never what a reader may
    not see — each screen fetches its own view of the changed part."""

    id = models.BigAutoField(primary_key=True)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="events",
                                 verbose_name=_("workshop"))
    topic = models.CharField(_("topic"), max_length=30)
    kind = models.CharField(_("kind"), max_length=50)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    actor = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")
        ordering = ["id"]
        indexes = [models.Index(fields=["workshop", "id"])]


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation status", "Waiting to be sent")
    SENDING = "sending", pgettext_lazy("invitation status", "Sending")
    SENT = "sent", pgettext_lazy("invitation status", "Sent")
    FAILED = "failed", pgettext_lazy("invitation status", "Could not be sent")
    SUPERSEDED = "superseded", pgettext_lazy("invitation status", "Replaced by a later one")


class Invitation(TenantModel):
    """The outbox of a meeting's calendar mail (okrflow/workshops/invitations.py): one row per
    person and version of the meeting (`sequence`, the iCalendar SEQUENCE), a request or a
    cancellation, sent by a background job after the change commits. A newer row supersedes the
    person's unsent older ones, so a calendar never receives an outdated version last."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invitations",
                                 verbose_name=_("workshop"))
    # The seat it was sent for; a person taken off the meeting keeps their cancellation's row.
    participant = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="invitations", verbose_name=_("participant"))
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("person"))
    sequence = models.PositiveIntegerField(_("invitation sequence"))
    is_cancellation = models.BooleanField(_("cancellation"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=InvitationStatus.choices,
                              default=InvitationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["workshop_id", "person_id", "-sequence", "-id"]
        indexes = [models.Index(fields=["workshop", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=InvitationStatus.values),
                                   name="workshop_invitation_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}/{self.person_id}#{self.sequence}"


class ActionLink(TenantModel):
    """An action item decided in a meeting. The task itself is the execution rhythm's
    (`okrflow.meetings.ActionItem`: every task belongs to a key result's action plan, DOMAIN.md §3),
    so it shows on its owner's task list; this row says which meeting it came from, for the minutes.
    It lives here, not on the task, because meetings sits below workshops."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="action_links",
                                 verbose_name=_("workshop"))
    action_item = models.OneToOneField("meetings.ActionItem", on_delete=models.CASCADE,
                                       related_name="workshop_link", verbose_name=_("action item"))
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("agenda item"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting action item")
        verbose_name_plural = _("meeting action items")
        ordering = ["workshop_id", "id"]

    def __str__(self) -> str:
        return str(self.action_item_id)
