"""`okrflow check --deploy` warns about an install whose mail and chat links would not open."""

from django.core import checks


def _deploy_warnings(ids):
    return [m for m in checks.run_checks(include_deployment_checks=True) if m.id in ids]


def test_the_deploy_check_warns_without_a_base_url(settings):
    settings.OKRFLOW_BASE_URL = ""
    [warning] = _deploy_warnings({"okrflow.W001", "okrflow.W002"})
    assert warning.id == "okrflow.W001" and "links in mail and chat" in warning.msg


def test_the_deploy_check_warns_about_a_base_url_that_is_not_an_address(settings):
    settings.OKRFLOW_BASE_URL = "okr.example.com"
    [warning] = _deploy_warnings({"okrflow.W001", "okrflow.W002"})
    assert warning.id == "okrflow.W002"


def test_the_deploy_check_accepts_an_https_base_url(settings):
    settings.OKRFLOW_BASE_URL = "https://okr.example.com"
    assert _deploy_warnings({"okrflow.W001", "okrflow.W002"}) == []


def test_the_base_url_is_not_checked_outside_a_deploy_check(settings):
    settings.OKRFLOW_BASE_URL = ""
    assert not [m for m in checks.run_checks() if m.id.startswith("okrflow.")]
