"""Shared by the tests of the cached fragments (okrflow/web/fragments.py): an empty cache around
each test, and what a fragment's templates read of one of their variables."""

import re

import pytest
from django.core.cache import cache
from django.template.loader import get_template


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def template_reads(names, variable) -> set[str]:
    """The attributes `variable.<name>` that the templates `names` read."""
    if isinstance(names, str):
        names = (names,)
    source = "".join(get_template(name).template.source for name in names)
    return set(re.findall(rf"(?<![\w.]){variable}\.(\w+)", source))
