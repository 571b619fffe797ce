# ruff: noqa: F811 (the demo fixtures are imported from tests/reports/card_world.py)
"""The documents on the web: the printable page in the app's layout with its Print, PDF and Excel
buttons; the downloads (POST: audited); a heavy document prepared by a background job whose
page shows its progress and then offers the file to the person who asked, and to no one else."""

import pytest
from django.urls import reverse

from okrflow.audit.models import AuditEntry
from okrflow.reports import document
from okrflow.reports.document import Column, Definition, Report, Table
from okrflow.reports.models import ReportFile, ReportStatus
from tests.reports.card_world import DEV1, FORMULA_TITLE, PRIVATE_TITLE, cycle_of, demo, demo_world, person  # noqa: F401
from tests.reports.files import flat, pdf_text, xlsx_cells

CARD = "/reports/person-card/?cycle=2026-Q4&person=" + DEV1


def login(client, org, email):
    client.force_login(person(org, email))
    return client


def test_the_card_page_shows_the_card_in_the_layout_with_its_buttons(client, demo):
    response = login(client, demo, "dev2@xingyun.example").get(CARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Personal OKR card" in html and "把 API 网关做成团队的可靠基础设施" in html
    assert PRIVATE_TITLE not in html          # dev2 may not see it
    assert "data-report-print" in html and 'value="pdf"' in html and 'value="xlsx"' in html
    assert 'rowspan="2"' in html               # the objective's cells over its two key results
    assert "app-navbar" in html                # inside the app's layout
    assert f'href="{reverse("person", args=[person(demo, DEV1).pk])}">张伟</a>' in html   # the breadcrumb
    assert not AuditEntry.objects.filter(action="report.generate").exists()   # showing is a read


def test_the_owner_sees_his_private_objective_on_his_card(client, demo):
    html = login(client, demo, DEV1).get(CARD).content.decode()
    assert PRIVATE_TITLE in html


def test_the_pdf_and_excel_buttons_download_the_files_and_audit_them(client, demo):
    login(client, demo, DEV1)
    response = client.post(CARD, {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert PRIVATE_TITLE in flat(pdf_text(b"".join(response.streaming_content)))
    response = client.post(CARD, {"format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    cells = {value: (fmt, kind) for row in xlsx_cells(b"".join(response.streaming_content))
             for value, fmt, kind in row if value is not None}
    assert cells[FORMULA_TITLE][1] == "s"      # text, not a formula
    assert AuditEntry.objects.filter(action="report.generate").count() == 2


def test_a_bad_code_or_a_missing_scope_is_said_on_the_page(client, demo):
    login(client, demo, DEV1)
    assert client.get("/reports/person-card/?cycle=NOPE&person=" + DEV1).status_code == 404
    assert client.get("/reports/no-such-report/?cycle=2026-Q4").status_code == 404
    response = client.get("/reports/person-card/?cycle=2026-Q4")
    assert response.status_code == 400 and "Name the person" in response.content.decode()
    assert client.post(CARD, {"format": "docx"}).status_code == 400


def test_the_person_page_and_the_unit_page_link_to_their_cards(client, demo):
    login(client, demo, DEV1)
    dev1 = person(demo, DEV1)
    client.post(reverse("switch_cycle"), {"cycle_id": cycle_of(demo).pk})
    html = client.get(reverse("person", args=[dev1.pk])).content.decode()
    assert reverse("report", args=["person-card"]) + "?cycle=2026-Q4&amp;person=" in html
    html = client.get(reverse("unit", args=["TECH"])).content.decode()
    assert reverse("report", args=["unit-card"]) + "?cycle=2026-Q4&amp;unit=TECH" in html
    html = client.get(reverse("my_okrs")).content.decode()
    card = reverse("report", args=["person-card"])
    assert card + "?cycle=2026-Q4&amp;person=dev1%40xingyun.example" in html
    html = client.get(reverse("unit_okrs", args=["TECH"])).content.decode()
    assert reverse("report", args=["unit-card"]) + "?cycle=2026-Q4&amp;unit=TECH" in html


def _heavy_build(reader, params):
    def rows():
        for number in range(4):
            params.report_progress(25 * number)
            yield {"n": number, "title": f"第 {number} 行"}
    return Report(name="test-heavy", title="全公司测试文件", blocks=[Table([Column("n", "序号", "number"),
                                                                          Column("title", "标题")], rows())])


@pytest.fixture
def heavy_report():
    definition = document.register(Definition(name="test-heavy", title="全公司测试文件", scopes=(),
                                              build=_heavy_build, heavy=lambda params: True))
    yield definition
    document._REGISTRY.pop(definition.name)


def test_a_heavy_document_is_made_in_the_background_and_offered_to_its_owner_only(
        client, demo, heavy_report, django_capture_on_commit_callbacks):
    login(client, demo, DEV1)
    page = client.get("/reports/test-heavy/?cycle=2026-Q4").content.decode()
    assert "prepared in the background" in page and "data-report-print" not in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/reports/test-heavy/?cycle=2026-Q4", {"format": "pdf"})
    job = ReportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("report_file", args=[job.pk])
    status = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in status and "Queued" in status      # polling while it waits
    for callback in callbacks:     # the commit: the job runs (the test backend runs it at once)
        callback()
    job.refresh_from_db()
    assert (job.status, job.progress, job.owner.email) == (ReportStatus.DONE, 100, DEV1)
    fragment = client.get(reverse("report_file", args=[job.pk]),
                          headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in fragment and reverse("report_file_download", args=[job.pk]) in fragment
    assert "全公司测试文件" in fragment
    download = client.get(reverse("report_file_download", args=[job.pk]))
    assert "全公司测试文件" in flat(pdf_text(b"".join(download.streaming_content)))
    listed = client.get("/reports/test-heavy/?cycle=2026-Q4").content.decode()
    assert reverse("report_file", args=[job.pk]) in listed and "report.pdf" in listed
    other = login(client, demo, "dev2@xingyun.example")
    others_page = other.get("/reports/test-heavy/?cycle=2026-Q4").content.decode()
    assert reverse("report_file", args=[job.pk]) not in others_page
    assert other.get(reverse("report_file", args=[job.pk])).status_code == 404
    assert other.get(reverse("report_file_download", args=[job.pk])).status_code == 404


def test_the_progress_is_shown_while_the_job_runs(client, demo):
    job = ReportFile.objects.create(organization=demo, owner=person(demo, DEV1), name="person-card",
                                    params={"cycle": "2026-Q4"}, format="pdf", status=ReportStatus.RUNNING,
                                    progress=40)
    html = login(client, demo, DEV1).get(reverse("report_file", args=[job.pk])).content.decode()
    assert 'aria-valuenow="40"' in html and "width: 40%" in html and "every 2s" in html


def test_a_job_that_breaks_says_so_instead_of_running_for_ever(demo):
    from okrflow.reports.services import run_file

    def broken(reader, params):
        raise RuntimeError("a bug")

    document.register(Definition(name="test-broken", title="坏的", scopes=(), build=broken))
    try:
        job = ReportFile.objects.create(organization=demo, owner=person(demo, DEV1), name="test-broken",
                                        params={"cycle": "2026-Q4"}, format="pdf", language="en")
        with pytest.raises(RuntimeError):
            run_file(job.pk)
    finally:
        document._REGISTRY.pop("test-broken")
    job.refresh_from_db()
    assert job.status == ReportStatus.FAILED and "went wrong" in job.error and job.finished


# --- heavy files: reuse, cap, one worker, retention --------------------------------------------

def _params(demo, actor):
    from okrflow.reports import services

    return services.resolve(actor, "test-heavy", cycle="2026-Q4")[1]


def test_asking_again_for_a_document_being_made_answers_the_same_file(client, demo, heavy_report,
                                                                       django_capture_on_commit_callbacks):
    login(client, demo, DEV1)
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post("/reports/test-heavy/?cycle=2026-Q4", {"format": "pdf"})
        again = client.post("/reports/test-heavy/?cycle=2026-Q4", {"format": "pdf"})
        other_format = client.post("/reports/test-heavy/?cycle=2026-Q4", {"format": "xlsx"})
    assert first["Location"] == again["Location"] != other_format["Location"]
    assert ReportFile.objects.count() == 2


def test_a_person_has_at_most_three_documents_being_made(client, demo, heavy_report,
                                                         django_capture_on_commit_callbacks):
    from okrflow.reports import services

    dev1 = person(demo, DEV1)
    for cycle in ("A", "B", "C"):
        ReportFile.objects.create(organization=demo, owner=dev1, name="test-heavy", params={"cycle": cycle},
                                  format="pdf")
    login(client, demo, DEV1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        refused = client.post("/reports/test-heavy/?cycle=2026-Q4", {"format": "pdf"})
    assert refused.status_code == 400 and "3 documents being made already" in refused.content.decode()
    assert ReportFile.objects.count() == 3 and callbacks == []
    ReportFile.objects.filter(params={"cycle": "A"}).update(status=ReportStatus.DONE)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.request_file(dev1, "test-heavy", _params(demo, dev1), "pdf")
    assert job.status == ReportStatus.QUEUED and ReportFile.objects.count() == 4


def test_a_job_another_worker_claimed_is_not_run_twice(demo, heavy_report):
    from okrflow.reports.services import run_file

    job = ReportFile.objects.create(organization=demo, owner=person(demo, DEV1), name="test-heavy",
                                    params={"cycle": "2026-Q4"}, format="pdf", status=ReportStatus.RUNNING,
                                    progress=30)
    assert run_file(job.pk) == ReportStatus.RUNNING
    job.refresh_from_db()
    assert (job.status, job.progress, job.file.name) == (ReportStatus.RUNNING, 30, "")


def test_the_tick_deletes_files_older_than_a_week_with_their_stored_file(demo, heavy_report, settings,
                                                                          tmp_path):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from okrflow.notifications import scheduler

    settings.MEDIA_ROOT = tmp_path
    dev1 = person(demo, DEV1)
    jobs = []
    for days in (8, 6):
        job = ReportFile.objects.create(organization=demo, owner=dev1, name="test-heavy",
                                        params={"cycle": "2026-Q4"}, format="pdf", status=ReportStatus.DONE)
        job.file.save(f"{demo.pk}/{job.pk}-report.pdf", ContentFile(b"%PDF-1.4"), save=True)
        ReportFile.objects.filter(pk=job.pk).update(created=timezone.now() - datetime.timedelta(days=days))
        jobs.append(job)
    old, recent = jobs
    counts = scheduler.tick()
    assert counts["report_files_purged"] == 1
    assert list(ReportFile.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not (tmp_path / old.file.name).exists() and (tmp_path / recent.file.name).exists()


def test_two_workers_racing_for_one_job_run_it_once(demo, heavy_report, settings, tmp_path):
    """The other worker claims the job the moment this one has read it: only one of them runs it."""
    from django.db.models.signals import post_init

    from okrflow.reports.services import run_file

    settings.MEDIA_ROOT = tmp_path
    job = ReportFile.objects.create(organization=demo, owner=person(demo, DEV1), name="test-heavy",
                                    params={"cycle": "2026-Q4"}, format="pdf", language="en")
    other = {"tried": False, "won": False}

    def other_worker_claims(sender, instance, **kwargs):
        if instance.pk == job.pk and not other["tried"]:
            other["tried"] = True
            other["won"] = bool(ReportFile.objects.filter(pk=job.pk, status=ReportStatus.QUEUED)
                                .update(status=ReportStatus.RUNNING))

    post_init.connect(other_worker_claims, sender=ReportFile)
    try:
        run_file(job.pk)
    finally:
        post_init.disconnect(other_worker_claims, sender=ReportFile)
    job.refresh_from_db()
    ran_here = job.status == ReportStatus.DONE
    assert other["tried"] and other["won"] + ran_here == 1
