"""The HTML templates: one Jinja2 environment over ``claimkit/templates`` (package data).

Every page claimkit writes (the article view, the sourcing report, a folder's index) is a
template there. Autoescaping is on for all of them, so a value from an article can only reach
the page escaped; the page's own CSS and script go in as :class:`markupsafe.Markup`, the one
way to mark text as claimkit's own. Undefined names raise instead of printing nothing.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("claimkit", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(name: str, **context: Any) -> str:
    """``templates/name`` rendered with ``context`` (escaped unless a value is Markup)."""
    return environment().get_template(name).render(**context)
