"""Publishing sends every active person exactly one digest through a real SMTP server, in their
language, with only what they may see; again sends nothing; resend sends again."""

import pytest
from django.utils import translation

from okrflow.audit.models import AuditEntry
from okrflow.cycles.models import Cycle
from okrflow.okrs.models import Objective
from okrflow.publishing import services
from okrflow.publishing.services import UnpublishedDrafts
from tests.factories import make_person
from tests.publishing.conftest import make_draft


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as the web and API do: the service, then its digests queued (the test settings run
    the queued jobs at once, so the mail has arrived when this returns)."""
    def run(actor, cycle, **options):
        with django_capture_on_commit_callbacks(execute=True):
            result = services.publish_cycle(actor, cycle, **options)
            services.queue_digests(result, actor=actor)
        return result
    return run


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def by_recipient(inbox) -> dict:
    return {message["To"]: message for message in inbox.messages}


def test_every_active_person_gets_exactly_one_digest(smtp_server, world, admin, org, publish):
    make_person(org, email="gone@acme.test", name="Gone", is_active=False)
    publish(admin, world.q1)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(
        ["admin@acme.test", "alice@acme.test", "bob@acme.test", "carol@acme.test"])


def test_bobs_digest_holds_his_company_department_own_and_last_cycles_okrs(smtp_server, world, admin, publish,
                                                                          settings):
    settings.OKRFLOW_BASE_URL = "https://okr.example.com"
    publish(admin, world.q1)
    message = by_recipient(smtp_server)["bob@acme.test"]
    text = text_of(message)
    assert message["Subject"] == "[okrflow] 2026Q1 is published: your OKR digest"
    for expected in ("让协作更简单", "三年内成为华东第一", "Annual company goal", "Company goal Q1",
                     "Win 10 customers", "Tech goal Q1", "Bob public goal", "Bob secret goal",
                     "Last cycle: 2025Q4", "Bob last quarter goal", "0.95 Excellent",
                     "https://okr.example.com/cycles/2026Q1/book/"):
        assert expected in text, expected
    assert "Carol sales goal" not in text  # another department's OKRs are in the book, not the digest
    html = html_of(message)
    assert "Bob secret goal" in html and "https://okr.example.com/cycles/2026Q1/book/" in html


def test_no_digest_leaks_a_private_objective(smtp_server, world, admin, publish):
    publish(admin, world.q1)
    carols = by_recipient(smtp_server)["carol@acme.test"]
    assert "Bob secret goal" not in text_of(carols) and "Bob secret goal" not in html_of(carols)
    assert "Carol sales goal" in text_of(carols)


def test_a_digest_is_written_in_its_readers_language(smtp_server, world, admin, bob, publish,
                                                     chinese_catalogue):
    bob.language = "zh-hans"
    bob.save(update_fields=["language"])
    publish(admin, world.q1)
    messages = by_recipient(smtp_server)
    with translation.override("zh-hans"):
        expected = translation.gettext("Your OKRs")
    assert expected != "Your OKRs" and expected in text_of(messages["bob@acme.test"])
    assert "Your OKRs" in text_of(messages["carol@acme.test"])


def test_publishing_moves_agreed_objectives_to_published_and_stamps_the_cycle(world, admin, publish):
    result = publish(admin, world.q1)
    cycle = Cycle.objects.get(pk=world.q1.pk)
    assert cycle.is_published and cycle.published_by == admin
    assert result.published == 5 and result.digests == 4
    assert set(Objective.objects.filter(cycle=world.q1).values_list("status", flat=True)) == {"published"}
    assert Objective.objects.get(pk=world.annual.pk).status == "agreed"  # the annual cycle is not this one
    entry = AuditEntry.objects.get(object_type="cycles.cycle", action="published")
    assert entry.changes["objectives_published"] == [0, 5]


def test_publishing_again_sends_nothing_and_says_so(smtp_server, world, admin, publish):
    publish(admin, world.q1)
    smtp_server.messages.clear()
    result = publish(admin, world.q1)
    assert result.already_published and "already published" in result.message
    assert smtp_server.messages == []


def test_resend_sends_every_digest_again(smtp_server, world, admin, publish):
    publish(admin, world.q1)
    smtp_server.messages.clear()
    result = publish(admin, world.q1, resend=True)
    assert result.digests == 4 and len(smtp_server.messages) == 4


def test_a_refused_publish_names_the_drafts_and_stores_nothing(smtp_server, world, admin, bob, publish):
    make_draft(world.q1, bob, "O-DRAFT-1")
    make_draft(world.q1, bob, "O-PROP-1", status="proposed")
    entries = AuditEntry.objects.count()
    with pytest.raises(UnpublishedDrafts) as refused:
        publish(admin, world.q1)
    assert refused.value.code == "unpublished_drafts" and refused.value.status == 409
    assert "O-DRAFT-1" in refused.value.message and "O-PROP-1" in refused.value.message
    assert not Cycle.objects.get(pk=world.q1.pk).is_published
    assert not Objective.objects.filter(status="published").exists()
    assert AuditEntry.objects.count() == entries and smtp_server.messages == []


def test_a_refusal_names_ten_drafts_and_counts_the_rest(world, admin, bob):
    for n in range(12):
        make_draft(world.q1, bob, f"O-D{n:02}")
    with pytest.raises(UnpublishedDrafts) as refused:
        services.publish_cycle(admin, world.q1)
    assert "O-D09 and 2 more" in refused.value.message and "O-D10" not in refused.value.message


def test_only_agreed_publishes_the_agreed_ones_and_leaves_the_drafts(smtp_server, world, admin, bob, publish):
    draft = make_draft(world.q1, bob, "O-DRAFT-1")
    result = publish(admin, world.q1, only_agreed=True)
    assert result.published == 5 and result.left_as_drafts == 1
    assert Objective.objects.get(pk=draft.pk).status == "draft"
    assert "Unfinished O-DRAFT-1" not in text_of(by_recipient(smtp_server)["bob@acme.test"])


def test_only_agreed_leaves_a_proposal_proposed_and_says_so_truly(world, admin, bob):
    draft = make_draft(world.q1, bob, "O-DRAFT-1")
    proposal = make_draft(world.q1, bob, "O-PROP-1", status="proposed")
    result = services.publish_cycle(admin, world.q1, only_agreed=True)
    assert result.left_as_drafts == 2
    assert dict(Objective.objects.filter(pk__in=[draft.pk, proposal.pk]).values_list("ref", "status")) == {
        "O-DRAFT-1": "draft", "O-PROP-1": "proposed"}
    assert "2 objectives not agreed yet (drafts or proposals) are not published" in result.message
    assert "draft." not in result.message and "drafts." not in result.message


@pytest.mark.parametrize("persona", ["alice", "bob", "carol"])
def test_only_admins_and_the_champion_publish(request, world, persona):
    from okrflow.errors import AccessDenied

    with pytest.raises(AccessDenied):
        services.publish_cycle(request.getfixturevalue(persona), world.q1)
    assert not Cycle.objects.get(pk=world.q1.pk).is_published


def test_another_organizations_admin_does_not_find_the_cycle(world, mallory):
    from okrflow.errors import NotFound

    with pytest.raises(NotFound):
        services.publish_cycle(mallory, world.q1)


def test_a_pilot_cycle_sends_digests_to_its_covered_people_only(smtp_server, world, admin, tech, publish):
    world.q1.pilot_units.set([tech])
    publish(admin, world.q1)
    assert sorted(m["To"] for m in smtp_server.messages) == ["alice@acme.test", "bob@acme.test"]


def test_a_failed_delivery_is_retried_and_logged(world, admin, publish, settings):
    from okrflow.notifications.models import Delivery, DeliveryAttempt

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nobody listens
    publish(admin, world.q1)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"retry"}
    assert DeliveryAttempt.objects.filter(succeeded=False).count() == 4
