"""`okrflow lint --cycle CODE [--org SLUG] [--format text|json]`."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from okrflow.ops.management.commands.lint import Command
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def lint(*args):
    out = StringIO()
    call_command("lint", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def flawed(q1, tech):
    objective = make_objective(q1, owner=tech, ref="TECH-O1", origin="bottom_up")
    make_key_result(objective, ref="TECH-KR1", title="提升系统稳定性")
    return objective


def test_it_prints_findings_as_json(flawed):
    findings = json.loads(lint("--cycle", "2026Q1", "--format", "json"))
    assert [(f["code"], f["severity"], f["ref"]) for f in findings] == [
        ("too_few_key_results", "warning", "TECH-O1"), ("not_aligned", "warning", "TECH-O1"),
        ("vague_wording", "warning", "TECH-KR1"), ("missing_owner", "warning", "TECH-KR1")]
    assert all(set(f) == {"code", "severity", "ref", "message"} for f in findings)
    assert "提升" in findings[2]["message"]


def test_it_prints_findings_as_text_with_a_summary(flawed, org):
    output = lint("--cycle", "2026Q1", "--org", org.slug)
    assert "vague_wording" in output and "TECH-KR1" in output
    assert output.strip().endswith("4 findings in cycle 2026Q1.")


def test_a_clean_cycle_says_so(q1):
    assert lint("--cycle", "2026Q1").strip() == "No findings in cycle 2026Q1."


def test_an_unknown_cycle_is_a_clear_error(q1):
    with pytest.raises(CommandError, match="No cycle with the code \"2099Q9\""):
        lint("--cycle", "2099Q9")


def test_the_organization_must_be_named_when_there_are_several(q1, other_org):
    with pytest.raises(CommandError, match="--org"):
        lint("--cycle", "2026Q1")
    with pytest.raises(CommandError, match="nope"):
        lint("--cycle", "2026Q1", "--org", "nope")
    assert "No findings" in lint("--cycle", "2026Q1", "--org", "acme")


def test_an_error_exits_non_zero_without_a_traceback(q1, capsys):
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["okrflow", "lint", "--cycle", "NOPE"])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "NOPE" in err and "Traceback" not in err


def test_the_help_explains_the_exit_code():
    help_text = " ".join(Command().create_parser("okrflow", "lint").format_help().split())
    assert "the exit code is 0 whenever the check ran" in help_text


def test_messages_come_in_the_active_language(flawed):
    with translation.override("zh-hans"):
        findings = json.loads(lint("--cycle", "2026Q1", "--format", "json"))
    assert all(re.search(r"[\u4e00-\u9fff]", f["message"]) for f in findings)
