"""escape_html escapes exactly as the standard library's html.escape does, in text and in attributes."""

from __future__ import annotations

import html

import pytest

from explorer.formats.text import escape_html

SAMPLES = [
    "",
    "plain words",
    "Tom & Jerry <b>bold</b> > less",
    "&amp; already escaped &lt;",
    "quotes \" and ' and `",
    "<script>alert('x')</script>",
    "Минск & «Вильнюс» — ünïcödé",
    "&&<<>>\"\"''",
]


@pytest.mark.parametrize("value", SAMPLES)
def test_text_and_attribute_escaping_match_the_standard_library(value: str) -> None:
    assert escape_html(value) == html.escape(value, quote=False)
    assert escape_html(value, attribute=True) == html.escape(value, quote=True)
