"""The JSON Schema of one JSONL line (claimkit/schema/claim_line.schema.json) against real output."""

from __future__ import annotations

import copy
import json
from importlib import resources

import jsonschema
import pytest
from typer.testing import CliRunner

import claimkit
from claimkit.cli import app
from claimkit.export import claim_to_json, document_line

ARTICLES = {
    "direct": "“The bridge will reopen in March,” Mayor Jane Doe said on Monday.",
    "indirect": "Officials said the budget was balanced.",
    "mixed": "The minister said the plan was “a disaster for the farmers” and would be withdrawn.",
    "according": "The factory will close next year, according to the Harbour Times.",
    "relay": "Reuters quoted Ivan Petrov, a local official, as saying the road was closed.",
    "chain": "Dmitry Peskov told RIA Novosti that the talks had stalled, Interfax reported.",
    "continued": "“We are not leaving,” said Maria Lopez, the union leader.\n\n"
                 "“We will stay until the last worker is paid.”",
    "unclosed": "“We will win the final, the coach said on Friday.",
    "nothing": "The council met on Tuesday.",
}


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(resources.files("claimkit").joinpath("schema/claim_line.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def validator(schema) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def lines() -> list[dict]:
    """Real output, as `claimkit extract` writes it (through JSON), plus an error line."""
    results = claimkit.extract_batch(ARTICLES.items())
    made = [document_line(r.doc_id, r.claims, r.error) for r in results]
    made.append(document_line("broken", [], error="ValueError: boom"))
    return json.loads(json.dumps(made, ensure_ascii=False))


def test_the_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_articles_cover_every_kind_of_claim(lines):
    claims = [claim for line in lines for claim in line["claims"]]
    assert {claim["kind"] for claim in claims} == {"direct", "indirect", "mixed"}
    assert any(claim["cue"] and claim["cue"]["lemma"] == "according to" for claim in claims)
    assert any(claim["cue"] is None for claim in claims)  # the continued quote
    assert any(len(claim["via"]) >= 2 for claim in claims)  # a relay chain
    assert any(claim["confidences"]["via"] is not None for claim in claims)
    assert any("unclosed_quote" in claim["evidence"]["flags"] for claim in claims)
    assert any(claim["speaker"] is None or claim["speaker_name"] is None for claim in claims)
    assert any(line["claims"] == [] and "error" not in line for line in lines)
    assert any("error" in line for line in lines)


def test_real_output_validates(validator, lines):
    for line in lines:
        errors = [error.message for error in validator.iter_errors(line)]
        assert not errors, (line["doc_id"], errors)


def test_cli_output_with_an_error_line_validates(validator, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([json.dumps({"doc_id": k, "text": v}) for k, v in ARTICLES.items()]
                                + ["{not json", json.dumps({"doc_id": "no-text"})]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 1
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum("error" in line for line in written) == 2
    for line in written:
        validator.validate(line)


def test_the_schema_requires_exactly_the_fields_claim_to_json_writes(schema, lines):
    claim = schema["$defs"]["claim"]
    assert any(line["claims"] for line in lines)  # else the loop checks nothing
    for line in lines:
        for serialised in line["claims"]:
            assert set(serialised) == set(claim["required"]) == set(claim["properties"])
    assert set(schema["required"]) == {"doc_id", "claims"}
    assert set(schema["properties"]) == {"doc_id", "claims", "error"}


def _first_claim_line(lines: list[dict]) -> dict:
    line = next(line for line in lines if line["doc_id"] == "relay")
    return copy.deepcopy(line)


@pytest.mark.parametrize("path", [
    ("doc_id",), ("claims",),
    ("claims", 0, "kind"), ("claims", 0, "content"), ("claims", 0, "cue"), ("claims", 0, "speaker_name"),
    ("claims", 0, "anonymous"), ("claims", 0, "confidence"), ("claims", 0, "confidences", "speaker"),
    ("claims", 0, "evidence", "flags"), ("claims", 0, "content", "text"), ("claims", 0, "via", 0, "name"),
    ("claims", 0, "cue", "lemma"),
])
def test_a_missing_required_field_fails(validator, lines, path):
    line = _first_claim_line(lines)
    validator.validate(line)
    parent = line
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(line)


@pytest.mark.parametrize(("path", "value"), [
    (("claims", 0, "kind"), "quote"),
    (("claims", 0, "content", "start"), -1),
    (("claims", 0, "confidence"), 1.5),
    (("claims", 0, "speaker_kind"), "robot"),
    (("claims", 0, "cue", "stance"), "angry"),
    (("claims", 0, "extra"), 1),
    (("error",), None),
    (("doc_id",), 7),
])
def test_a_wrong_value_fails(validator, lines, path, value):
    line = _first_claim_line(lines)
    parent = line
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(line)


def test_an_unresolved_pronoun_speaker_validates(validator):
    text = "“Not yet,” she said."
    claims = claimkit.extract(text)
    assert claims
    validator.validate(json.loads(json.dumps(document_line("x", claims))))
    assert all(set(claim_to_json(c)) == set(validator.schema["$defs"]["claim"]["required"]) for c in claims)
