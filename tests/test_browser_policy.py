"""The pages and the editors' desk work under the Content-Security-Policy: a real
Chromium reports every script, style or image the policy blocks, and none is.
(Playwright cannot download a browser here, so it drives Debian's chromium.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article, Person
from tests.factories import fresh_cache  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the countries of 0002
    pytest.mark.usefixtures("fresh_cache"),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"needs Debian's chromium at {CHROMIUM}"),
]


@pytest.fixture
def page_with_violations(live_server):
    from playwright.sync_api import sync_playwright

    call_command("ingest", str(SEEDS), workers=1, stdout=open(os.devnull, "w"))
    User.objects.create_superuser("chief", password="correct-horse-battery-staple-42")
    article = Article.objects.get()
    # Read now: the database is out of reach while Playwright's event loop runs.
    paths = {
        "article": article.get_absolute_url(),
        "person": Person.objects.get(name="Sergey Lavrov").get_absolute_url(),
        "article_admin": f"/admin/articles/article/{article.pk}/change/",
        "quote_admin": f"/admin/articles/quote/{article.quotes.first().pk}/change/",
    }
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
        page = chromium.new_page()
        violations = []
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        # Blocked inline code is also reported as an event the page can see.
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
        )
        yield live_server.url, paths, page, violations
        chromium.close()


def test_it_runs_the_public_pages_without_a_policy_violation(page_with_violations):
    site, paths, page, violations = page_with_violations
    for path in ["/", "/articles/?q=Lavrov", paths["article"], paths["person"], "/countries/ru/", "/countries/us/ru/", "/events/", "/quotes/", "/nowhere/"]:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    assert violations == []
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"  # the stylesheet applied


def test_it_runs_the_editors_desk_without_a_policy_violation(page_with_violations):
    site, paths, page, violations = page_with_violations
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "correct-horse-battery-staple-42")
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")
    for path in ["/admin/", "/admin/articles/article/", paths["article_admin"], "/admin/articles/person/", paths["quote_admin"]]:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    # The autocomplete widget (select2, run by the admin's own scripts) opens and searches.
    page.click(".field-speaker .select2-selection")
    page.keyboard.type("Lav")
    page.wait_for_selector(".select2-results__option:has-text('Sergey Lavrov')")
    # The changelist's actions script: "select all" ticks every row.
    page.goto(site + "/admin/articles/article/")
    page.click("#action-toggle")
    assert page.is_checked("input.action-select")
    assert violations == []
