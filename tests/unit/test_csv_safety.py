import pytest

from screening.csv_safety import safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "  =cmd|' /C calc'!A0",
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Okafor", "O'Brien", "Smith-Jones", "", "1 = 1", "Zoë"])
def test_ordinary_text_is_written_as_given(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [-3, -2.5, 0, None, True])
def test_numbers_and_empty_values_are_not_changed(value):
    assert safe_cell(value) is value


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row({"family_name": "=1+1", "total": -1, "site": "GUY"}) == {
        "family_name": "'=1+1",
        "total": -1,
        "site": "GUY",
    }
