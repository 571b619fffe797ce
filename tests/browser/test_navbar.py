"""The navbar fits every desktop width in both languages: in English the admin's bar (eight menus,
the cycle switcher, the language switch, the user menu) was 1,555 px wide on a 1,366 px screen."""
import datetime

import pytest

from okrflow.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("email", ["ceo@xingyun.example", "dev1@xingyun.example"])
def test_the_bar_fits_desktop_screens_in_both_languages(page, transactional_db, email):
    load_demo(today=datetime.date(2026, 11, 24))
    page.goto("/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url("**/")
    for language, label in (("en", "English"), ("zh-hans", "简体中文")):
        page.locator(".language-switch button", has_text=label).click()
        page.wait_for_load_state()
        for width in (1200, 1366, 1440, 1920):
            page.set_viewport_size({"width": width, "height": 600})
            page.goto("/")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (language, width)
            # The user menu keeps the name as its title when only the avatar shows.
            assert page.locator(".user-menu").get_attribute("title")
    assert page.console_errors == []
