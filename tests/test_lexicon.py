"""The reporting lexicon: packaged word lists, stances, extension."""

from __future__ import annotations

from importlib import resources
from typing import get_args

import pytest
from spacy.util import registry

from claimkit import lexicon as lexicon_module
from claimkit.claims import Stance
from claimkit.errors import ConfigurationError, ConfigurationTypeError
from claimkit.lexicon import Lexicon, load_lexicon, reporting_lexicon_v1

STANCES = {"neutral", "assertive", "distancing"}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_at_least_150_verbs(lexicon):
    assert len(lexicon.verbs) >= 150


def test_stances_are_limited(lexicon):
    assert set(lexicon.verbs.values()) <= STANCES
    assert set(lexicon.verbs.values()) == STANCES  # all three are used


@pytest.mark.parametrize(
    ("lemma", "stance"),
    [("claim", "distancing"), ("allege", "distancing"), ("insist", "assertive"), ("say", "neutral"),
     ("tell", "neutral"), ("add", "neutral")],
)
def test_known_stances(lexicon, lemma, stance):
    assert lexicon.verbs[lemma] == stance
    assert lexicon.stance(lemma) == stance


def test_stance_is_case_insensitive_and_neutral_when_unknown(lexicon):
    assert lexicon.stance("Claim") == "distancing"
    assert lexicon.stance("INSIST") == "assertive"
    assert lexicon.stance("photosynthesise") == "neutral"


def test_verbs_are_lower_case_lemmas(lexicon):
    for lemma in lexicon.verbs:
        assert lemma == lemma.strip().lower()
        assert lemma


def test_belief_verbs_are_a_subset_of_verbs(lexicon):
    assert lexicon.belief_verbs
    assert lexicon.belief_verbs <= set(lexicon.verbs)
    assert "believe" in lexicon.belief_verbs
    assert "say" not in lexicon.belief_verbs


