"""Helper A's part of the API matrix's world (tests/api/conftest.py): a meeting template."""

from okrflow.actors import SYSTEM
from okrflow.workshops import agendas


def meeting_template(org):
    template = agendas.create_template(SYSTEM, org, name="周会模板", kind="department_weekly")
    agendas.add_item(SYSTEM, template, title="进展", minutes=15)
    return template
