"""The reader's path through the site in a real Chromium, on the sample data as
`manage.py ingest seeds/` stores it: search, article, person, country. Also
takes screenshots of the main pages (phone and wide) for a human to look at.

Playwright cannot download a browser here, so it drives Debian's chromium.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import fresh_cache  # noqa: F401 (the footer's totals are cached)

CHROMIUM = "/usr/bin/chromium"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SCREENS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screens"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the countries of 0002
    pytest.mark.usefixtures("fresh_cache"),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"needs Debian's chromium at {CHROMIUM}"),
]


@pytest.fixture
def sample_site(live_server):
    """The live server on the seeds, ingested the way `make run` does it."""
    call_command("ingest", str(SEEDS), workers=1, stdout=open(os.devnull, "w"))
    return live_server.url


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        yield chromium
        chromium.close()


def test_it_takes_a_reader_from_a_search_to_lavrovs_quote_and_on_to_a_country(sample_site, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(sample_site + "/")
    page.get_by_label("Search articles").fill("Lavrov")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/articles/\?q=Lavrov"))
    results = page.locator("article.result")
    expect(results.first).to_be_visible()
    expect(results.first.locator("mark").first).to_have_text(re.compile("Lavrov", re.I))
    results.first.locator("h3 a").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Pompeo tells Lavrov")
    page.locator(".body a.mention.person", has_text="Sergey Lavrov").first.click()

    expect(page).to_have_url(re.compile(r"/people/sergey-lavrov/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sergey Lavrov")
    expect(page.locator(".quote-card blockquote", has_text="suspicions and prejudices")).to_be_visible()

    russia = page.locator(".side-column a[href='/countries/ru/']")
    country_name = russia.inner_text()
    russia.click()
    expect(page).to_have_url(re.compile(r"/countries/ru/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(country_name)
    expect(page.locator("svg.timeline")).to_be_visible()


def test_it_switches_a_timeline_to_shares_and_opens_a_months_events_from_its_bar(sample_site, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(sample_site + "/countries/us/ru/")
    chart = page.locator("svg.timeline")
    expect(chart.locator("g.counted rect.coop").first).to_be_visible()
    expect(chart.locator("g.shared rect.coop").first).to_be_hidden()
    page.get_by_label("share of all events that month").check()  # CSS alone switches: no script runs here
    expect(chart.locator("g.shared rect.coop").first).to_be_visible()
    expect(chart.locator("g.counted rect.coop").first).to_be_hidden()
    may = chart.locator("a[href*='from=2019-05-01']")
    expect(may.locator("title")).to_have_text(re.compile(r"^May 2019: \d+ cooperation events? — "))

    may.click()
    expect(page).to_have_url(re.compile(r"/events/\?country=us&country=ru&from=2019-05-01&to=2019-05-31$"))
    expect(page.locator(".event-row", has_text="Sochi")).to_be_visible()


def test_it_screenshots_the_main_pages_on_a_phone_and_a_wide_screen(sample_site, browser):
    SCREENS.mkdir(parents=True, exist_ok=True)
    pages = {
        "home": "/",
        "search": "/articles/?q=Lavrov",
        "article": "/articles/us-will-not-tolerate-russian-meddling-in-2020-pompeo-tells-lavrov/",
        "person": "/people/sergey-lavrov/",
        "country": "/countries/ru/",
        "pair": "/countries/us/ru/",
        "meetings": "/people/mike-pompeo/",
        "quotes": "/quotes/",
        "people": "/people/",
        "not-found": "/people/nobody-at-all/",
    }
    for device, size in {"phone": (390, 844), "wide": (1366, 900)}.items():
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        page = context.new_page()
        for name, path in pages.items():
            response = page.goto(sample_site + path)
            assert response.status == (404 if name == "not-found" else 200), path
            # Nothing may stick out sideways on a phone.
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= size[0], f"{path} is {scroll_width}px wide on a {size[0]}px screen"
            page.screenshot(path=str(SCREENS / f"{name}-{device}.png"), full_page=True)
        context.close()
