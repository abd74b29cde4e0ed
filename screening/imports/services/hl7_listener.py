"""The MLLP listener: HL7 v2 messages in over TCP, one ACK back for each (issue 18).

Design decisions:
- A small `socketserver.ThreadingTCPServer` rather than hl7apy's MLLP server: a thread per
  connection, several messages per connection, each answered in order before the next is read;
  the framing and the ACK are pure (`hl7_acks`), the storing is `hl7_intake.receive`.
- Bytes are read as UTF-8, else as ISO 8859-1 (which any byte decodes), the two character
  sets UK PAS feeds send (MSH-18).
- MLLP has no encryption or authentication: bind to loopback by default and put the trust's
  integration engine or a TLS tunnel in front (docs/hl7.md).
- A connection idle for `IDLE_SECONDS` is closed, so a silent peer does not hold a thread.
"""

from __future__ import annotations

import socketserver
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from screening.imports.rules.hl7_acks import frame, frames
from screening.imports.services.hl7_intake import receive

IDLE_SECONDS = 300
MAX_MESSAGE = 1_000_000  # bytes without an end block: not an HL7 feed


class MllpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        super().__init__(address, MllpHandler)


class MllpHandler(socketserver.BaseRequestHandler):
    server: MllpServer

    def handle(self) -> None:
        connection: Any = self.request
        connection.settimeout(IDLE_SECONDS)
        buffer = b""
        while True:
            try:
                received = connection.recv(65536)
            except OSError:  # idle too long, or reset by the peer
                return
            if not received:
                return
            messages, buffer = frames(buffer + received)
            for message in messages:
                answer = receive(self.server.sessions, _decode(message))
                connection.sendall(frame(answer.ack))
            if len(buffer) > MAX_MESSAGE:
                return


def _decode(message: bytes) -> str:
    try:
        return message.decode("utf-8")
    except UnicodeDecodeError:
        return message.decode("iso-8859-1")
