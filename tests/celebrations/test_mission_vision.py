"""The organization's mission and vision: set by admins and the OKR champion, audited."""

import pytest

from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError
from okrflow.org.models import Organization
from okrflow.org.services import update_mission_vision


def test_the_champion_sets_the_mission_and_vision_and_the_change_is_audited(champion, org):
    update_mission_vision(champion, org, mission=" 让协作更简单 ", vision="三年内成为行业第一")
    org.refresh_from_db()
    assert (org.mission, org.vision) == ("让协作更简单", "三年内成为行业第一")
    entry = AuditEntry.objects.get(action="organization.mission")
    assert entry.changes["mission"] == ["", "让协作更简单"] and entry.actor == champion


def test_saving_the_same_text_again_writes_nothing(admin, org):
    update_mission_vision(admin, org, mission="使命", vision="愿景")
    update_mission_vision(admin, org, mission="使命", vision="愿景")
    assert AuditEntry.objects.filter(action="organization.mission").count() == 1


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_managers_and_members_cannot_change_the_mission(request, persona, org):
    with pytest.raises(AccessDenied):
        update_mission_vision(request.getfixturevalue(persona), org, mission="我的使命", vision="")
    assert Organization.objects.get(pk=org.pk).mission == ""


def test_an_admin_of_another_organization_cannot_change_acmes_mission(mallory, org):
    with pytest.raises(AccessDenied):
        update_mission_vision(mallory, org, mission="Globex rules", vision="")
    assert Organization.objects.get(pk=org.pk).mission == ""


def test_a_mission_that_is_too_long_is_refused(org):
    with pytest.raises(DomainError) as refused:
        update_mission_vision(SYSTEM, org, mission="长" * 2001, vision="")
    assert refused.value.field == "mission"
    assert Organization.objects.get(pk=org.pk).mission == ""
