# ruff: noqa: F811 (the demo fixtures are imported from tests/reports/card_world.py)
"""The doors of the documents: `okrflow report` (the format from the file's extension; a clear
message, a non-zero exit and no file left behind on every refusal) and `GET /api/v1/reports/{name}`
(the file with its name, the API's error shape, the caller's visibility); one audit entry per
generated document."""

import pytest
from django.core.management import CommandError, call_command

from okrflow.audit.models import AuditEntry
from tests.api.conftest import ApiClient, token_for
from tests.reports.card_world import DEV1, PRIVATE_TITLE, demo, demo_world, person  # noqa: F401
from tests.reports.files import flat, pdf_text, xlsx_values


def api_as(org, email, language="en"):
    return ApiClient(f"Bearer {token_for(person(org, email))}", language=language)


def test_the_command_writes_the_person_card_as_pdf_in_chinese(demo, tmp_path, capsys):
    target = tmp_path / "card.pdf"
    call_command("report", "person-card", "--cycle", "2026-Q4", "--person", DEV1, "--output", str(target),
                 "--language", "zh-hans")
    text = flat(pdf_text(target.read_bytes()))
    assert "把API网关做成团队的可靠基础设施" in text and "张伟" in text and PRIVATE_TITLE in text
    assert str(target) in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="report.generate").count() == 1
    assert list(tmp_path.iterdir()) == [target]


def test_the_command_writes_the_unit_card_as_xlsx(demo, tmp_path):
    target = tmp_path / "tech.xlsx"
    call_command("report", "unit-card", "--cycle", "2026-Q4", "--unit", "TECH", "--output", str(target))
    values = [v for row in xlsx_values(target.read_bytes()) for v in row]
    assert "Unit OKR card" in values and "让研发交付又快又稳" in values


