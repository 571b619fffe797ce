import pytest


@pytest.fixture(autouse=True)
def english_pages(settings):
    """Assertions read English source strings; the zh-Hans catalogue must not change them."""
    settings.LANGUAGE_CODE = "en"
