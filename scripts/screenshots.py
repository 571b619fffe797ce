"""Screenshots of the web shell in Chinese and English, desktop and phone, for a visual check.

Run against a server with the demo loaded, e.g.:
    DEBUG=1 OKRFLOW_DATA_DIR=/tmp/okr-shots .venv/bin/okrflow migrate
    DEBUG=1 OKRFLOW_DATA_DIR=/tmp/okr-shots .venv/bin/okrflow demo
    DEBUG=1 OKRFLOW_DATA_DIR=/tmp/okr-shots .venv/bin/okrflow runserver 127.0.0.1:8765
    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8765
PNGs go to screenshots/ (git-ignored).
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
LANGUAGES = {"zh": ("zh-hans", "zh-CN"), "en": ("en", "en-US")}
PAGES = {"home": "/", "unit": "/units/TECH/", "org": "/org/", "cycles": "/cycles/",
         "manage-unit": "/manage/units/new/", "manage-person": "/manage/people/new/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--email", default="ceo@xingyun.example")
    parser.add_argument("--password", default="okrflow-demo-2026")
    parser.add_argument("--out", default="screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        for lang, (code, browser_locale) in LANGUAGES.items():
            for size, (width, height) in VIEWPORTS.items():
                context = browser.new_context(base_url=args.base_url, locale=browser_locale,
                                              viewport={"width": width, "height": height})
                # The cookie wins over the person's saved language (see PersonLanguageMiddleware).
                context.add_cookies([{"name": "django_language", "value": code, "url": args.base_url}])
                page = context.new_page()
                shoot(page, "/login/", out / f"login-{lang}-{size}.png")
                page.fill("#id_username", args.email)
                page.fill("#id_password", args.password)
                page.click("#login-submit")
                page.wait_for_url("**/")
                for name, url in PAGES.items():
                    shoot(page, url, out / f"{name}-{lang}-{size}.png")
                page.goto(PAGES["unit"])
                head_url = page.locator("main a[href^='/people/']").first.get_attribute("href")
                shoot(page, head_url, out / f"person-{lang}-{size}.png")
                shoot_refused_cycle(page, out / f"manage-cycle-error-{lang}-{size}.png")
                if size == "phone":
                    page.click(".navbar-toggler")
                    page.wait_for_timeout(500)  # the collapse animation
                    page.screenshot(path=str(out / f"menu-{lang}-{size}.png"))
                context.close()
        browser.close()
    print(f"screenshots written to {out}/")


def shoot_refused_cycle(page, path) -> None:
    """The cycle form after the service refused it: the message sits on the end date."""
    page.goto("/manage/cycles/new/")
    page.fill("#id_code", "SHOT-BAD")
    page.fill("#id_name", "Bad dates")
    page.select_option("#id_kind", "custom")
    page.fill("#id_start_date", "2026-05-01")
    page.fill("#id_end_date", "2026-04-01")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True)


def shoot(page, url, path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True)


if __name__ == "__main__":
    main()
