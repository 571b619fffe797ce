"""The objective page says which meeting a draft came out of: linked for whoever may see the
meeting, "From a meeting" for the others, nothing for an objective born elsewhere."""

from okrflow.workshops import outcomes
from okrflow.workshops.models import Claim, Column
from tests.okrs.factories import make_objective


def _promoted(workshop, admin):
    column = Column.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                   title="客户满意度行业领先", rank=1)
    outcomes.promote_objectives(admin, workshop, column_ids=[column.pk])
    column.refresh_from_db()
    return column.objective


def test_a_draft_from_a_meeting_links_to_it(client, workshop, admin):
    draft = _promoted(workshop, admin)
    client.force_login(admin)
    page = client.get(f"/objectives/{draft.pk}/").content.decode()
    assert 'data-testid="from-meeting"' in page
    assert f'href="/workshops/{workshop.pk}/"' in page and workshop.title in page


def test_a_reader_who_cannot_see_the_meeting_reads_only_that_it_came_from_one(client, workshop, admin, carol):
    draft = _promoted(workshop, admin)
    client.force_login(carol)
    response = client.get(f"/objectives/{draft.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "From a meeting" in page
    assert workshop.title not in page and f"/workshops/{workshop.pk}/" not in page


def test_an_objective_born_elsewhere_names_no_meeting(client, admin, q1):
    objective = make_objective(q1, title="保持现金流健康")
    client.force_login(admin)
    assert 'data-testid="from-meeting"' not in client.get(f"/objectives/{objective.pk}/").content.decode()


def test_a_departments_draft_from_a_claim_names_its_meeting(client, workshop, admin, alice, q1, tech):
    company = make_objective(q1, title="交付提速")
    department = make_objective(q1, owner=tech, title="发布周期降到两周", parent_objective=company,
                                status="draft")
    Claim.objects.create(organization_id=workshop.organization_id, workshop=workshop, unit=tech,
                         objective=company, draft=department)
    client.force_login(admin)
    page = client.get(f"/objectives/{department.pk}/").content.decode()
    assert f'href="/workshops/{workshop.pk}/"' in page
    assert 'data-testid="from-meeting"' not in client.get(f"/objectives/{company.pk}/").content.decode()
