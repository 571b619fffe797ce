"""One rule, one home: helpers the seven steps had copied live in one module each, and the
shared text check refuses alike for every app that calls it."""

import ast
import pathlib

import pytest

from okrflow.errors import DomainError
from okrflow.writes import checked_text

ROOT = pathlib.Path(__file__).resolve().parent.parent / "okrflow"
HOMES = {
    "company_head_id": "org/access.py",
    "cycle_of": "web/current_cycle.py",
    "requested_cycle": "web/current_cycle.py",
    "checked_text": "writes.py",
    "grade_label": "reports/documents/wording.py",
    "score_text": "reports/documents/wording.py",
    "default_cycle": "cycles/rules.py",
}
COPIES = {"_cycle_of", "_cycle", "company_head_id", "requested_cycle"}


def defined_functions():
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                yield node.name, path.relative_to(ROOT).as_posix()


def test_each_shared_helper_is_defined_once_in_its_home():
    where = {}
    for name, path in defined_functions():
        where.setdefault(name, []).append(path)
    for name, home in HOMES.items():
        assert where.get(name) == [home], (name, where.get(name))
    copies = {name: paths for name, paths in where.items() if name in COPIES - set(HOMES)}
    assert copies == {}


def test_no_service_keeps_its_own_text_check():
    # A service module is a services.py, or an app's module of writes named for what it writes.
    services = sorted([*ROOT.glob("*/services.py"), ROOT / "okrs" / "categories.py"])
    own = [path.relative_to(ROOT).as_posix() for path in services
           if '"too_long"' in path.read_text(encoding="utf-8")
           and "checked_text" not in path.read_text(encoding="utf-8")]
    assert own == []


@pytest.mark.parametrize(("value", "code"), [(12, "invalid"), ("   ", "required"), ("x" * 11, "too_long")])
def test_the_text_check_refuses_with_its_code_on_the_field(value, code):
    with pytest.raises(DomainError) as refused:
        checked_text(value, field="title", limit=10, required=True)
    assert (refused.value.code, refused.value.field) == (code, "title")


def test_the_text_check_strips_and_takes_nothing_as_empty():
    assert checked_text("  Ship it ", field="title", limit=10) == "Ship it"
    assert checked_text(None, field="notes", limit=10) == ""
