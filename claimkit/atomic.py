"""Files and folders written whole or not at all: built beside the target, renamed over it at the end.

Scope: a local file system, where :func:`os.replace` within one folder is atomic. A reader
sees the old file or the new one, never a half-written one; a write that fails (a full disk,
an interrupted run) leaves the target as it was and removes what it had written. Data is
flushed to the disk (``fsync``) before the rename, so a full disk is found while the
temporary file can still be removed, not after the target was replaced.

Limits: not a lock (two runs writing one target both succeed, the last rename wins); the
folder holding the target is not synced, so a power cut right after the rename may still
lose it; a temporary file survives a process that is killed outright (``SIGKILL``), as
``NAME.<random>.part`` beside the target.

Text is written as UTF-8. A ``str`` may hold lone surrogates (a JSON ``"\\ud800"`` escape, a
file name that is not UTF-8), which UTF-8 cannot encode; they are written as U+FFFD instead
of failing the whole file (:data:`REPLACE_SURROGATES`).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, Literal, overload

PART_SUFFIX = ".part"
# Temporary names keep a readable prefix of the target's name; short, so that a target
# name near the file system's 255-byte limit still leaves room for the random part.
_PREFIX_CHARS = 40

REPLACE_SURROGATES = "claimkit.replace_surrogates"
"""The codec error handler used for text: each lone surrogate becomes U+FFFD. For UTF-8 only (the
one encoding claimkit writes); with any other encoding it fails as ``"strict"`` would."""


def _replace_unencodable(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError) or error.encoding.replace("-", "").lower() != "utf8":
        raise error
    # As bytes: CPython's UTF-8 encoder takes a str replacement only when it is ASCII.
    return "\ufffd".encode() * (error.end - error.start), error.end


codecs.register_error(REPLACE_SURROGATES, _replace_unencodable)


def _umask() -> int:
    # The only portable way to read the umask is to set it; done once, at import.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _new_file_mode(target: Path) -> int:
    """The mode the target would get from a plain ``open(target, "w")``: its own if it exists."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


def _prefix(target: Path) -> str:
    return f"{target.name[:_PREFIX_CHARS]}."


class AtomicFile:
    """A temporary file beside ``target``, open for writing as :attr:`handle`.

    :meth:`commit` flushes it to the disk and renames it over ``target``; :meth:`discard`
    removes it. Exactly one of them should be called; both close the handle. The file is
    created at once, so an unwritable folder fails here, before any work is done.

    Raises:
        OSError: the temporary file cannot be created (no such folder, no permission).
    """

    def __init__(self, target: str | os.PathLike[str], mode: Literal["w", "wb"] = "w", *,
                 encoding: str = "utf-8", newline: str | None = None) -> None:
        self.target = Path(target)
        descriptor, name = tempfile.mkstemp(dir=self.target.parent, prefix=_prefix(self.target),
                                            suffix=PART_SUFFIX)
        self.path = Path(name)
        try:
            if hasattr(os, "fchmod"):  # mkstemp makes the file private (0600); give it a normal file's mode
                os.fchmod(descriptor, _new_file_mode(self.target))
            self.handle: IO[Any] = (
                os.fdopen(descriptor, "wb") if mode == "wb" else
                os.fdopen(descriptor, "w", encoding=encoding, newline=newline, errors=REPLACE_SURROGATES))
        except BaseException:
            os.close(descriptor)
            self.path.unlink(missing_ok=True)
            raise

    def commit(self) -> Path:
        """Flush to the disk and rename over the target; on any failure, discard and raise."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.path, self.target)
        except BaseException:
            self.discard()
            raise
        return self.target

    def discard(self) -> None:
        """Close and remove the temporary file; never raises for a file already gone."""
        # Closing flushes what is left, which may fail again (a full disk): the file goes anyway.
        with contextlib.suppress(OSError):
            self.handle.close()
        self.path.unlink(missing_ok=True)


@overload
def atomic_write(path: str | os.PathLike[str], mode: Literal["w"] = ..., *, encoding: str = ...,
                 newline: str | None = ...) -> AbstractContextManager[IO[str]]: ...


@overload
def atomic_write(path: str | os.PathLike[str], mode: Literal["wb"], *, encoding: str = ...,
                 newline: str | None = ...) -> AbstractContextManager[IO[bytes]]: ...


def atomic_write(path: str | os.PathLike[str], mode: Literal["w", "wb"] = "w", *, encoding: str = "utf-8",
                 newline: str | None = None) -> AbstractContextManager[IO[Any]]:
    """Open ``path`` for writing through a temporary file beside it; renamed over ``path`` on success.

    ``mode`` is ``"w"`` (text: UTF-8, lone surrogates as U+FFFD) or ``"wb"`` (bytes). When the
    ``with`` block raises, the temporary file is removed and ``path`` is left as it was.

    Raises:
        OSError: the temporary file cannot be created, or writing, flushing or renaming fails.
    """
    return _atomic_write(AtomicFile(path, mode, encoding=encoding, newline=newline))


@contextmanager
def _atomic_write(file: AtomicFile) -> Iterator[IO[Any]]:
    try:
        yield file.handle
    except BaseException:
        file.discard()
        raise
    file.commit()


class AtomicFolder:
    """Files for the folder ``target``, written into a temporary folder (:attr:`path`) and moved in at the end.

    A new or empty ``target`` is built beside it and renamed into place whole: until
    :meth:`commit`, ``target`` does not exist (or stays empty). Into a folder that already
    holds files, the temporary folder is made inside it and :meth:`commit` moves each file
    in, replacing a file of the same name; each file then arrives whole, and nothing at all
    arrives when the work fails before the commit, but a commit interrupted half way leaves
    some files moved. Files only: the temporary folder should hold no subfolders.

    Raises:
        OSError: the temporary folder cannot be created.
    """

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target)
        self.merge = self.target.is_dir() and any(self.target.iterdir())
        where = self.target if self.merge else self.target.parent
        self.path = Path(tempfile.mkdtemp(dir=where, prefix=_prefix(self.target), suffix=PART_SUFFIX))
        os.chmod(self.path, 0o777 & ~_UMASK)  # mkdtemp makes the folder private (0700); give it a normal one's mode

    def commit(self) -> Path:
        """Move the files into place (see the class); on a failure, remove what was not moved and raise."""
        try:
            if self.merge:
                for entry in sorted(self.path.iterdir()):
                    os.replace(entry, self.target / entry.name)
                self.path.rmdir()
                return self.target
            if self.target.is_dir():
                self.target.rmdir()  # raises when it filled up meanwhile: nothing of the user's is removed
            os.replace(self.path, self.target)
        except BaseException:
            self.discard()
            raise
        return self.target

    def discard(self) -> None:
        """Remove the temporary folder and what was written into it."""
        shutil.rmtree(self.path, ignore_errors=True)

