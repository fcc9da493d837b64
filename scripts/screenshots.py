"""The screenshots in docs/img of the article view and the sourcing report (make screenshots).

Renders examples/article.txt with claimkit, opens the pages in Debian's Chromium through
Playwright (as tests/test_browser.py does) and saves PNGs: the article view, the same view
filtered to one speaker, and the sourcing report. Needs the dev set-up and /usr/bin/chromium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import claimkit
from claimkit.report import audit

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "img"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def main() -> int:
    text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    claims = claimkit.extract(text)
    with tempfile.TemporaryDirectory() as folder:
        article = claimkit.render(text, claims, title="examples/article.txt").save(Path(folder) / "article.html")
        report_path = Path(folder) / "report.html"
        report_path.write_text(audit([("examples/article.txt", claims)]).to_html(), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(article.as_uri())
            page.screenshot(path=str(IMAGES / "article-view.png"))
            speaker = next((c.speaker_name for c in claims if c.speaker_name), "")
            page.fill(".ck-f-speaker", speaker.split()[-1].lower() if speaker else "")
            page.click('.ck-table th[data-sort="confidence"]')
            page.evaluate("document.querySelector('.ck-panel').scrollLeft = 0")
            page.screenshot(path=str(IMAGES / "article-view-filtered.png"))
            page.goto(report_path.as_uri())
            page.screenshot(path=str(IMAGES / "report.png"), full_page=True)
            browser.close()
    for name in ("article-view.png", "article-view-filtered.png", "report.png"):
        print(IMAGES / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
