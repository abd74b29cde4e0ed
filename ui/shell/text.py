"""Text from people (names, notes, reasons) shown as typed, never as markup.

Streamlit renders Markdown in captions, labels and messages: a display name such as
`[click](http://evil.example)`, `**bold**`, `$x$` (LaTeX) or `:red[alert]` would become a
link, bold text, a formula or coloured text. HTML is never rendered (no
`unsafe_allow_html` anywhere), but `<script>` is escaped as well so it shows as typed.
`plain` puts a backslash before every character Markdown or Streamlit's own syntax gives a
meaning to, so the text is shown exactly as it was typed.

`shown` also bidi-isolates the text (hazard H5, `screening.text_safety.isolate`): a name or
number stored before the import refused hidden controls, holding U+202E, cannot reverse the
NHS or hospital number shown beside it. Use it for every name and number from the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from screening.text_safety import isolate

K = TypeVar("K")

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&])")


def plain(text: object) -> str:
    """`text` escaped for any Streamlit element that renders Markdown."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def shown(text: object) -> str:
    """A name or number from the database for Markdown: escaped and bidi-isolated."""
    return plain(isolate(str(text)))


def labelled(labels: Mapping[K, str]) -> Callable[[K], str]:
    """`labels.get` as a widget's `format_func`, typed as Streamlit asks (a str per option, so
    the widget's value keeps the options' type): every option offered has a label."""
    return labels.get  # type: ignore[return-value]  # the same function: .get's None never shows
