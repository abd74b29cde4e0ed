"""How a sitting that can no longer change ended, in the words a user is told.

"Finish" and "Close as abandoned" can race (two members of staff, or staff and the
patient's tablet): the database lets one win (`services.completion`,
`services.abandonment`), and the loser is told what the winner did, so nobody believes
their own action happened.
"""

from __future__ import annotations


def ended_as(status: str, *, closed: bool) -> str:
    """The words for a sitting's ending: "finished", "closed as abandoned", "declined"..."""
    if status == "completed":
        return "finished"
    if status == "abandoned":
        # Marked abandoned after a quiet spell can still be resumed or finished; closed cannot.
        return "closed as abandoned" if closed else "marked abandoned"
    return status.replace("_", " ")


def already_ended(status: str, *, closed: bool, refused: str) -> str:
    """The loser's message: what already happened to the sitting and what it means for them."""
    return (
        f"This sitting was already {ended_as(status, closed=closed)}, so it cannot be {refused}; "
        "nothing was changed. Open the clinic list to see where it stands."
    )
