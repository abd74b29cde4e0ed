"""The FHIR push's rules: the endpoint, the transaction Bundle, and what each answer means (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from screening.errors import InvalidValue
from screening.exports.rules.fhir_bundle import sitting_bundle
from screening.exports.rules.fhir_push import (
    MAX_ATTEMPTS,
    Answer,
    failure_text,
    outcome_of,
    push_endpoint,
    retry_wait,
    transaction_bundle,
)
from tests.sitting_records import NHS_NUMBER, gad7, phq9, score, sitting

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def accepted(*statuses: str) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "transaction-response",
            "entry": [{"response": {"status": s}} for s in statuses]}  # fmt: skip


def outcome_text(**issue: str) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [issue]}


# The endpoint: SCREENING_FHIR_PUSH_URL


def test_pushing_is_off_when_no_endpoint_is_set() -> None:
    assert push_endpoint({}) is None
    assert push_endpoint({"SCREENING_FHIR_PUSH_URL": "  "}) is None


def test_an_https_endpoint_is_used_without_its_trailing_slash() -> None:
    url = "https://integration.example.nhs.uk/fhir/R4/"
    assert push_endpoint({"SCREENING_FHIR_PUSH_URL": url}) == "https://integration.example.nhs.uk/fhir/R4"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_plain_http_is_accepted_for_a_loopback_address_only(host: str) -> None:
    url = f"http://{host}:8080/fhir"
    assert push_endpoint({"SCREENING_FHIR_PUSH_URL": url}) == url


def test_plain_http_to_another_host_is_refused_because_bundles_carry_nhs_numbers() -> None:
    with pytest.raises(InvalidValue, match="https"):
        push_endpoint({"SCREENING_FHIR_PUSH_URL": "http://integration.example.nhs.uk/fhir"})


@pytest.mark.parametrize(
    "url", ["integration.example.nhs.uk/fhir", "ftp://x.nhs.uk/fhir", "https://x.nhs.uk/fhir?a=1",
            "https://user:pw@x.nhs.uk/fhir", "https:///fhir"],
)  # fmt: skip
def test_an_endpoint_that_is_not_a_base_url_is_refused_with_an_example(url: str) -> None:
    with pytest.raises(InvalidValue, match="such as https://"):
        push_endpoint({"SCREENING_FHIR_PUSH_URL": url})


# The transaction Bundle


def test_the_sitting_goes_as_a_valid_r4_transaction_of_puts_by_id_and_conditional_questionnaires() -> None:
    record = sitting(answers=phq9(0, 1, 2, 3, 0, 1, 2, 3, 1) + gad7(3, 2, 1, 0, 1, 2, 3),
                     scores=(score("phq9", 13, "moderate"), score("gad7", 12, "moderate")))  # fmt: skip
    bundle = transaction_bundle(sitting_bundle(record))
    Bundle.model_validate(bundle)
    assert bundle["type"] == "transaction"
    for entry in bundle["entry"]:
        resource, request = entry["resource"], entry["request"]
        if resource["resourceType"] == "Questionnaire":
            assert request["method"] == "POST" and request["url"] == "Questionnaire"
            assert request["ifNoneExist"].startswith("url=http") and "&version=" in request["ifNoneExist"]
        else:
            assert request == {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"}
            assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert kinds == {"Questionnaire", "QuestionnaireResponse", "Observation"}
    assert NHS_NUMBER in str(bundle)


def test_the_same_sitting_gives_the_same_transaction_so_a_resend_replaces_rather_than_duplicates() -> None:
    record = sitting(answers=phq9(0, 0, 0, 0, 0, 0, 0, 0, 0), scores=(score("phq9", 0, "minimal"),))
    assert transaction_bundle(sitting_bundle(record)) == transaction_bundle(sitting_bundle(record))


# What an answer means


@pytest.mark.parametrize("status", [200, 201])
def test_a_transaction_response_with_every_entry_accepted_is_delivered(status: int) -> None:
    outcome = outcome_of(Answer(status, accepted("201 Created", "200 OK")), attempts=1, now=NOW)
    assert (outcome.kind, outcome.error, outcome.status) == ("delivered", None, status)


@pytest.mark.parametrize(
    ("body", "problem"),
    [(None, "not a transaction-response"), ({"resourceType": "Bundle", "type": "batch-response"}, "not a"),
     (accepted(), "has no entries"), (accepted("201 Created", "409 Conflict", "409"), "2 entries were refused (409)")],
)  # fmt: skip
def test_a_success_status_without_a_clean_transaction_response_is_failed(body: Any, problem: str) -> None:
    outcome = outcome_of(Answer(200, body), attempts=1, now=NOW)
    assert outcome.kind == "failed"
    assert outcome.error is not None and problem in outcome.error


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504, 599])
def test_a_busy_or_broken_server_is_retried(status: int) -> None:
    outcome = outcome_of(Answer(status), attempts=1, now=NOW)
    assert outcome.kind == "retry"
    assert outcome.next_attempt_at == NOW + timedelta(minutes=1)


@pytest.mark.parametrize("status", [202, 204, 301, 400, 401, 403, 404, 409, 412, 422, 499, 600])
def test_any_other_answer_is_failed_at_once_for_a_person_to_mend(status: int) -> None:
    outcome = outcome_of(Answer(status), attempts=1, now=NOW)
    assert outcome.kind == "failed" and outcome.status == status


def test_no_answer_at_all_is_retried_and_says_what_happened() -> None:
    outcome = outcome_of(Answer(None, error="ConnectError"), attempts=2, now=NOW)
    assert outcome.kind == "retry" and outcome.status is None
    assert outcome.error == "no answer from the server (ConnectError)"
    assert outcome.next_attempt_at == NOW + timedelta(minutes=5)


def test_the_last_attempt_before_the_limit_is_still_retried_and_the_limit_fails() -> None:
    assert outcome_of(Answer(503), attempts=MAX_ATTEMPTS - 1, now=NOW).kind == "retry"
    last = outcome_of(Answer(None), attempts=MAX_ATTEMPTS, now=NOW)
    assert last.kind == "failed"
    assert last.error == f"no answer from the server (no connection); gave up after {MAX_ATTEMPTS} attempts"


def test_ten_attempts_ride_out_a_day_long_outage() -> None:
    total = sum((retry_wait(n) for n in range(1, MAX_ATTEMPTS)), timedelta())
    assert MAX_ATTEMPTS == 10
    assert timedelta(hours=24) < total < timedelta(hours=30)


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 5), (3, 15), (9, 720), (12, 720)])
def test_the_wait_grows_with_each_attempt_to_twelve_hours(attempts: int, minutes: int) -> None:
    assert retry_wait(attempts) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("retry_after", "wait"),
    [(None, timedelta(minutes=1)), (0, timedelta(minutes=1)), (30, timedelta(minutes=1)), (61, timedelta(seconds=61)),
     (600, timedelta(minutes=10)), (10**9, timedelta(hours=12))],
)  # fmt: skip
def test_a_longer_retry_after_from_the_server_is_honoured_up_to_twelve_hours(
    retry_after: int | None, wait: timedelta
) -> None:
    assert retry_wait(1, retry_after) == wait


def test_a_failure_keeps_the_status_and_issue_codes_never_the_servers_words() -> None:
    body = outcome_text(severity="error", code="processing", diagnostics=f"NHS number {NHS_NUMBER} unknown")
    text = failure_text(422, body)
    assert text == "HTTP 422: processing (error)"
    assert NHS_NUMBER not in text


def test_a_failure_without_an_operation_outcome_is_its_status_alone() -> None:
    assert failure_text(502, None) == "HTTP 502"
    assert failure_text(502, {"resourceType": "Bundle"}) == "HTTP 502"
    assert failure_text(400, {"resourceType": "OperationOutcome", "issue": "broken"}) == "HTTP 400"


def test_at_most_three_issue_codes_are_kept_and_missing_ones_say_so() -> None:
    body = {"resourceType": "OperationOutcome", "issue": [{}, {"code": "a"}, {"code": "b"}, {"code": "c"}, "x"]}
    assert failure_text(400, body) == "HTTP 400: unknown (error), a (error), b (error)"