@pytest.mark.parametrize(("args", "message"), [
    (["person-card", "--cycle", "2026-Q4", "--person", DEV1, "--output", "{tmp}/card.docx"], ".pdf or .xlsx"),
    (["no-such-report", "--cycle", "2026-Q4", "--output", "{tmp}/x.pdf"], 'no report named "no-such-report"'),
    (["person-card", "--cycle", "1999-Q9", "--person", DEV1, "--output", "{tmp}/x.pdf"], '"1999-Q9"'),
    (["person-card", "--cycle", "2026-Q4", "--person", "nobody@x.test", "--output", "{tmp}/x.pdf"],
     "nobody@x.test"),
    (["person-card", "--cycle", "2026-Q4", "--output", "{tmp}/x.pdf"], "Name the person"),
    (["person-card", "--cycle", "2026-Q4", "--unit", "TECH", "--output", "{tmp}/x.pdf"], "takes no unit"),
])
def test_the_command_refuses_with_a_clear_message_and_leaves_no_file(demo, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        call_command("report", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.filter(action="report.generate").exists()


def test_the_api_returns_the_file_with_its_name_and_audits_it(demo):
    response = api_as(demo, "dev2@xingyun.example").get(
        f"/reports/person-card?cycle=2026-Q4&person={DEV1}&format=pdf")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="person-card-2026-q4-' in response["Content-Disposition"]
    text = flat(pdf_text(b"".join(response.streaming_content)))
    assert "把API网关做成团队的可靠基础设施" in text and PRIVATE_TITLE not in text  # dev2 may not see it
    entry = AuditEntry.objects.get(action="report.generate")
    assert entry.actor.email == "dev2@xingyun.example" and entry.changes["report"] == [None, "person-card"]


def test_the_api_gives_the_xlsx_in_the_callers_language(demo):
    response = api_as(demo, DEV1, language="zh-hans").get(
        f"/reports/person-card?cycle=2026-Q4&person={DEV1}&format=xlsx")
    assert response.status_code == 200
    values = [v for row in xlsx_values(b"".join(response.streaming_content)) for v in row]
    assert PRIVATE_TITLE in values   # his own private objective


@pytest.mark.parametrize(("path", "status", "code", "field"), [
    ("/reports/nothing?cycle=2026-Q4", 404, "not_found", None),
    ("/reports/person-card?cycle=NOPE&person=" + DEV1, 404, "not_found", "cycle"),
    ("/reports/person-card?cycle=2026-Q4&person=mallory@globex.test", 404, "not_found", "person"),
    ("/reports/unit-card?cycle=2026-Q4&unit=NOPE", 404, "not_found", "unit"),
    ("/reports/person-card?cycle=2026-Q4&person=" + DEV1 + "&format=docx", 422, "invalid", "format"),
    ("/reports/person-card?cycle=2026-Q4", 400, "required", "person"),
])
def test_the_api_refuses_in_its_error_shape(demo, mallory, path, status, code, field):
    response = api_as(demo, "dev2@xingyun.example").get(path)
    assert response.status_code == status, response.content
    body = response.json()
    assert (body["code"], body["field"]) == (code, field) and body["message"]
    assert not AuditEntry.objects.filter(action="report.generate").exists()


def test_another_organization_asks_for_nothing_of_ours(demo, mallory):
    response = ApiClient(f"Bearer {token_for(mallory)}").get(
        f"/reports/person-card?cycle=2026-Q4&person={DEV1}")
    assert response.status_code == 404


def test_the_command_writes_a_heavy_document_too(demo, tmp_path):
    from okrflow.reports import document
    from okrflow.reports.document import Column, Definition, Report, Table

    def build(reader, params):
        def rows():
            for number in range(3):
                params.report_progress(33 * number)
                yield {"n": number}
        table = Table([Column("n", "序号", "number")], rows())
        return Report(name="test-heavy-cli", title="全公司", blocks=[table])

    document.register(Definition(name="test-heavy-cli", title="全公司", scopes=(), build=build,
                                 heavy=lambda params: True))
    try:
        target = tmp_path / "all.xlsx"
        call_command("report", "test-heavy-cli", "--cycle", "2026-Q4", "--output", str(target))
        assert "全公司" in [v for row in xlsx_values(target.read_bytes()) for v in row]
    finally:
        document._REGISTRY.pop("test-heavy-cli")


def test_the_api_sends_a_heavy_document_to_the_web_or_the_command_line(demo):
    from okrflow.reports import document
    from okrflow.reports.document import Definition, Report

    document.register(Definition(name="test-heavy-api", title="全公司", scopes=(), heavy=lambda params: True,
                                 build=lambda reader, params: Report(name="test-heavy-api", title="全公司")))
    try:
        response = api_as(demo, DEV1).get("/reports/test-heavy-api?cycle=2026-Q4")
    finally:
        document._REGISTRY.pop("test-heavy-api")
    assert response.status_code == 400 and response.json()["code"] == "heavy_report"
    assert "okrflow report" in response.json()["message"]


@pytest.mark.parametrize(("scope", "value", "word"), [("unit", "TECH", "部门"), ("person", DEV1, "人员"),
                                                      ("objective", "O-1", "目标")])
def test_a_scope_the_report_does_not_take_is_named_in_the_readers_language(demo, tmp_path, settings,
                                                                           scope, value, word):
    from django.utils import translation

    from okrflow.errors import DomainError
    from okrflow.reports import services
    from tests.reports import zh_catalogue

    # The scopes' words until the lead merges them into the project's catalogue.
    zh_catalogue.install(tmp_path, settings, {("report scope", "unit"): "部门",
                                              ("report scope", "person"): "人员",
                                              ("report scope", "objective"): "目标"})
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        services.resolve(services.console_actor(demo), "summary", cycle="2026-Q4", **{scope: value})
    assert refused.value.field == scope
    assert refused.value.message == f"这份报表不接受 {word} 参数。"


def test_the_command_refuses_a_folder_it_cannot_write_in_with_a_clear_message(demo):
    with pytest.raises(CommandError, match="Could not write /proc/x.pdf"):
        call_command("report", "person-card", "--cycle", "2026-Q4", "--person", DEV1,
                     "--output", "/proc/x.pdf")
    assert not AuditEntry.objects.filter(action="report.generate").exists()


def test_the_written_file_has_the_mode_the_umask_gives(demo, tmp_path):
    import os
    import stat

    target = tmp_path / "card.pdf"
    before = os.umask(0o027)
    try:
        call_command("report", "person-card", "--cycle", "2026-Q4", "--person", DEV1, "--output", str(target))
    finally:
        os.umask(before)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert list(tmp_path.iterdir()) == [target]
