"""HL7 v2 acknowledgements (ACK) and MLLP framing (issue 18).

Design decisions:
- Original-mode acknowledgement: MSH with sender and receiver swapped (MSH-3/4 <-> MSH-5/6),
  MSH-9 ACK^<event>^ACK, a new MSH-10, MSH-12 the message's version; MSA-1 the code, MSA-2 the
  message's control id (MSH-10), MSA-3 the reason in plain words.
- AA: stored or unchanged (MSA-3 says which). AE: a readable message whose content fails a check,
  or that could not be stored (the reason says what to fix, or to resend). AR: unreadable, or a
  type, event or version not taken here.
- The header is read by splitting the first segment, not by the parser, so even a message the
  parser refuses is answered to its sender with its control id when it has one.
- MSA-3 is escaped (HL7 escape sequences) so a reason never breaks the message; reasons never
  carry a patient value (they come from the row checks, which never repeat a cell).
- MLLP: a message is framed 0x0B ... 0x1C 0x0D; `frames` takes every complete message out of
  the bytes received so far and leaves the rest for the next read.

Pure module: no database.
"""

from __future__ import annotations

from datetime import UTC, datetime

START, END = b"\x0b", b"\x1c\x0d"
ESCAPES = (("\\", "\\E\\"), ("|", "\\F\\"), ("^", "\\S\\"), ("~", "\\R\\"), ("&", "\\T\\"))
CODES = ("AA", "AE", "AR")


def header(text: str) -> list[str]:
    """MSH's fields by number (index 1 is MSH-1, the field separator); empty when there is no MSH."""
    first = text.lstrip().replace("\n", "\r").split("\r", 1)[0]
    if not first.startswith("MSH") or len(first) < 4:
        return []
    separator = first[3]
    return ["MSH", separator, *first[4:].split(separator)]


def ack(text: str, code: str, reason: str, *, now: datetime | None = None) -> str:
    """The ACK (ER7, segments ended by \\r) answering `text` with `code` and `reason`."""
    assert code in CODES
    msh = header(text)

    def field(n: int) -> str:
        return msh[n] if n < len(msh) else ""

    moment = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S")
    event = field(9).split("^")[1] if field(9).count("^") >= 1 else ""
    control = field(10)
    version = field(12) or "2.5.1"
    segment = "|".join(["MSH", "^~\\&", field(5), field(6), field(3), field(4), moment, "",
                        f"ACK^{event}^ACK", f"ACK{moment}{control}"[:50], "P", version])  # fmt: skip
    return f"{segment}\rMSA|{code}|{control}|{escape(reason)}\r"


def escape(text: str) -> str:
    for plain, escaped in ESCAPES:
        text = text.replace(plain, escaped)
    return text.replace("\r", " ").replace("\n", " ")


def frame(text: str) -> bytes:
    return START + text.encode("utf-8") + END


def frames(buffer: bytes) -> tuple[list[bytes], bytes]:
    """The complete messages in `buffer` (framing removed) and the bytes left over."""
    found = []
    while (end := buffer.find(END)) != -1:
        chunk, buffer = buffer[:end], buffer[end + len(END) :]
        start = chunk.find(START)
        if start != -1:  # bytes before a start block are noise between frames
            found.append(chunk[start + 1 :])
    return found, buffer
