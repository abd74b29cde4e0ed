"""HL7 v2 acknowledgements, MLLP framing and HL7 dates, pure (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from screening.imports.rules.hl7_acks import ack, escape, frame, frames, header
from screening.imports.rules.hl7_values import hl7_date, hl7_moment

MESSAGE = "MSH|^~\\&|PAS|GUY|SCREEN|GUY|20260301120000||SIU^S12^SIU_S12|MSG1|P|2.4\rSCH|1\r"
NOW = datetime(2026, 3, 1, 12, 0, 5, tzinfo=UTC)


def test_an_ack_swaps_sender_and_receiver_and_echoes_the_control_id() -> None:
    msh, msa = ack(MESSAGE, "AA", "stored.", now=NOW).strip("\r").split("\r")
    fields = msh.split("|")
    assert fields[2:6] == ["SCREEN", "GUY", "PAS", "GUY"]
    assert (fields[8], fields[11]) == ("ACK^S12^ACK", "2.4")
    assert msa == "MSA|AA|MSG1|stored."


def test_an_ack_to_a_message_without_a_header_still_answers() -> None:
    msh, msa = ack("garbage", "AR", "not readable.", now=NOW).strip("\r").split("\r")
    assert msh.split("|")[8] == "ACK^^ACK" and msh.endswith("|2.5.1") and msa == "MSA|AR||not readable."


def test_an_ack_code_must_be_aa_ae_or_ar() -> None:
    with pytest.raises(AssertionError):
        ack(MESSAGE, "CA", "x")


def test_a_reason_is_escaped_so_it_cannot_break_the_ack() -> None:
    assert escape("a|b^c~d\\e&f\rg") == "a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f g"
    assert ack(MESSAGE, "AE", "bad|field").endswith("MSA|AE|MSG1|bad\\F\\field\r")


@pytest.mark.parametrize(("text", "fields"), [("", []), ("MSH", []), ("PID|1", []), ("MSH|^~\\&|A", 4)])
def test_the_header_is_read_only_from_an_msh_segment(text: str, fields: object) -> None:
    found = header(text)
    assert (len(found) if isinstance(fields, int) else found) == fields


def test_frames_takes_every_complete_message_and_keeps_the_rest() -> None:
    data = frame("one") + b"noise" + frame("two") + b"\x1c\x0d" + b"\x0bthr"
    found, rest = frames(data)
    assert found == [b"one", b"two"] and rest == b"\x0bthr"  # an end block without a start is dropped


@pytest.mark.parametrize(
    ("value", "iso"), [("19900517", "1990-05-17"), ("199005171230", "1990-05-17"), ("1990", "1990")]
)
def test_an_hl7_date_becomes_an_iso_date(value: str, iso: str) -> None:
    assert hl7_date(value) == iso


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("202603020930", "2026-03-02T09:30:00"),  # no offset: London wall clock, as the CSV
        ("20260302093015.25", "2026-03-02T09:30:15"),
        ("20260615140000+0100", "2026-06-15T14:00:00+01:00"),
        ("20260302", "20260302"),  # no time: passed on for the CSV reader to refuse
        ("", ""),
    ],
)
def test_an_hl7_timestamp_becomes_an_iso_moment(value: str, iso: str) -> None:
    assert hl7_moment(value) == iso
