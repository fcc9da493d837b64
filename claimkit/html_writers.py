"""The HTML outputs: a folder of highlighted pages with an index and a sourcing report
(``claimkit extract --format html``), pages without them (``claimkit render``), or one page.

The index lists every article (its counts, or its error) and links to its page and to the
report; the report links back to the index and to each page; each page links to both.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimkit.atomic import AtomicFolder, atomic_write
from claimkit.writer_base import FileWriter, Options, OutputError, Writer

if TYPE_CHECKING:
    from claimkit.api import Result

# A page's file name keeps at most this many UTF-8 bytes of the id (file systems allow 255).
PAGE_NAME_BYTES = 100


class PageNames:
    """File names for article pages: the id made safe, unique ignoring case, never too long.

    An id longer than :data:`PAGE_NAME_BYTES` (in UTF-8) is cut there and given the first 8
    hex digits of its SHA-256, so that two long ids sharing a beginning keep apart.
    """

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.used: set[str] = {name.casefold() for name in reserved}  # e.g. the index page's own name

    def __call__(self, doc_id: str) -> str:
        name = re.sub(r"[^\w.-]+", "_", doc_id.removesuffix(".txt")).strip("._") or "article"
        if len(name.encode("utf-8")) > PAGE_NAME_BYTES:
            digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            name = f"{name.encode('utf-8')[:PAGE_NAME_BYTES].decode('utf-8', 'ignore')}-{digest}"
        stem, number = name, 1
        while name.casefold() in self.used:  # ids that differ only in characters a file name cannot keep
            number += 1
            name = f"{stem}-{number}"
        self.used.add(name.casefold())
        return f"{name}.html"


class HtmlFolderWriter(Writer):
    """A folder with one highlighted page per article (:func:`claimkit.render`), and an ``index.html``.

    With ``index`` (``claimkit extract --format html``), the folder must be new or empty, and
    the index lists every article, failed ones with their error. Without it (``claimkit
    render``), failed articles get no page and the folder may hold files: the pages are moved
    in at the commit, replacing pages of the same name (:class:`~claimkit.atomic.AtomicFolder`).

    Raises:
        OutputError: ``index`` and the output is a file or a folder that is not empty.
    """

    name = "html"
    help = "a folder with a highlighted page per article and an index.html"
    folder = True

    def __init__(self, output: str | os.PathLike[str], options: Options | None = None, *, index: bool = True,
                 keep: Iterable[str] = ()) -> None:
        """``keep``: names of files in ``output`` that no page may replace (the run's own inputs)."""
        super().__init__(output, options)
        if index and self.output.exists() and (not self.output.is_dir() or any(self.output.iterdir())):
            raise OutputError(f"{self.output}: the html format writes a folder; give a new or empty folder.")
        self.index = index
        self.pages = AtomicFolder(self.output)
        self.target = self.pages
        self.texts: dict[str, str] = {}  # only articles in flight are held
        # An article "index" must not replace the index page, nor a page an input file.
        self.names = PageNames(reserved=[*(["index", "report"] if index else []),
                                         *(Path(name).stem for name in keep)])
        self.pages_of: dict[str, str] = {}  # doc_id -> its page's file name
        self.audited: list[Any] = []  # ArticleClaims (claims as JSON dicts) for the folder's report

    def article(self, doc_id: str, text: str) -> None:
        self.texts[doc_id] = text

    def write(self, result: Result) -> None:
        from claimkit.export import claim_to_json
        from claimkit.report import ArticleClaims
        from claimkit.viz import render

        text = self.texts.pop(result.doc_id, "")
        if self.index:
            self.audited.append(ArticleClaims(result.doc_id, [claim_to_json(c) for c in result.claims], result.error))
        if result.error:
            return
        name = self.names(result.doc_id)
        self.pages_of[result.doc_id] = name
        nav = [("All articles", "index.html"), ("Sourcing report", "report.html")] if self.index else []
        render(text, result.claims, title=result.doc_id, nav=nav).save(self.pages.path / name)

    def finish(self) -> None:
        """The index (every article, with its counts, or its error) and the sourcing report,
        each linking to the other and to the articles' pages."""
        if not self.index:
            return
        from claimkit.report import audit

        report = audit(self.audited, title="Sourcing report")
        with atomic_write(self.pages.path / "report.html") as handle:
            handle.write(report.to_html(top=None, nav=[("All articles", "index.html")], links=self.pages_of))
        with atomic_write(self.pages.path / "index.html") as handle:
            handle.write(index_page(report, self.pages_of))


def index_page(report: Any, pages: Mapping[str, str]) -> str:
    """A folder's index: each article with its counts and a link to its page, or its error;
    the report's look, and a link to it."""
    from claimkit.report_render import pct, styled_page
    from claimkit.templating import render_template

    rows = [(a.doc_id, a.claims, a.speakers, pct(a.direct_share), pct(a.anonymous_share), a.error or "")
            for a in report.articles]
    body = render_template("index.html.j2", report=report, rows=rows, pages=pages)
    return styled_page(f"claimkit: {len(report.articles)} articles", body)


class HtmlPageWriter(FileWriter):
    """One article's highlighted page as one file (``claimkit render`` of one article).

    An article that failed gets no page: :meth:`commit` then removes the temporary file and
    leaves the output as it was. Not in :data:`FORMATS`: a folder of pages is :class:`HtmlFolderWriter`.

    Raises:
        ValueError: a second result is written (one page, one article).
    """

    def __init__(self, output: str | os.PathLike[str], options: Options | None = None) -> None:
        super().__init__(output, options)
        self.texts: dict[str, str] = {}
        self.results = 0
        self.written = False

    def article(self, doc_id: str, text: str) -> None:
        self.texts[doc_id] = text

    def write(self, result: Result) -> None:
        from claimkit.viz import render

        self.results += 1
        if self.results > 1:
            raise ValueError(f"{self.output}: one page holds one article; write several into a folder")
        text = self.texts.pop(result.doc_id, "")
        if not result.error:
            self.handle.write(render(text, result.claims, title=result.doc_id).html)
            self.written = True

    def commit(self) -> None:
        if self.written:
            super().commit()
        else:
            self.discard()
