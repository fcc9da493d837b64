"""claimkit.report and `claimkit report`: numbers on a small invented corpus, computed by hand."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from typer.testing import CliRunner

from claimkit.claims import Claim, Cue, Source, Speaker, TextSpan
from claimkit.cli import app
from claimkit.export import claim_to_json, document_line
from claimkit.report import ArticleClaims, audit, md, read_claims_jsonl, speaker_key

runner = CliRunner()


def claim(kind, mention, name=None, *, anonymous=False, cue="said", stance="neutral", via=()) -> Claim:
    """A claim on a dummy text; the report reads fields, not offsets."""
    dummy = TextSpan(0, 1, "x")
    return Claim(content=dummy, fragments=(dummy,), kind=kind,
                 cue=None if cue is None else Cue(span=TextSpan(0, len(cue), cue), lemma=cue, stance=stance),
                 speaker=Speaker(mention=TextSpan(0, len(mention), mention), name=name, anonymous=anonymous),
                 via=tuple(Source(span=TextSpan(0, len(v), v), name=v) for v in via))


def corpus() -> list[ArticleClaims]:
    """Four articles: a1 as Claim objects, a2 as serialised claims, a3 without claims, one failure."""
    a1 = [
        claim("direct", "she", "Ana Torres"),
        claim("indirect", "Torres", "Ana Torres", cue="claimed", stance="distancing", via=["Harbour Times"]),
        claim("indirect", "a senior official", anonymous=True, via=["Harbour Times", "Reuters"]),
        claim("mixed", "officials", anonymous=True, cue="alleged", stance="distancing"),
    ]
    a2 = [claim_to_json(c) for c in [
        claim("direct", "Mr Brandt", "Jonas Brandt", cue="denied", stance="distancing", via=["Reuters"]),
        claim("indirect", "A  Senior Official", anonymous=True, cue="Claimed", stance="distancing"),
        claim("direct", "Jonas Brandt", "Jonas Brandt", cue=None),
    ]]
    return [ArticleClaims("a1", a1), ArticleClaims("a2", a2), ArticleClaims("a3", []),
            ArticleClaims("bad.jsonl:4", [], "not valid JSON (Expecting value)")]


def test_counts_by_hand():
    report = audit(corpus())
    assert report.claims == 7
    assert report.kinds == {"direct": 3, "indirect": 3, "mixed": 1}
    assert report.kind_share("direct") == pytest.approx(3 / 7)
    # anonymous: a senior official (a1), officials (a1), A Senior Official (a2)
    assert report.anonymous_claims == 3 and report.anonymous_claim_share == pytest.approx(3 / 7)
    # sources, distinct speakers per article: a1 {Ana Torres, a senior official, officials}, a2 {Jonas Brandt,
    # a senior official}
    assert report.sources == 5 and report.anonymous_sources == 3
    assert report.anonymous_source_share == pytest.approx(0.6)
    assert [(s.name, s.claims, s.articles, s.anonymous, s.resolved) for s in report.speakers] == [
        ("a senior official", 2, 2, True, False),
        ("Ana Torres", 2, 1, False, True),
        ("Jonas Brandt", 2, 1, False, True),
        ("officials", 1, 1, True, False),
    ]
    assert [(r.name, r.claims, r.articles) for r in report.relays] == [("Reuters", 2, 2), ("Harbour Times", 2, 1)]
    assert report.stances == {"neutral": 2, "assertive": 0, "distancing": 4, "no cue": 1}
    assert report.distancing == (("claimed", 2), ("alleged", 1), ("denied", 1))
    rows = {a.doc_id: a for a in report.articles}
    assert (rows["a1"].claims, rows["a1"].speakers, rows["a1"].anonymous_share, rows["a1"].direct_share) == (
        4, 3, 0.5, 0.25)
    assert (rows["a2"].claims, rows["a2"].speakers) == (3, 2)
    assert rows["a2"].anonymous_share == pytest.approx(1 / 3) and rows["a2"].direct_share == pytest.approx(2 / 3)
    assert (rows["a3"].claims, rows["a3"].anonymous_share, rows["a3"].direct_share) == (0, None, None)
    assert [a.doc_id for a in report.failed] == ["bad.jsonl:4"]


def test_markdown_report():
    text = audit(corpus()).to_markdown()
    assert text.startswith("# Sourcing audit\n")
    assert "4 articles, 7 claims, 5 sources" in text
    assert "| direct | 3 | 42.9% |" in text
    assert "- 3 of 7 claims (42.9%) are attributed to anonymous sources." in text
    assert "- 3 of 5 sources (60.0%) are anonymous." in text
    assert "| a senior official | 2 | 2 | yes | as written |" in text
    assert "| Ana Torres | 2 | 1 | no | resolved |" in text
    assert "| Reuters | 2 | 2 |" in text and "| Harbour Times | 2 | 1 |" in text
    assert "| claimed | 2 |" in text and "| alleged | 1 |" in text and "| denied | 1 |" in text
    assert "| a1 | 4 | 3 | 50.0% | 25.0% |" in text
    assert "| a2 | 3 | 2 | 33.3% | 66.7% |" in text
    assert "| a3 | 0 | 0 | – | – |" in text
    assert "## Failed" in text and "bad.jsonl:4" in text


def test_top_limits_the_speaker_and_outlet_lists():
    text = audit(corpus()).to_markdown(top=2)
    assert "| Ana Torres |" in text and "| Jonas Brandt |" not in text
    assert "… and 2 more." in text


HOSTILE = "<script>alert(1)</script> | *Bold* [x](javascript:alert(1)) <img src=x onerror=alert(1)>"


def hostile_corpus() -> list[ArticleClaims]:
    return [ArticleClaims("<b>doc</b>", [claim("direct", HOSTILE, anonymous=True, cue="claimed", stance="distancing",
                                               via=["<i>Outlet</i>"])])]


def test_markdown_escapes_everything():
    text = audit(hostile_corpus()).to_markdown()
    assert "<" not in text and ">" not in text.replace("\n>", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*Bold\\* \\[x\\](javascript:alert(1))" in text
    # every table row still has its five cells: the pipe in the name is escaped
    row = next(line for line in text.splitlines() if "alert" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == 6
    assert md("a_b`c~d") == "a\\_b\\`c\\~d"


def test_html_report_escapes_and_has_charts():
    page = audit(hostile_corpus() + corpus()).to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<img" not in page and "<b>doc" not in page and "<i>Outlet" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;i&gt;Outlet&lt;/i&gt;" in page
    assert page.count('<svg class="chart"') == 6  # speakers, kinds, anonymity, relays, stances, distancing
    assert "Ana Torres" in page and "Jonas Brandt" in page
    assert "http://" not in page and "https://" not in page
    assert "default-src 'none'" in page
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in page  # the policy allows the inline style, byte for byte


def test_claims_jsonl_gives_the_same_audit(tmp_path):
    articles = corpus()[:3]
    path = tmp_path / "claims.jsonl"
    lines = [json.dumps({"doc_id": "a1", "claims": [claim_to_json(c) for c in articles[0].claims]}),
             json.dumps({"doc_id": "a2", "claims": articles[1].claims}),
             json.dumps(document_line("a3", [])),
             "", "{not json", json.dumps({"doc_id": "x", "claims": "no"}),
             json.dumps({"doc_id": "failed", "claims": [], "error": "ValueError: boom"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(read_claims_jsonl([path]))
    good = [r for r in records if isinstance(r, ArticleClaims) and r.error is None]
    assert audit(good) == audit(articles)
    assert [getattr(r, "where", None) for r in records if not isinstance(r, ArticleClaims)] == [
        f"{path}:5", f"{path}:6"]
    assert [r.doc_id for r in records if isinstance(r, ArticleClaims) and r.error] == ["failed"]


def write_claims(path, articles):
    path.write_text("".join(json.dumps({"doc_id": a.doc_id, "claims": [
        claim_to_json(c) if isinstance(c, Claim) else c for c in a.claims]}) + "\n" for a in articles),
        encoding="utf-8")
    return path


def test_cli_report_from_claims_markdown_to_stdout(tmp_path):
    source = write_claims(tmp_path / "claims.jsonl", corpus()[:3])
    result = runner.invoke(app, ["report", "--from-claims", str(source)])
    assert result.exit_code == 0, result.output
    assert "| a1 | 4 | 3 | 50.0% | 25.0% |" in result.stdout
    assert "- 3 of 5 sources (60.0%) are anonymous." in result.stdout


def test_cli_report_html_by_suffix_and_bad_lines_exit_1(tmp_path):
    source = write_claims(tmp_path / "claims.jsonl", corpus()[:3])
    with source.open("a", encoding="utf-8") as handle:
        handle.write("{broken\n")
    out = tmp_path / "out" / "report.html"
    result = runner.invoke(app, ["report", "--from-claims", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "claims.jsonl:4" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<svg class="chart"' in page and "Failed" in page
    md_out = tmp_path / "report.md"
    assert runner.invoke(app, ["report", "--from-claims", str(source), "-o", str(md_out), "--format", "markdown"]
                         ).exit_code == 1
    assert md_out.read_text(encoding="utf-8").startswith("# Sourcing audit")


def test_cli_report_rejects_an_unknown_format(tmp_path):
    source = write_claims(tmp_path / "claims.jsonl", corpus()[:1])
    result = runner.invoke(app, ["report", "--from-claims", str(source), "--format", "pdf"])
    assert result.exit_code == 2


@pytest.mark.e2e
def test_cli_report_from_articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "\"The ferry will run again on Friday,\" harbour master Tomas Okonkwo said.\n\n"
        "A port official, who asked not to be named, claimed the repairs had been rushed.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Tomas Okonkwo said the harbour would stay open, according to the Bay Herald.\n",
                                    encoding="utf-8")
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["report", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "| Tomas Okonkwo | 2 | 2 |" in text
    assert "| one.txt |" in text and "| two.txt |" in text
    html_result = runner.invoke(app, ["report", str(folder), "--format", "html"])
    assert html_result.exit_code == 0 and "Tomas Okonkwo" in html_result.stdout


@pytest.mark.e2e
def test_cli_render_writes_a_page(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("\"We <b>will</b> rebuild,\" the mayor, Ada Mwangi, said.\n", encoding="utf-8")
    out = tmp_path / "a.html"
    result = runner.invoke(app, ["render", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;will&lt;/b&gt;" in page and "ck-speaker" in page


@pytest.mark.e2e
def test_cli_render_writes_one_page_per_article_into_a_folder(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"doc_id": "a/b", "text": "\"Fine,\" Ana Ruiz said."}) + "\n"
                      + json.dumps({"doc_id": "a?b", "text": "Officials said it rained."}) + "\n", encoding="utf-8")
    out = tmp_path / "pages"
    result = runner.invoke(app, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a_b-2.html", "a_b.html"]
    assert "Ana Ruiz" in (out / "a_b.html").read_text(encoding="utf-8")


def test_claims_without_a_speaker_or_with_sparse_fields_are_counted():
    report = audit([("d", [{"kind": "direct", "speaker": None, "cue": None, "via": []}, {"kind": "indirect"}])])
    assert report.claims == 2 and report.sources == 1
    assert [(s.name, s.claims) for s in report.speakers] == [("(no speaker given)", 2)]
    assert report.stances["no cue"] == 2


def test_a_relative_pronoun_speaker_without_a_name_is_counted_under_its_description():
    line = {"speaker": {"start": 0, "end": 3, "text": "who"}, "speaker_name": None, "speaker_role": "the engineers"}
    assert speaker_key(line) == ("the engineers", False)
    assert speaker_key({**line, "speaker_name": "Ana Ruiz"}) == ("Ana Ruiz", True)
    assert speaker_key({**line, "speaker": {"start": 0, "end": 2, "text": "he"}}) == ("he", False)


# Writing: whole or nothing, and exit code 2 when the report cannot be written.


def fill_the_disk(monkeypatch):
    import errno
    import os

    import claimkit.atomic

    def full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(claimkit.atomic.os, "fsync", full)


def test_cli_report_on_a_full_disk_exits_2_and_keeps_the_old_report(tmp_path, monkeypatch):
    source = write_claims(tmp_path / "claims.jsonl", corpus()[:3])
    out = tmp_path / "audit.html"
    out.write_text("the old report", encoding="utf-8")
    fill_the_disk(monkeypatch)
    result = runner.invoke(app, ["report", "--from-claims", str(source), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"could not write {out}: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.html", "claims.jsonl"]


def test_cli_report_refuses_its_input_or_a_folder_as_output(tmp_path):
    source = write_claims(tmp_path / "claims.jsonl", corpus()[:3])
    before = source.read_bytes()
    same = runner.invoke(app, ["report", "--from-claims", str(source), "-o", str(source)])
    assert same.exit_code == 2 and "would overwrite or be read as the input" in same.stderr
    assert source.read_bytes() == before
    folder = tmp_path / "out"
    folder.mkdir()
    as_folder = runner.invoke(app, ["report", "--from-claims", str(source), "-o", str(folder)])
    assert as_folder.exit_code == 2 and "is a folder" in as_folder.stderr


def test_cli_report_with_no_articles_exits_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["report", str(empty)])
    assert result.exit_code == 2 and "no articles found" in result.stderr


def test_cli_report_printed_to_the_terminal_has_no_control_characters(tmp_path):
    source = write_claims(tmp_path / "claims.jsonl", [ArticleClaims("x\x1b]0;owned\x07", [])])
    result = runner.invoke(app, ["report", "--from-claims", str(source)])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "| x\\x1b\\]0;owned\\x07 |" in result.stdout  # shown as escapes (and "]" escaped for Markdown)


RENDER_ARTICLES = [{"doc_id": "a" * 300, "text": "\"Fine,\" Ana Ruiz said."},
                   {"doc_id": "a" * 299 + "b", "text": "Officials said it rained."}]


def write_articles(path, articles):
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


@pytest.mark.e2e
def test_cli_render_caps_page_names_of_long_ids(tmp_path):
    source = write_articles(tmp_path / "in.jsonl", RENDER_ARTICLES)
    out = tmp_path / "pages"
    result = runner.invoke(app, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and all(len(name) < 120 for name in names) and names[0] != names[1]


@pytest.mark.e2e
def test_cli_render_on_a_full_disk_leaves_no_folder_and_no_page(tmp_path, monkeypatch):
    source = write_articles(tmp_path / "in.jsonl", RENDER_ARTICLES)
    out, single = tmp_path / "pages", tmp_path / "one.html"
    fill_the_disk(monkeypatch)
    result = runner.invoke(app, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 2 and result.stderr == f"could not write {out}: No space left on device\n"
    one = write_articles(tmp_path / "one.jsonl", RENDER_ARTICLES[:1])
    assert runner.invoke(app, ["render", str(one), "-o", str(single)]).exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "one.jsonl"]


@pytest.mark.e2e
def test_cli_render_into_an_existing_folder_moves_the_pages_in_at_the_end(tmp_path, monkeypatch):
    source = write_articles(tmp_path / "in.jsonl", [{"doc_id": "one", "text": "\"Fine,\" Ana Ruiz said."},
                                                   {"doc_id": "two", "text": "Officials said it rained."}])
    out = tmp_path / "pages"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    (out / "one.html").write_text("the old page", encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "one.html", "two.html"]
    assert "Ana Ruiz" in (out / "one.html").read_text(encoding="utf-8")
    (out / "one.html").write_text("the old page", encoding="utf-8")
    fill_the_disk(monkeypatch)
    assert runner.invoke(app, ["render", str(source), "-o", str(out)]).exit_code == 2
    assert (out / "one.html").read_text(encoding="utf-8") == "the old page"
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "one.html", "two.html"]


@pytest.mark.e2e
def test_cli_render_refuses_to_write_into_its_input_folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("\"Fine,\" Ana Ruiz said.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Officials said it rained.\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(folder), "-o", str(folder)])
    assert result.exit_code == 2
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt"]
