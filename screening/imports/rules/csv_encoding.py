"""The bytes of an import file: which encoding, its SHA-256, how many lines; or why it is not CSV.

Design decisions:
- One streamed pass (1 MiB at a time, bounded memory) does all three, so a 100,000-row
  file is never held whole.
- Encoding: UTF-8 (a byte-order mark is dropped by reading it as `utf-8-sig`);
  otherwise Windows-1252, the usual encoding of a "CSV" saved on a hospital PC, which
  agrees with Latin-1 for every letter used in names (é, ö, ñ) and also reads the curly
  apostrophe in O’Brien; otherwise Latin-1, which decodes any byte.
- A file that cannot be CSV text (a spreadsheet, a PDF, UTF-16 "Unicode text", NUL
  bytes, nothing at all) is refused with one message saying how to save it as CSV.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import codecs
import hashlib
from typing import BinaryIO

from screening.errors import ScreeningError

CHUNK = 1 << 20
SAVE_AS_CSV = "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)' and try again."
SIGNATURES = {b"PK\x03\x04": "a spreadsheet (.xlsx)", b"\xd0\xcf\x11\xe0": "a spreadsheet (.xls)",
              b"%PDF": "a PDF", b"\xff\xfe": "UTF-16 text", b"\xfe\xff": "UTF-16 text"}  # fmt: skip


class ImportFileRefused(ScreeningError):
    """The file as a whole cannot be imported (not CSV, or the wrong columns)."""


def scan(binary: BinaryIO) -> tuple[str, str, int]:
    """(encoding, SHA-256 hex digest, number of lines) of the whole file."""
    binary.seek(0)
    digest, lines, last = hashlib.sha256(), 0, b""
    decoders = {name: codecs.getincrementaldecoder(name)() for name in ("utf-8", "cp1252")}
    first = True
    while chunk := binary.read(CHUNK):
        if first:
            _refuse_known_formats(chunk)
            first = False
        if b"\x00" in chunk:
            raise ImportFileRefused(f"The file holds binary data, so it is not a CSV file: {SAVE_AS_CSV}")
        digest.update(chunk)
        lines += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        last = chunk[-1:]
        for name, decoder in list(decoders.items()):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                del decoders[name]
    for name, decoder in list(decoders.items()):
        try:
            decoder.decode(b"", final=True)  # a character cut off at the end
        except UnicodeDecodeError:
            del decoders[name]
    if first:
        raise ImportFileRefused(f"The file is empty: export it again with its header row, then {SAVE_AS_CSV}")
    if last not in (b"\n", b"\r"):
        lines += 1
    encoding = next(iter(decoders), "latin-1")
    if encoding == "utf-8":
        binary.seek(0)
        encoding = "utf-8-sig" if binary.read(3) == codecs.BOM_UTF8 else "utf-8"
    return encoding, digest.hexdigest(), lines


def _refuse_known_formats(chunk: bytes) -> None:
    for signature, kind in SIGNATURES.items():
        if chunk.startswith(signature):
            raise ImportFileRefused(f"The file is {kind}, not a CSV file: {SAVE_AS_CSV}")
