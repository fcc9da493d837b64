"""claimkit.atomic: files and folders written whole or not at all."""

from __future__ import annotations

import errno
import os
import stat

import pytest

import claimkit.atomic
from claimkit.atomic import AtomicFile, AtomicFolder, atomic_write


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_writes_the_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_write(target) as handle:
        handle.write("line\n")
        assert not target.exists()  # not before the end
    assert target.read_text(encoding="utf-8") == "line\n"
    assert names(tmp_path) == ["out.txt"]


def test_atomic_write_bytes(tmp_path):
    target = tmp_path / "out.bin"
    with atomic_write(target, "wb") as handle:
        handle.write(b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"


def test_a_failure_inside_the_block_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("new, half")
        raise RuntimeError("stop")
    assert target.read_text(encoding="utf-8") == "old"
    assert names(tmp_path) == ["out.txt"]


def test_a_full_disk_found_at_the_flush_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(claimkit.atomic.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"), atomic_write(target) as handle:
        handle.write("new")
    assert target.read_text(encoding="utf-8") == "old"
    assert names(tmp_path) == ["out.txt"]


def test_lone_surrogates_are_written_as_the_replacement_character(tmp_path):
    target = tmp_path / "out.jsonl"
    with atomic_write(target) as handle:
        handle.write('{"doc_id": "a\ud800"}\n')
    assert target.read_text(encoding="utf-8") == '{"doc_id": "a\ufffd"}\n'


def test_modes_are_those_of_a_plain_write(tmp_path):
    fresh, kept = tmp_path / "fresh.txt", tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    with atomic_write(fresh) as handle:
        handle.write("x")
    with atomic_write(kept) as handle:
        handle.write("x")
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    assert stat.S_IMODE(fresh.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)  # not mkstemp's 0600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_a_target_name_at_the_file_system_limit(tmp_path):
    target = tmp_path / ("n" * 250 + ".html")
    with atomic_write(target) as handle:
        handle.write("x")
    assert target.read_text(encoding="utf-8") == "x"


def test_no_such_folder_fails_when_the_file_is_made(tmp_path):
    with pytest.raises(FileNotFoundError):
        AtomicFile(tmp_path / "absent" / "out.txt")


def test_a_new_folder_appears_whole_at_the_commit(tmp_path):
    target = tmp_path / "pages"
    folder = AtomicFolder(target)
    (folder.path / "a.html").write_text("a", encoding="utf-8")
    assert not target.exists()
    folder.commit()
    assert names(target) == ["a.html"] and names(tmp_path) == ["pages"]


def test_a_discarded_folder_leaves_nothing(tmp_path):
    folder = AtomicFolder(tmp_path / "pages")
    (folder.path / "a.html").write_text("a", encoding="utf-8")
    folder.discard()
    assert names(tmp_path) == []


def test_an_empty_folder_is_replaced_but_one_that_filled_up_meanwhile_is_not(tmp_path):
    target = tmp_path / "pages"
    target.mkdir()
    folder = AtomicFolder(target)
    (folder.path / "a.html").write_text("a", encoding="utf-8")
    (target / "theirs.txt").write_text("theirs", encoding="utf-8")
    with pytest.raises(OSError):
        folder.commit()
    assert names(target) == ["theirs.txt"] and names(tmp_path) == ["pages"]


def test_files_are_moved_into_a_folder_that_holds_files(tmp_path):
    target = tmp_path / "pages"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    (target / "a.html").write_text("old", encoding="utf-8")
    folder = AtomicFolder(target)
    (folder.path / "a.html").write_text("new", encoding="utf-8")
    (folder.path / "b.html").write_text("b", encoding="utf-8")
    assert (target / "a.html").read_text(encoding="utf-8") == "old"
    folder.commit()
    assert names(target) == ["a.html", "b.html", "keep.txt"]
    assert (target / "a.html").read_text(encoding="utf-8") == "new"
