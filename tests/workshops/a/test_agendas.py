"""Editing an organization's templates: who may, what is refused (nothing stored), steps keep
their parent's minutes, the order after a drag."""

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError, NotFound, StaleWrite
from okrflow.workshops import agendas
from okrflow.workshops.models import Method, Template, TemplateItem


@pytest.fixture
def template(org, admin):
    return agendas.create_template(admin, org, name="周会", kind="department_weekly")


def state():
    return (
        list(Template.objects.values_list("id", "name", "version", "is_archived")),
        list(TemplateItem.objects.values_list("id", "title", "minutes", "position", "parent_id")),
    )


def test_the_champion_creates_a_template_and_it_is_audited(org, champion):
    template = agendas.create_template(champion, org, name="  月度回顾  ", kind="review", description="")
    assert template.name == "月度回顾"
    assert AuditEntry.objects.filter(action="workshop_template.create", object_id=str(template.pk)).exists()


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_a_unit_head_and_a_member_cannot_edit_templates(request, org, template, who):
    person = request.getfixturevalue(who)
    before = state()
    with pytest.raises(AccessDenied):
        agendas.create_template(person, org, name="x")
    with pytest.raises(AccessDenied):
        agendas.add_item(person, template, title="x", minutes=5)
    assert state() == before


def test_a_unit_head_may_use_the_templates_a_member_may_not(org, template, alice, bob):
    assert list(agendas.templates_for(alice)) == [template]
    assert agendas.get_template(alice, template.pk) == template
    assert list(agendas.templates_for(bob)) == []
    with pytest.raises(NotFound):
        agendas.get_template(bob, template.pk)


def test_another_organization_cannot_see_or_edit_a_template(org, template, mallory):
    with pytest.raises(NotFound):
        agendas.get_template(mallory, template.pk)
    with pytest.raises(NotFound):
        agendas.add_item(mallory, template, title="x", minutes=5)
    with pytest.raises(NotFound):
        agendas.seed_templates(mallory, org)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "", "minutes": 5}, "title", "This field is required."),
        ({"title": "x" * 201, "minutes": 5}, "title", "Keep it under 200 characters."),
        ({"title": "x", "minutes": 0}, "minutes", "An item lasts from 1 to 480 minutes."),
        ({"title": "x", "minutes": 481}, "minutes", "An item lasts from 1 to 480 minutes."),
        ({"title": "x", "minutes": "ten"}, "minutes", "An item lasts from 1 to 480 minutes."),
        ({"title": "x", "minutes": 5, "method": "dance"}, "method", "Choose how the item is run."),
    ],
)
def test_a_bad_item_is_refused_with_a_clear_message_and_nothing_stored(
    admin, template, fields, field, message
):
    before = state()
    with pytest.raises(DomainError) as refused:
        agendas.add_item(admin, template, **fields)
    assert (refused.value.field, str(refused.value.message)) == (field, message)
    assert state() == before


def test_a_bad_template_is_refused(org, admin):
    with pytest.raises(DomainError) as refused:
        agendas.create_template(admin, org, name="会", kind="party")
    assert refused.value.field == "kind"
    with pytest.raises(DomainError):
        agendas.create_template(admin, org, name="   ")
    assert not Template.objects.exists()


def test_steps_sum_into_their_parent_and_cannot_nest(admin, template):
    parent = agendas.add_item(admin, template, title="年度目标", minutes=99, method=Method.COCREATION)
    agendas.add_item(admin, template, title="分组写", minutes=15, parent=parent)
    step = agendas.add_item(admin, template, title="汇总", minutes=10, parent=parent)
    assert TemplateItem.objects.get(pk=parent.pk).minutes == 25
    agendas.update_item(admin, step, title="汇总讨论", minutes=15, method=Method.VOTE)
    assert TemplateItem.objects.get(pk=parent.pk).minutes == 30
    before = state()
    with pytest.raises(DomainError) as refused:
        agendas.add_item(admin, template, title="太深", minutes=5, parent=step)
    assert refused.value.code == "too_deep"
    assert state() == before
    agendas.delete_item(admin, step)
    assert TemplateItem.objects.get(pk=parent.pk).minutes == 15


def test_a_step_of_another_template_is_not_found(org, admin, template):
    other = agendas.create_template(admin, org, name="别的")
    foreign = agendas.add_item(admin, other, title="x", minutes=5)
    with pytest.raises(NotFound):
        agendas.add_item(admin, template, title="y", minutes=5, parent=foreign)


def test_reordering_puts_the_items_in_the_dragged_order(admin, template):
    a, b, c = (agendas.add_item(admin, template, title=t, minutes=5) for t in "abc")
    agendas.reorder_items(admin, template, [str(c.pk), str(a.pk), str(b.pk)])
    assert [i.title for i in agendas.agenda_of(template)] == ["c", "a", "b"]
    assert AuditEntry.objects.filter(action="workshop_template.reorder").count() == 1


@pytest.mark.parametrize("order", [["{a}", "{b}"], ["{a}", "{b}", "{c}", "{c}"], ["{a}", "{b}", "x"], []])
def test_an_order_that_is_not_exactly_the_level_is_refused(admin, template, order):
    items = {t: agendas.add_item(admin, template, title=t, minutes=5) for t in "abc"}
    before = state()
    ids = [o.format(**{k: v.pk for k, v in items.items()}) for o in order]
    with pytest.raises(DomainError) as refused:
        agendas.reorder_items(admin, template, ids)
    assert str(refused.value.message) == "The new order names an unknown item."
    assert state() == before


def test_a_stale_edit_is_refused(admin, template):
    with pytest.raises(StaleWrite):
        agendas.update_template(
            admin, template, name="新", kind="custom", expected_version=template.version + 1
        )
    assert Template.objects.get(pk=template.pk).name == "周会"


def test_archiving_twice_is_refused_and_restoring_brings_it_back(admin, template):
    agendas.archive_template(admin, template)
    with pytest.raises(DomainError) as refused:
        agendas.archive_template(admin, template)
    assert str(refused.value.message) == "The template is already archived."
    assert list(agendas.templates_for(admin)) == []
    agendas.archive_template(admin, template, archived=False)
    assert list(agendas.templates_for(admin)) == [template]
