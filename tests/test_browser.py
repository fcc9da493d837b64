"""The rendered pages in a real browser: highlights, hover details, and no injected script runs.

Drives Debian's Chromium (/usr/bin/chromium) headless through Playwright's Python package;
Playwright's own browser downloads are never used. Skipped, with the reason, when either is
missing: `pip install -e '.[dev]'` brings Playwright, `apt-get install chromium` the browser
(.ci/run installs it before `make test`, so CI always runs these tests).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright's Python package is not installed: pip install -e '.[dev]'")
if shutil.which(str(CHROMIUM)) is None:
    pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y --no-install-recommends chromium "
                "(.ci/run does this)", allow_module_level=True)

import claimkit  # noqa: E402
from claimkit.report import audit  # noqa: E402

pytestmark = pytest.mark.e2e

# An invented article whose quoted text carries markup that would run if it were not escaped.
ARTICLE = (
    "Council website defaced, officials say\n\n"
    "\"Someone typed <script>window.__pwned = 1</script> into the comment box,\" "
    "council IT manager Priya Castellano said on Thursday.\n\n"
    "She said the attackers had also posted <img src=x onerror=\"window.__pwned=2\"> on the noticeboard page.\n\n"
    "\"Nobody's data left the building,\" Castellano told the Valley Gazette.\n\n"
    "A spokesman for the opposition claimed the council had ignored earlier warnings.\n"
)
SECOND = (
    "Ferry service to resume\n\n"
    "\"The ferry will run again on Friday,\" harbour master Tomas Okonkwo said.\n\n"
    "He said the crossing had been closed since the storm, according to the Bay Herald.\n"
)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(scope="module")
def rendering():
    return claimkit.render(ARTICLE)


def speaker_element(page, mention: str):
    return page.locator(".ck-article .ck-speaker", has_text=mention).first


def check_rendered_article(page, rendering) -> None:
    claims = rendering.claims
    assert len(claims) >= 3
    # Highlights: every claim has its content drawn; speakers and cues as many as the claims have.
    assert page.locator(".ck-article .ck-content").count() >= len(claims)
    speakers = {c.speaker.mention for c in claims if c.speaker and c.speaker.mention}
    cues = {c.cue.span for c in claims if c.cue}
    assert page.locator(".ck-article .ck-speaker").count() >= len(speakers)
    assert page.locator(".ck-article .ck-cue").count() >= len(cues)
    assert page.locator(".ck-table tbody tr").count() == len(claims)
    # The article is shown as text, character for character, and nothing in it ran.
    assert page.locator(".ck-article").text_content() == ARTICLE
    body = page.inner_text("body")
    assert "<script>window.__pwned = 1</script>" in body
    assert "<img src=x onerror=\"window.__pwned=2\">" in body
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".ck-article script, .ck-article img").count() == 0
    # Hovering a speaker shows its claim's details, with the resolved name.
    tooltip = page.locator(".ck-tooltip")
    assert tooltip.is_hidden()
    she = speaker_element(page, "She")
    she.hover()
    tooltip.wait_for(state="visible")
    assert "Priya Castellano" in tooltip.inner_text()
    assert "resolved" in tooltip.inner_text()
    # The title text (the no-script fallback) carries the same name.
    assert "Priya Castellano" in (she.get_attribute("data-title") or she.get_attribute("title") or "")
    page.mouse.move(1, 1)
    tooltip.wait_for(state="hidden")
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_saved_page(page, rendering, tmp_path):
    path = rendering.save(tmp_path / "article.html")
    page.goto(path.as_uri())
    check_rendered_article(page, rendering)
    assert page.errors == []  # claimkit's own script passes the page's policy


def test_notebook_fragment_without_a_policy(page, rendering):
    # What Jupyter shows: the fragment inside another page, no Content-Security-Policy to help.
    page.set_content(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{rendering._repr_html_()}"
                     "</body></html>")
    check_rendered_article(page, rendering)
    assert page.errors == []


def test_report_page(page, tmp_path):
    report = audit([("article-1", claimkit.extract(ARTICLE)), ("article-2", claimkit.extract(SECOND))])
    path = tmp_path / "report.html"
    path.write_text(report.to_html(), encoding="utf-8")
    page.goto(path.as_uri())
    assert page.locator("svg.chart").count() >= 4
    assert page.locator("svg.chart rect.bar").count() >= len(report.speakers)
    body = page.inner_text("body")
    for name in ("Priya Castellano", "Tomas Okonkwo", "Who is quoted", "Distancing cues"):
        assert name in body
    assert "article-1" in body and "article-2" in body
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.errors == []


def test_the_claims_panel_filters_by_speaker_and_sorts_by_confidence(page, rendering, tmp_path):
    page.goto(rendering.save(tmp_path / "article.html").as_uri())
    rows = page.locator(".ck-table tbody tr")
    total = rows.count()
    # Filter: only Castellano's claims stay visible, and the count says so.
    page.fill(".ck-f-speaker", "castellano")
    visible = [r for r in rows.all() if r.is_visible()]
    castellano = [c for c in rendering.claims if c.speaker_name == "Priya Castellano"]
    assert len(visible) == len(castellano) < total
    assert all("castellano" in (r.get_attribute("data-speaker") or "") for r in visible)
    assert page.locator(".ck-count").inner_text() == f"{len(castellano)} of {total} shown"
    page.fill(".ck-f-speaker", "")
    assert sum(r.is_visible() for r in rows.all()) == total
    # Sort: by confidence, ascending, then descending.
    header = page.locator('.ck-table th[data-sort="confidence"]')
    header.click()
    ascending = [float(r.get_attribute("data-confidence") or 0) for r in rows.all()]
    assert ascending == sorted(ascending) and header.get_attribute("aria-sort") == "ascending"
    header.click()
    descending = [float(r.get_attribute("data-confidence") or 0) for r in rows.all()]
    assert descending == sorted(descending, reverse=True)
    # Each claim's number is drawn in the text, and claims for review can be shown alone.
    assert page.locator(".ck-article .ck-n").count() == total
    page.check(".ck-f-review")
    review = sum(c.confidence < 0.5 for c in rendering.claims)
    assert sum(r.is_visible() for r in rows.all()) == review
    assert page.errors == []


def test_the_folder_links_index_report_and_articles_both_ways(page, tmp_path):
    from claimkit.writers import HtmlFolderWriter

    results = list(claimkit.extract_batch([("article-1", ARTICLE), ("article-2", SECOND)]))
    with HtmlFolderWriter(tmp_path / "pages") as writer:
        for (doc_id, text), result in zip([("article-1", ARTICLE), ("article-2", SECOND)], results, strict=True):
            writer.article(doc_id, text)
            writer.write(result)
    page.goto((tmp_path / "pages" / "index.html").as_uri())
    page.click("text=article-2")
    page.wait_for_load_state()
    assert page.url.endswith("article-2.html")
    assert "Tomas Okonkwo" in page.inner_text("body")
    # article -> report -> another article -> the index
    page.click("nav >> text=Sourcing report")
    assert page.url.endswith("report.html") and "Persons quoted, by gender" in page.inner_text("body")
    page.click("table >> text=article-1")
    assert page.url.endswith("article-1.html") and "Priya Castellano" in page.inner_text("body")
    page.click("nav >> text=All articles")
    assert page.url.endswith("index.html")
    assert page.errors == []
