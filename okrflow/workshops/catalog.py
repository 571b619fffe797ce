"""The shipped meeting templates, as data (DOMAIN.md §6; seeds 000, 001, 003).

Every title, owner and question is a gettext string: `agendas.seed_templates` copies them into an
organization's `Template`/`TemplateItem` rows in the language of whoever seeds (or the
installation's default), after which the organization edits its own copy freely.

The company OKR workshop keeps the durations of seed 000 exactly (issue 10): background 10,
agenda 5, vision 10, annual objectives 30 (15 + 15), key results 30 (15 + 15), department claim
35 (15 + 15 + 5), break 10, each first-level department's session 35 (10 + 10 + 15), revision 30,
each department's presentation 15 (10 + 5 questions). Items marked `per_department` repeat once
per first-level department of the organization when it is seeded (seed 000: five departments,
35 × 5 and 15 × 5 minutes); an organization without departments keeps one of each.

A parent item's minutes are the sum of its steps' (a test keeps them so).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from okrflow.retros.models import Prompt
from okrflow.workshops.models import Kind, Method


@dataclass(frozen=True)
class Item:
    title: object
    minutes: int
    method: str = Method.TALK
    owner: object = ""
    questions: tuple = ()
    notes: object = ""
    steps: tuple = ()
    # Repeated for every first-level department when seeded; "{department}" in the title and
    # the notes is that department's name.
    per_department: bool = False


@dataclass(frozen=True)
class Shipped:
    key: str
    kind: str
    name: object
    description: object
    items: tuple = field(default_factory=tuple)

    def minutes(self, departments: int = 1) -> int:
        return sum(i.minutes * (departments if i.per_department else 1) for i in self.items)


FACILITATOR = _("Facilitator")
GENERAL_MANAGER = _("General manager")
CEO = _("CEO")
EACH_GROUP = _("Each group")
GROUP_LEADERS = _("Group leaders")
DEPARTMENT_HEADS = _("Department heads")
DEPARTMENT_HEAD = _("Department head")
EVERYONE = _("Everyone")
SPEAKER = _("Speaker")

# The guiding questions of seed 000, asked of every objective and key result the room drafts.
KR_QUESTIONS = (
    _("Is the key result really key?"),
    _("Does the key result support the objective?"),
    _("Is the key result measurable?"),
    _("What exactly do we want to achieve?"),
)
OBJECTIVE_QUESTIONS = (
    _("Is the objective challenging?"),
    _("How do we reach this objective?"),
    _("Where do we start?"),
    _("Who does it, who owns it?"),
)

COMPANY_WORKSHOP = Shipped(
    key="company_workshop", kind=Kind.COMPANY_WORKSHOP,
    name=_("Company OKR workshop"),
    description=_("The company's annual objectives and key results, drafted by the management in "
                  "groups, claimed by the departments and revised with them."),
    items=(
        Item(_("Background of the workshop"), 10, owner=GENERAL_MANAGER,
             notes=_("The general manager explains why we meet and what the workshop should produce.")),
        Item(_("Agenda"), 5, owner=FACILITATOR, notes=_("The facilitator walks through the agenda.")),
        Item(_("Vision for the next 3–5 years"), 10, Method.GROUP_WORK, owner=EVERYONE,
             notes=_("Describe the company's vision for the next three to five years and post it on "
                     "the wall.")),
        Item(_("The company's annual objectives"), 30, Method.COCREATION, owner=FACILITATOR,
             questions=OBJECTIVE_QUESTIONS, steps=(
                 Item(_("Each group writes five annual objectives"), 15, Method.COCREATION, owner=EACH_GROUP,
                      questions=OBJECTIVE_QUESTIONS),
                 Item(_("Consolidate and discuss: at most five objectives"), 15, Method.VOTE,
                      owner=FACILITATOR, questions=OBJECTIVE_QUESTIONS,
                      notes=_("The groups' objectives are merged and discussed; the company keeps at most "
                              "five.")),
             )),
        Item(_("Key results of the company's objectives"), 30, Method.COCREATION, owner=FACILITATOR,
             questions=KR_QUESTIONS, steps=(
                 Item(_("Each group claims 2–3 objectives and brainstorms their key results"), 15,
                      Method.COCREATION, owner=EACH_GROUP, questions=KR_QUESTIONS),
                 Item(_("Consolidate the key results into the draft of the company's annual OKRs"), 15,
                      Method.VOTE, owner=FACILITATOR, questions=KR_QUESTIONS),
             )),
        Item(_("Departments claim the company's objectives"), 35, Method.CLAIM, owner=FACILITATOR, steps=(
            Item(_("From the annual OKRs to the company's first-quarter OKRs"), 15, Method.GROUP_WORK,
                 owner=FACILITATOR),
            Item(_("Break the company's objectives and key results down with 5W2H"), 15, Method.CLAIM,
                 owner=EACH_GROUP,
                 questions=(_("What?"), _("Why?"), _("Who?"), _("When?"), _("Where?"), _("How?"),
                            _("How much?"))),
            Item(_("Departments claim the company's objectives and key results"), 5, Method.CLAIM,
                 owner=DEPARTMENT_HEADS),
        )),
        Item(_("Break"), 10, Method.BREAK),
        Item(_("{department}: annual and first-quarter OKRs"), 35, Method.COCREATION, owner=DEPARTMENT_HEAD,
             per_department=True, questions=KR_QUESTIONS, steps=(
                 Item(_("The department head presents the annual and first-quarter OKRs"), 10,
                      owner=DEPARTMENT_HEAD),
                 Item(_("The groups discuss them on sticky notes"), 10, Method.COCREATION, owner=EACH_GROUP,
                      questions=KR_QUESTIONS,
                      notes=_("Everyone writes suggestions or doubts on sticky notes, then the group "
                              "discusses them.")),
                 Item(_("Group representatives give their suggestions"), 15, owner=GROUP_LEADERS),
             )),
        Item(_("Groups revise the OKRs"), 30, Method.GROUP_WORK, owner=EACH_GROUP,
             notes=_("Mind the vertical and horizontal alignment of the departments' annual and "
                     "first-quarter OKRs.")),
        Item(_("{department} presents the revised OKRs"), 15, owner=DEPARTMENT_HEAD, per_department=True,
             steps=(
                 Item(_("The department head presents the revised annual and first-quarter OKRs"), 10,
                      owner=DEPARTMENT_HEAD),
                 Item(_("Questions from the other groups"), 5, Method.QA, owner=EVERYONE),
             )),
    ),
)

DEPARTMENT_WORKSHOP = Shipped(
    key="department_workshop", kind=Kind.DEPARTMENT_WORKSHOP,
    name=_("Department OKR workshop"),
    description=_("The general manager explains the company's OKRs until everyone agrees; then the "
                  "department's OKRs the same way."),
    items=(
        Item(_("Background of the workshop"), 5, owner=GENERAL_MANAGER,
             notes=_("The general manager explains why we meet and what the workshop should produce.")),
        Item(_("Agenda and rules of the meeting"), 5, owner=FACILITATOR),
        Item(_("The company's OKRs"), 30, owner=GENERAL_MANAGER, steps=(
            Item(_("The general manager explains the company's OKRs"), 10, owner=GENERAL_MANAGER),
            Item(_("Questions and answers until everyone understands and agrees"), 20, Method.QA,
                 owner=GENERAL_MANAGER),
        )),
        Item(_("The department's OKRs"), 30, owner=DEPARTMENT_HEAD, questions=KR_QUESTIONS, steps=(
            Item(_("The department head explains the department's OKRs"), 10, owner=DEPARTMENT_HEAD),
            Item(_("Questions and answers until everyone understands and agrees"), 20, Method.QA,
                 owner=DEPARTMENT_HEAD, questions=KR_QUESTIONS),
        )),
    ),
)

COCREATION = Shipped(
    key="cocreation", kind=Kind.COCREATION,
    name=_("Team co-creation"),
    description=_("Random groups of 5–7 with a leader write sticky notes, cluster them into at most "
                  "five columns, vote on disputes and write each column as an objective; the CEO "
                  "observes and speaks last."),
    items=(
        Item(_("Random groups and their leaders"), 5, Method.GROUP_WORK, owner=FACILITATOR,
             notes=_("Groups of 5–7 people, each with a leader; the CEO observes.")),
        Item(_("The leader introduces the topic"), 5, owner=GROUP_LEADERS),
        Item(_("Individual brainstorm: five sticky notes each"), 15, Method.COCREATION, owner=EVERYONE,
             notes=_("One idea per note, 8–20 characters, plain words.")),
        Item(_("Sort the notes into at most five columns"), 25, Method.COCREATION, owner=GROUP_LEADERS,
             notes=_("Everyone hands their most important note to the leader, who reads it aloud; the "
                     "group sorts the notes into columns.")),
        Item(_("Vote where the group disagrees"), 10, Method.VOTE, owner=GROUP_LEADERS),
        Item(_("A keyword for each column, written as an objective"), 15, Method.GROUP_WORK,
             owner=EACH_GROUP, questions=OBJECTIVE_QUESTIONS),
        Item(_("Rank and present the results"), 15, owner=GROUP_LEADERS),
        Item(_("Plenary co-creation across the groups"), 20, Method.COCREATION, owner=FACILITATOR),
        Item(_("The CEO's final word"), 10, owner=CEO),
    ),
)

QUARTERLY_MEETING = Shipped(
    key="quarterly_meeting", kind=Kind.QUARTERLY_MEETING,
    name=_("Quarterly OKR meeting"),
    description=_("The seven steps of the quarterly OKR meeting: goal, data, progress, next "
                  "quarter's OKRs, action plans, communication, tracking."),
    items=(
        Item(_("The goal of the meeting"), 5, owner=FACILITATOR),
        Item(_("The data collected on this quarter's OKRs"), 10, owner=FACILITATOR),
        Item(_("Analyse the progress of this quarter's OKRs"), 20, Method.GROUP_WORK, owner=EVERYONE,
             questions=(_("Were the objectives reached?"), _("Why, or why not?"))),
        Item(_("Set next quarter's OKRs"), 30, Method.COCREATION, owner=EVERYONE,
             questions=OBJECTIVE_QUESTIONS + KR_QUESTIONS),
        Item(_("Action plans with owners"), 20, Method.CLAIM, owner=DEPARTMENT_HEADS),
        Item(_("Communicate the results: minutes and email"), 5, owner=FACILITATOR),
        Item(_("How we track and review until the next meeting"), 5, owner=FACILITATOR),
    ),
)

STANDUP = Shipped(
    key="standup", kind=Kind.STANDUP,
    name=_("Daily stand-up"),
    description=_("The whole group within 15 minutes; obstacles are named, not discussed."),
    items=(
        Item(_("Each person: yesterday, today, obstacles"), 12, owner=EVERYONE,
             questions=(_("What did you get done yesterday?"), _("What will you do today?"),
                        _("What is in your way?"))),
        Item(_("Who follows up on the obstacles after the meeting"), 3, owner=FACILITATOR,
             notes=_("Obstacles are not discussed in the stand-up; only the people concerned meet "
                     "afterwards.")),
    ),
)

DEPARTMENT_WEEKLY = Shipped(
    key="department_weekly", kind=Kind.DEPARTMENT_WEEKLY,
    name=_("Department weekly meeting"),
    description=_("A quarter of the time on progress, the rest on next steps; ending early is fine."),
    items=(
        Item(_("Each person shows the week's results"), 10, owner=EVERYONE),
        Item(_("Update the confidence of each key result"), 5, owner=DEPARTMENT_HEAD,
             questions=(_("Did we move forward or backward?"),
                        _("If the confidence dropped, what changed?"))),
        Item(_("Next steps"), 40, Method.GROUP_WORK, owner=EVERYONE),
        Item(_("Decisions and owners"), 5, owner=DEPARTMENT_HEAD),
    ),
)

MANAGEMENT_WEEKLY = Shipped(
    key="management_weekly", kind=Kind.MANAGEMENT_WEEKLY,
    name=_("Management weekly meeting"),
    description=_("The management reviews the company's OKRs: what must be done this week to move them."),
    items=(
        Item(_("Where the company's OKRs stand"), 15, owner=CEO),
        Item(_("What must be done this week to move the company's OKRs"), 35, Method.GROUP_WORK,
             owner=EVERYONE),
        Item(_("Decisions and owners"), 10, owner=CEO),
    ),
)

REVIEW = Shipped(
    key="review", kind=Kind.REVIEW,
    name=_("Monthly or quarterly review"),
    description=_("A review of the period's OKRs along the review checklist, ending with concrete "
                  "improvements; not blame."),
    items=(
        Item(_("The period's results and self-assessments"), 10, owner=FACILITATOR),
        # The review checklist of seed 003, the same prompts as the retrospectives' (one home).
        Item(_("The review checklist"), 40, Method.GROUP_WORK, owner=EVERYONE,
             questions=tuple(prompt.label for prompt in Prompt)),
        Item(_("Improvements for the next period, with owners"), 20, Method.CLAIM, owner=EVERYONE),
    ),
)

CELEBRATION = Shipped(
    key="celebration", kind=Kind.CELEBRATION,
    name=_("Celebration"),
    description=_("Weekly within the team, monthly per department, quarterly for the management; the "
                  "reward follows how well the OKRs were achieved."),
    items=(
        Item(_("What we achieved"), 15, owner=DEPARTMENT_HEAD),
        Item(_("Rewards by how well the OKRs were achieved"), 10, owner=DEPARTMENT_HEAD),
        Item(_("Thanks and stories"), 15, owner=EVERYONE),
        Item(_("Together"), 5, Method.BREAK, owner=EVERYONE),
    ),
)

SEMINAR = Shipped(
    key="seminar", kind=Kind.SEMINAR,
    name=_("Seminar"),
    description=_("Registration and sign-in, opening, keynote talks with questions, group discussion "
                  "and a summary; feedback and the materials afterwards."),
    items=(
        Item(_("Registration and sign-in"), 15, owner=FACILITATOR),
        Item(_("Opening: welcome, background and agenda"), 10, owner=FACILITATOR),
        Item(_("Keynote talk"), 45, owner=SPEAKER),
        Item(_("Questions to the speaker"), 15, Method.QA, owner=SPEAKER),
        Item(_("Break"), 10, Method.BREAK),
        Item(_("Group discussion"), 40, Method.GROUP_WORK, owner=EACH_GROUP),
        Item(_("Summary"), 15, owner=FACILITATOR),
        Item(_("Feedback"), 5, owner=EVERYONE),
    ),
)

SHIPPED = (COMPANY_WORKSHOP, DEPARTMENT_WORKSHOP, COCREATION, QUARTERLY_MEETING, STANDUP,
           DEPARTMENT_WEEKLY, MANAGEMENT_WEEKLY, REVIEW, CELEBRATION, SEMINAR)
BY_KEY = {shipped.key: shipped for shipped in SHIPPED}


def strings(shipped: Shipped):
    """Every translatable text of a shipped template (the translation test walks them)."""
    yield shipped.name
    yield shipped.description

    def walk(items):
        for item in items:
            yield from (item.title, item.owner, item.notes, *item.questions)
            yield from walk(item.steps)

    yield from (text for text in walk(shipped.items) if text)