def test_packaged_verb_file_has_no_duplicates_or_bad_rows():
    text = resources.files("claimkit.lexicons").joinpath("reporting_verbs.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    lemmas = [row[0] for row in rows]
    assert len(lemmas) == len(set(lemmas))
    for row in rows:
        assert len(row) == 3, row
        assert row[1] in STANCES, row
        assert row[2] in {"speech", "belief"}, row


def test_other_word_lists_load(lexicon):
    assert set(lexicon.nouns.values()) <= {"document", "none"}
    assert lexicon.person_nouns and lexicon.organization_nouns
    assert lexicon.anonymity_markers
    assert all(name == name.lower() for name in lexicon.outlets)


def test_verb_frames_load(lexicon):
    assert set(lexicon.frames) == set(lexicon_module.VERB_FRAMES)
    assert all(lexicon.verbs_with(frame) for frame in lexicon_module.VERB_FRAMES)  # every frame is used
    assert "vow" in lexicon.verbs_with("infinitive") and "deny" in lexicon.verbs_with("gerund")
    assert "expect" not in lexicon.verbs_with("prediction")  # "expects a call from her"
    assert {"quote", "cite"} <= lexicon.verbs_with("relay")
    assert "tell" in lexicon.verbs_with("addressee") and "add" in lexicon.verbs_with("opens_claim")
    assert lexicon.documents_of_verbs["state"] == "statement"
    assert set(lexicon.documents_of_verbs) == lexicon.verbs_with("names_document")
    assert all(lexicon.nouns[noun] == "document" for noun in lexicon.documents_of_verbs.values())


def test_titles_and_other_word_lists_load(lexicon):
    assert lexicon.title("Mr.".lower()) == lexicon_module.Title("courtesy", "male")
    assert lexicon.title("dr").gender is None and lexicon.title("dr").dropped_from_names
    assert lexicon.title("gov.").apart_from_the_name and not lexicon.title("gov").dropped_from_names
    assert not lexicon.title("lord").apart_from_the_name and lexicon.title("lady").gender == "female"
    assert lexicon.title("spokesman") is None
    assert lexicon.gendered_nouns["spokeswoman"] == "female"
    assert "daughter" in lexicon.family_nouns and "motors" in lexicon.company_words
    assert "statement" in lexicon.issued_nouns <= {n for n, kind in lexicon.nouns.items() if kind == "document"}
    assert "declined" in lexicon.withheld_name_markers


def test_extra_verbs_extend(lexicon):
    extended = load_lexicon(extra_verbs=("Harrumph", "mutter-grumble"))
    assert extended.verbs["harrumph"] == "neutral"
    assert extended.verbs["mutter-grumble"] == "neutral"
    assert len(extended.verbs) == len(lexicon.verbs) + 2
    # The packaged lists stay: extending adds, never replaces.
    assert {lemma: extended.verbs[lemma] for lemma in lexicon.verbs} == dict(lexicon.verbs)
    assert "harrumph" not in lexicon.verbs


def test_extra_verbs_do_not_override_packaged_stances():
    assert load_lexicon(extra_verbs=("claim", "insist")).verbs["claim"] == "distancing"
    assert load_lexicon(extra_verbs=("claim", "insist")).verbs["insist"] == "assertive"


def test_extra_outlets_extend(lexicon):
    extended = load_lexicon(extra_outlets=("The Valley Post",))
    assert "the valley post" in extended.outlets
    assert lexicon.outlets < extended.outlets


def test_load_lexicon_is_cached():
    assert load_lexicon() is load_lexicon()


def test_registered_factory():
    factory = registry.misc.get("claimkit.reporting_lexicon.v1")
    assert factory is reporting_lexicon_v1
    built = factory(extra_verbs=["harrumph"], extra_outlets=[])
    assert built.verbs["harrumph"] == "neutral"
    assert built.verbs["say"] == "neutral"


# --- validation: every row is checked when the lexicon is loaded (issue 12) -------------------

LEXICON_FILES = ("reporting_verbs.tsv", "reporting_nouns.tsv", "first_names.tsv", "person_nouns.txt",
                 "organization_nouns.txt", "anonymity_markers.txt", "outlets.txt", "verb_frames.tsv", "titles.tsv",
                 "gendered_nouns.tsv", "family_nouns.txt", "company_words.txt", "issued_nouns.txt",
                 "withheld_name_markers.txt", "link_labels.txt", "outlet_nouns.txt", "not_reporting.txt")


def test_every_packaged_file_is_read():
    """A file added to claimkit/lexicons/ without a reader (or a test copy) shows here."""
    packaged = {entry.name for entry in resources.files("claimkit.lexicons").iterdir()
                if entry.name.endswith((".tsv", ".txt"))}
    assert packaged == set(LEXICON_FILES)


@pytest.fixture
def lexicon_dir(tmp_path, monkeypatch):
    """A copy of the packaged lexicon files that load_lexicon() reads instead; edit it in the test."""
    for name in LEXICON_FILES:
        (tmp_path / name).write_bytes(resources.files("claimkit.lexicons").joinpath(name).read_bytes())
    monkeypatch.setattr(lexicon_module, "_directory", lambda: tmp_path)
    lexicon_module._load_lexicon.cache_clear()
    yield tmp_path
    lexicon_module._load_lexicon.cache_clear()  # the next load_lexicon() reads the packaged files again


def _append(path, row: str) -> int:
    """Append ``row`` as a line of its own; its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + row + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def _raises_at(name: str, line: int) -> ConfigurationError:
    with pytest.raises(ConfigurationError, match=r"^\[E004\]") as caught:
        load_lexicon()
    message = str(caught.value)
    assert name in message and f"line {line}" in message, message
    return caught.value


def test_copied_lexicon_loads_like_the_packaged_one(lexicon_dir):
    packaged = lexicon_module._load_lexicon.__wrapped__((), ())
    assert load_lexicon() == packaged


@pytest.mark.parametrize(("name", "row"), [
    ("reporting_verbs.tsv", "opine\tneutral"),                  # a field missing
    ("reporting_verbs.tsv", "opine\tneutral\tspeech\textra"),   # one too many
    ("reporting_verbs.tsv", "opine neutral speech"),            # spaces, not tabs
    ("reporting_verbs.tsv", "opine\t\tspeech"),                 # an empty field
    ("reporting_nouns.tsv", "memo"),
    ("first_names.tsv", "robin\tmale\tfemale"),
    ("verb_frames.tsv", "opine"),                               # no frame
    ("verb_frames.tsv", "opine\tgerund\tstatement\textra"),     # four fields
    ("verb_frames.tsv", "opine gerund"),                        # spaces, not tabs
    ("verb_frames.tsv", "opine\t"),                             # an empty frame
    ("titles.tsv", "msgr\t-"),
    ("gendered_nouns.tsv", "abbess"),
], ids=["verbs-too-few", "verbs-too-many", "verbs-spaces", "verbs-empty-field", "nouns-too-few", "names-too-many",
        "frames-too-few", "frames-too-many", "frames-spaces", "frames-empty", "titles-too-few", "gendered-too-few"])
def test_malformed_row_names_file_line_and_row(lexicon_dir, name, row):
    line = _append(lexicon_dir / name, row)
    error = _raises_at(name, line)
    assert row.split()[0] in str(error)  # the row is shown


@pytest.mark.parametrize(("name", "row", "bad"), [
    ("reporting_verbs.tsv", "opine\tskeptical\tspeech", "skeptical"),   # stance not a Stance
    ("reporting_verbs.tsv", "opine\tNeutral\tspeech", "Neutral"),        # values are case-sensitive
    ("reporting_verbs.tsv", "opine\tneutral\tbelieve", "believe"),       # kind: speech or belief
    ("reporting_nouns.tsv", "memo\tdocuments", "documents"),             # kind: document or none
    ("first_names.tsv", "robin\tunisex", "unisex"),                      # gender: male or female
    ("verb_frames.tsv", "opine\tinfinitival", "infinitival"),            # frame: one of VERB_FRAMES
    ("titles.tsv", "msgr\tnone\trank", "none"),                          # gender: male, female or -
    ("titles.tsv", "msgr\t-\tclergy", "clergy"),                         # kind: courtesy, rank or peerage
    ("gendered_nouns.tsv", "abbess\tf", "f"),
], ids=["stance", "stance-case", "verb-kind", "noun-kind", "gender", "frame", "title-gender", "title-kind",
        "noun-gender"])
def test_unknown_value_is_rejected(lexicon_dir, name, row, bad):
    line = _append(lexicon_dir / name, row)
    error = _raises_at(name, line)
    assert repr(bad) in str(error)


def test_every_stance_of_the_claims_module_is_accepted(lexicon_dir):
    stances = get_args(Stance)
    for i, stance in enumerate(stances):
        _append(lexicon_dir / "reporting_verbs.tsv", f"opine{i}\t{stance}\tspeech")
    assert [load_lexicon().verbs[f"opine{i}"] for i in range(len(stances))] == list(stances)


def test_duplicate_key_names_both_lines(lexicon_dir):
    path = lexicon_dir / "reporting_verbs.tsv"
    first = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if line.startswith("claim\t"))
    line = _append(path, "claim\tneutral\tspeech")
    assert f"line {first}" in str(_raises_at("reporting_verbs.tsv", line))


@pytest.mark.parametrize(("name", "row"), [("reporting_verbs.tsv", "Opine\tneutral\tspeech"),
                                         ("first_names.tsv", "Robin\tmale")], ids=["verb", "first-name"])
def test_capitalised_key_is_rejected(lexicon_dir, name, row):
    """Words are looked up lower-cased, so a capitalised one would never match."""
    _raises_at(name, _append(lexicon_dir / name, row))


def test_tab_in_a_one_entry_per_line_file(lexicon_dir):
    line = _append(lexicon_dir / "outlets.txt", "The Daily Planet\tnewspaper")
    _raises_at("outlets.txt", line)


def test_file_that_is_not_utf8_names_the_line(lexicon_dir):
    path = lexicon_dir / "person_nouns.txt"
    line = len(path.read_text(encoding="utf-8").splitlines()) + 1
    path.write_bytes(path.read_bytes() + "attaché\n".encode("latin-1"))
    _raises_at("person_nouns.txt", line)


@pytest.mark.parametrize("name", ["reporting_verbs.tsv", "outlets.txt"])
def test_byte_order_mark_on_the_first_row_is_dropped(lexicon_dir, name):
    """A BOM (as Notepad writes) before a first data row must not hide that row."""
    path = lexicon_dir / name
    first = "opine\tneutral\tspeech" if name.endswith(".tsv") else "The Daily Planet"
    path.write_text("\ufeff" + first + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    loaded = load_lexicon()
    if name.endswith(".tsv"):
        assert loaded.verbs["opine"] == "neutral"
        assert not any("\ufeff" in lemma for lemma in loaded.verbs)
    else:
        assert "the daily planet" in loaded.outlets
        assert not any("\ufeff" in outlet for outlet in loaded.outlets)


def test_byte_order_mark_before_a_comment_keeps_it_a_comment(lexicon_dir):
    path = lexicon_dir / "reporting_verbs.tsv"
    assert path.read_text(encoding="utf-8").startswith("#")
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_lexicon().verbs == lexicon_module._load_lexicon.__wrapped__((), ()).verbs


def test_windows_line_endings_and_indented_comments(lexicon_dir):
    path = lexicon_dir / "reporting_verbs.tsv"
    rows = [*path.read_text(encoding="utf-8").splitlines(), "  # an indented comment", "opine\tneutral\tspeech"]
    path.write_bytes("\r\n".join(rows).encode("utf-8") + b"\r\n")
    assert load_lexicon().verbs["opine"] == "neutral"
    assert not any("#" in lemma for lemma in load_lexicon().verbs)


@pytest.mark.parametrize("name", ["extra_verbs", "extra_outlets"])
@pytest.mark.parametrize("value", ["opine", b"opine"], ids=["str", "bytes"])
def test_a_single_string_is_not_read_as_its_letters(name, value):
    with pytest.raises(ConfigurationTypeError, match=r"^\[E004\]") as caught:
        load_lexicon(**{name: value})
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, ConfigurationError)
    assert f"{name}=[" in str(caught.value)  # says what to pass instead: a list


@pytest.mark.parametrize("value", [5, None, [3], ["opine", None]], ids=["int", "none", "int-entry", "none-entry"])
def test_extra_verbs_of_the_wrong_type(value):
    with pytest.raises(ConfigurationTypeError, match=r"^\[E004\]"):
        load_lexicon(extra_verbs=value)


@pytest.mark.parametrize("value", [[""], ["opine", "   "], ("\t",)], ids=["empty", "blank", "tab"])
def test_blank_extra_entries_are_rejected(value):
    with pytest.raises(ConfigurationError, match=r"^\[E004\]") as caught:
        load_lexicon(extra_outlets=value)
    assert not isinstance(caught.value, TypeError)
    assert "extra_outlets[" in str(caught.value)  # names the entry


def test_extra_entries_may_be_any_iterable_and_are_stripped():
    assert load_lexicon(extra_verbs=["  Opine "]).verbs["opine"] == "neutral"
    assert load_lexicon(extra_verbs=iter(["harrumph"])).verbs["harrumph"] == "neutral"
    assert "the daily planet" in load_lexicon(extra_outlets=["The Daily Planet"]).outlets


def test_str_extra_verbs_in_a_pipeline_config_fails_when_the_pipe_is_added():
    import spacy

    nlp = spacy.blank("en")
    with pytest.raises(ConfigurationTypeError, match=r"^\[E004\].*extra_verbs"):
        nlp.add_pipe("claimkit", config={"lexicon": {"@misc": "claimkit.reporting_lexicon.v1", "extra_verbs": "opine"}})


# --- verb frames, titles and the other word lists -------------------------------------------

@pytest.mark.parametrize(("row", "says"), [
    ("opine\tgerund\tstatement", "only names_document takes a third field"),
    ("opine\tnames_document", "needs the noun"),
    ("opine\tnames_document\tinterview", "'interview' is not a document noun"),  # kind "none"
    ("opine\tnames_document\tmanifesto", "'manifesto' is not a document noun"),  # not a reporting noun
    ("Opine\tgerund", "has capitals"),
], ids=["third-field", "no-noun", "noun-not-a-document", "unknown-noun", "capitals"])
def test_bad_verb_frame_row(lexicon_dir, row, says):
    error = _raises_at("verb_frames.tsv", _append(lexicon_dir / "verb_frames.tsv", row))
    assert says in str(error)


def test_a_verb_may_have_several_frames_but_each_once(lexicon_dir):
    path = lexicon_dir / "verb_frames.tsv"
    _append(path, "opine\tgerund")
    _append(path, "opine\tinfinitive")
    loaded = load_lexicon()
    assert "opine" in loaded.verbs_with("gerund") and "opine" in loaded.verbs_with("infinitive")
    first = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if line == "vow\tinfinitive")
    line = _append(path, "vow\tinfinitive")
    lexicon_module._load_lexicon.cache_clear()  # the copy changed since it was loaded
    assert f"line {first}" in str(_raises_at("verb_frames.tsv", line))


def test_an_added_frame_row_is_read(lexicon_dir):
    _append(lexicon_dir / "verb_frames.tsv", "blog\tnames_document\tpost")
    assert load_lexicon().documents_of_verbs["blog"] == "post"


def test_a_title_is_written_without_its_full_stop(lexicon_dir):
    error = _raises_at("titles.tsv", _append(lexicon_dir / "titles.tsv", "msgr.\t-\trank"))
    assert "'msgr'" in str(error)


@pytest.mark.parametrize(("name", "row", "says"), [
    ("issued_nouns.txt", "interview", "not a document noun"),
    ("issued_nouns.txt", "manifesto", "not a document noun"),
    ("company_words.txt", "Motors", "capitals"),
    ("family_nouns.txt", "cousin\tmale", "tab-separated"),
    ("withheld_name_markers.txt", "Declined", "capitals"),
    ("link_labels.txt", "READ MORE", "capitals"),
    ("outlet_nouns.txt", "Agency", "capitals"),
    ("not_reporting.txt", "Want", "capitals"),
], ids=["issued-none", "issued-unknown", "company-capitals", "family-tab", "withheld-capitals", "label-capitals",
        "outlet-noun-capitals", "not-reporting-capitals"])
def test_bad_word_list_entry(lexicon_dir, name, row, says):
    error = _raises_at(name, _append(lexicon_dir / name, row))
    assert says in str(error)


def test_added_words_are_read(lexicon_dir):
    _append(lexicon_dir / "titles.tsv", "msgr\tmale\trank")
    _append(lexicon_dir / "company_words.txt", "mining")
    _append(lexicon_dir / "issued_nouns.txt", "decree")
    loaded = load_lexicon()
    assert loaded.title("Msgr.".lower()) == lexicon_module.Title("rank", "male")
    assert "mining" in loaded.company_words and "decree" in loaded.issued_nouns


def test_no_word_is_both_a_reporting_word_and_not_reporting():
    """The learned stage's non-cues (not_reporting.txt) never overrule a cue of the rules."""
    loaded = load_lexicon()
    assert {"want", "know", "appear"} <= loaded.not_reporting
    assert not loaded.not_reporting & (set(loaded.verbs) | set(loaded.nouns))
