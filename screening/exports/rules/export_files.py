"""Writing export files so that a failure never leaves half a file behind.

Design decisions:
- A CSV is written to a hidden temporary file in the target's own folder, flushed to
  disk, then renamed over the target (`os.replace`, atomic on one file system). Any
  error removes the temporary file: the target is either the old file or the whole new
  one, never a torn one.
- A FHIR export is a folder of files: it is filled as a hidden temporary folder beside
  the target and renamed into place at the end. The target must be new or empty, so an
  export never mixes with an older one.
- Temporary files and folders are created private to the user (mode 0600 / 0700 by
  `tempfile`) and the rename keeps that: exports hold patient data.
- CSV files are UTF-8 with a byte-order mark so spreadsheet programs read names with
  accents correctly; the cells are already CSV-safe (`screening.csv_safety`).
Pure module: standard library only.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TextIO

from screening.errors import InvalidValue, NotFound


def _existing_folder(path: Path) -> Path:
    folder = path.resolve().parent
    if not folder.is_dir():
        raise NotFound(f"The folder {folder} does not exist; create it first or choose another --out.")
    return folder


@contextmanager
def atomic_text_file(path: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A file handle whose content replaces `path` only if the block finishes."""
    folder = _existing_folder(path)
    handle_fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(handle_fd, "w", encoding=encoding, newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_csv(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    """Write the header and rows atomically; the number of rows written."""
    written = 0
    with atomic_text_file(path, encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            written += 1
    return written


def write_folder(path: Path, files: Iterable[tuple[str, str]]) -> int:
    """Write (name, text) files into a new folder `path`, atomically; how many."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise InvalidValue("--out", f"{path} already exists and is not an empty folder; name a new folder.")
    folder = _existing_folder(path)
    temporary = Path(tempfile.mkdtemp(dir=folder, prefix=f".{path.name}.", suffix=".partial"))
    written = 0
    try:
        for name, text in files:
            if Path(name).name != name or name.startswith("."):
                raise ValueError(f"not a plain file name: {name!r}")
            (temporary / name).write_text(text, encoding="utf-8")
            written += 1
        if path.exists():
            path.rmdir()
        os.replace(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return written
