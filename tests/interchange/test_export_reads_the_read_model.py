"""The export scores objectives and key results by the read model (okrflow/okrs/selectors.py),
inside the one streaming query of each file: the same numbers as the pages, no extra scoring
query over the organization."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.actors import SYSTEM
from okrflow.interchange import export
from okrflow.interchange.loader import import_folder
from okrflow.interchange.tables import COLUMNS, EXPORT_EXTRA
from okrflow.okrs import selectors
from okrflow.okrs.models import Objective, policy_for
from okrflow.org.models import Person, Role
from tests.interchange import company

pytestmark = pytest.mark.django_db


def test_the_objectives_file_streams_its_scores_in_one_query_with_the_read_models_numbers(tmp_path):
    org = import_folder(company.write_folder(tmp_path / "in"), actor=SYSTEM).organization
    with CaptureQueriesContext(connection) as queries:
        rows = list(export._objectives(org))
    reading_objectives = [q["sql"] for q in queries if 'FROM "okrs_objective"' in q["sql"]]
    assert len(reading_objectives) == 1  # the streaming query itself, no separate score pass
    admin = Person.objects.filter(organization=org).first()
    admin.role = Role.ADMIN  # sees every objective
    read = {o.ref: o.score for o in selectors.objectives_for(
        admin, Objective.objects.for_org(org), policy=policy_for(org))}
    score = (COLUMNS["objectives"] + EXPORT_EXTRA["objectives"]).index("score")
    assert {row[0]: row[score] for row in rows} == read
