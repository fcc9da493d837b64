"""docs/cli.md is the CLI's own help, for every command and option (issue 16), and up to date.

Regenerate it with ``python -m typer claimkit.cli utils docs --name claimkit --title
"Command-line reference" --output docs/cli.md`` when a command or option changes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.main import get_command

from claimkit.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
REGENERATE = ('python -m typer claimkit.cli utils docs --name claimkit --title "Command-line reference" '
              "--output docs/cli.md")


def test_the_reference_is_the_cli_s_current_help(tmp_path):
    fresh = tmp_path / "cli.md"
    subprocess.run([sys.executable, "-m", "typer", "claimkit.cli", "utils", "docs", "--name", "claimkit",
                    "--title", "Command-line reference", "--output", str(fresh)], check=True, capture_output=True)
    assert DOCS.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), f"out of date: {REGENERATE}"


def test_every_command_and_option_is_in_the_reference():
    text = DOCS.read_text(encoding="utf-8")
    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f"## `claimkit {name}`" in text, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert f"`{opt}" in text or f" {opt}" in text, f"{name} {opt}"
