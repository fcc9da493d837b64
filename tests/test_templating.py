"""The HTML templates' environment: escaping on for every template, and a missing value an error
rather than an empty string on the page."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from claimkit.report_render import bar_chart
from claimkit.templating import environment, render_template


def test_values_are_escaped_and_markup_is_kept():
    page = render_template("page.html.j2", title="<b>x</b>", policy=Markup("default-src 'none'"), css=None,
                           body="<script>alert(1)</script>")
    assert "<title>&lt;b&gt;x&lt;/b&gt;</title>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "content=\"default-src 'none'\"" in page


def test_a_missing_value_is_an_error():
    with pytest.raises(jinja2.UndefinedError):
        render_template("page.html.j2", title="t", policy="p", css=None)


def test_bar_chart_draws_one_bar_per_item_scaled_to_the_largest():
    chart = bar_chart("Claims", [("Ana <Torres>", 4, "4"), ("Ben", 2, "2"), ("Zero", 0, "0")],
                      highlight=[True, False, False])
    svg = environment().get_template("macros.html.j2").module.bar_chart(chart)  # type: ignore[attr-defined]
    assert svg.count("<rect") == 3
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert 'class="bar anon"' in svg and "Ana &lt;Torres&gt;: 4" in svg


def test_an_empty_bar_chart_draws_nothing():
    assert str(environment().get_template("macros.html.j2").module.bar_chart(bar_chart("x", []))) == ""  # type: ignore[attr-defined]
