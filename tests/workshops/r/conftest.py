from tests.workshops.d2.conftest import groups, item, objectives, workshop  # noqa: F401
