"""The command line: ``claimkit extract`` (JSONL, CSV, Parquet or HTML out), ``show``, ``evaluate``,
``report`` and ``render``.

Kept at the edge: the commands call the public API, the readers and :mod:`claimkit.writers`
(every output format); no extraction logic and no output format lives in this package. One
module per command (:mod:`.extract`, :mod:`.show`, :mod:`.evaluate`, :mod:`.audit` for
``report`` and ``render``), and :mod:`.common` for what they share.

Every command ends with one of three exit codes (:data:`~.common.EXIT_FAILED`,
:data:`~.common.EXIT_CANNOT_RUN`): 0, done; 1, done, but some inputs or articles failed (each
is reported on stderr; the others are written); 2, could not run (one line on stderr, nothing
written): an output that is also an input, an output that cannot be written (a folder where a
file is wanted, no permission, a full disk), no articles found, no model. What can be checked
before the work is checked first, by creating the output's temporary file before the model is
even loaded. Every file is written through :mod:`claimkit.atomic`: a run that stops leaves the
old output, or none, never half of a new one. Everything from the articles that reaches the
terminal goes through :func:`claimkit.display.terminal_safe`. Ctrl-C exits 130, SIGTERM 143.
"""

from __future__ import annotations

import importlib
import signal
from types import FrameType
from typing import NoReturn

from claimkit.cli.common import EXIT_CANNOT_RUN, EXIT_FAILED, Terminated, app

# Each command module registers its commands on the app when imported, in this order: --help's.
for _module in ("extract", "show", "evaluate", "audit"):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["EXIT_CANNOT_RUN", "EXIT_FAILED", "app", "main"]


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated


def main() -> None:
    # SIGTERM (kill, a scheduler's time limit) stops a run as Ctrl-C does: the temporary
    # output is removed and worker processes are ended, instead of the process vanishing.
    signal.signal(signal.SIGTERM, _terminate)
    app()
