"""The shipped templates: the company workshop keeps the durations of issue 10 / seed 000, every
template exists in both languages, and seeding copies them once."""

import re

from django.utils import translation
from django.utils.functional import Promise

from okrflow.audit.models import AuditEntry
from okrflow.workshops import agendas, catalog
from okrflow.workshops.models import Kind, Method, Template, TemplateItem

CJK = re.compile(r"[\u4e00-\u9fff]")
SAME = {"CEO"}  # written the same in Chinese


def outline(template):
    """(title, minutes, method, [(step minutes, method), ...]) for each top-level item."""
    return [
        (i.title, i.minutes, i.method, [(s.minutes, s.method) for s in i.substeps])
        for i in agendas.agenda_of(template)
    ]


def test_the_company_workshop_has_the_durations_of_the_issue():
    top = [(item.minutes, [step.minutes for step in item.steps]) for item in catalog.COMPANY_WORKSHOP.items]
    assert top == [
        (10, []),  # background by the general manager
        (5, []),  # agenda
        (10, []),  # vision for the next 3–5 years
        (30, [15, 15]),  # annual objectives: groups write, consolidate (at most 5)
        (30, [15, 15]),  # key results: groups claim 2–3 objectives and brainstorm, consolidate
        (35, [15, 15, 5]),  # department claim: Q1 OKRs, 5W2H, departments claim
        (10, []),  # break
        (35, [10, 10, 15]),  # each first-level department: presents, sticky notes, suggestions
        (30, []),  # revision
        (15, [10, 5]),  # each department presents the revised OKRs, 5 minutes of questions
    ]
    assert [i.per_department for i in catalog.COMPANY_WORKSHOP.items].count(True) == 2
    # Seed 000: five first-level departments, 35 × 5 and (10 + 5) × 5 = 75 minutes.
    assert catalog.COMPANY_WORKSHOP.minutes(departments=5) == 10 + 5 + 10 + 30 + 30 + 35 + 10 + 175 + 30 + 75


def test_the_company_workshop_asks_the_guiding_questions_of_seed_000():
    questions = {
        str(q)
        for item in catalog.COMPANY_WORKSHOP.items
        for step in (item, *item.steps)
        for q in step.questions
    }
    for question in (
        "Is the key result really key?",
        "Does the key result support the objective?",
        "Is the key result measurable?",
        "Is the objective challenging?",
        "Where do we start?",
        "Who does it, who owns it?",
    ):
        assert question in questions


def test_every_parent_lasts_as_long_as_its_steps():
    for shipped in catalog.SHIPPED:
        for item in shipped.items:
            if item.steps:
                assert item.minutes == sum(step.minutes for step in item.steps), (
                    shipped.key,
                    str(item.title),
                )


def test_every_kind_of_meeting_of_the_issue_is_shipped_once():
    assert sorted(s.kind for s in catalog.SHIPPED) == sorted(set(Kind.values) - {Kind.CUSTOM})
    assert len(catalog.BY_KEY) == len(catalog.SHIPPED)
    assert all(item.method in Method.values for s in catalog.SHIPPED for item in s.items)


def test_the_review_asks_the_checklist_of_seed_003():
    (checklist,) = [i for i in catalog.REVIEW.items if i.questions]
    assert len(checklist.questions) == 10
    assert any("Deviation" in str(q) for q in checklist.questions)


def test_the_stand_up_lasts_fifteen_minutes():
    assert catalog.STANDUP.minutes() == 15


def test_every_text_of_every_shipped_template_is_translatable():
    for shipped in catalog.SHIPPED:
        for text in catalog.strings(shipped):
            assert isinstance(text, Promise), (shipped.key, text)


def test_every_shipped_template_exists_in_chinese_and_english():
    """Needs the lead's merge of /tmp/i18n/A.json into the catalogue (like test_translations)."""
    for shipped in catalog.SHIPPED:
        with translation.override("en"):
            english = [str(t) for t in catalog.strings(shipped)]
        with translation.override("zh-hans"):
            chinese = [str(t) for t in catalog.strings(shipped)]
        assert not any(CJK.search(text) for text in english), shipped.key
        untranslated = [e for e, z in zip(english, chinese, strict=True)
                        if not CJK.search(z) and e not in SAME]
        assert untranslated == [], (shipped.key, untranslated)


def test_seeding_copies_every_template_with_one_session_per_first_level_department(org, admin, tech, sales):
    created = agendas.seed_templates(admin, org, language="en")
    assert sorted(t.key for t in created) == sorted(catalog.BY_KEY)
    company = Template.objects.get(organization=org, key="company_workshop")
    rows = outline(company)
    sessions = [r for r in rows if r[0].endswith("annual and first-quarter OKRs")]
    # In the tree's order (position, then code).
    assert [r[0] for r in sessions] == [
        "销售部: annual and first-quarter OKRs",
        "技术中心: annual and first-quarter OKRs",
    ]
    assert all(r[1] == 35 and [m for m, _ in r[3]] == [10, 10, 15] for r in sessions)
    assert agendas.total_minutes(company) == catalog.COMPANY_WORKSHOP.minutes(departments=2)
    assert AuditEntry.objects.filter(action="workshop_templates.seed").count() == 1


def test_seeding_again_adds_nothing_and_never_brings_back_an_archived_template(org, admin):
    agendas.seed_templates(admin, org, language="en")
    standup = Template.objects.get(organization=org, key="standup")
    agendas.archive_template(admin, standup)
    before = TemplateItem.objects.count()
    assert agendas.seed_templates(admin, org, language="en") == []
    assert TemplateItem.objects.count() == before
    assert Template.objects.get(pk=standup.pk).is_archived


def test_seeding_writes_in_the_seeders_language(org, admin):
    admin.language = "zh-hans"
    admin.save(update_fields=["language"])
    agendas.seed_templates(admin, org)
    with translation.override("zh-hans"):
        expected = str(catalog.STANDUP.name)
    assert Template.objects.get(organization=org, key="standup").name == expected


def test_an_organization_without_departments_keeps_one_session(org, admin):
    agendas.seed_templates(admin, org, language="en")
    company = Template.objects.get(organization=org, key="company_workshop")
    assert [r[0] for r in outline(company)].count("Each department: annual and first-quarter OKRs") == 1
