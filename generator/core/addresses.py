"""The archive's published address (``site_url``): QR codes on posters, ``feed.xml``,
``sitemap.xml`` and the spreadsheet's links all point at it.

The shipped mkdocs.yml reads it from the environment variable :data:`SITE_URL_VARIABLE` (a CI
variable) and falls back to a placeholder under ``example.org``; a public build, posters or a
package made with a placeholder would send every reader to a site that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from .diagnostics import Diagnostic, diag

SITE_URL_VARIABLE = "EXEMPLAR_SITE_URL"
INTERNAL_SITE_URL_VARIABLE = "EXEMPLAR_INTERNAL_SITE_URL"
"""The internal edition's own address (an intranet host); when it is not set the internal edition
uses :data:`SITE_URL_VARIABLE` / mkdocs.yml's ``site_url`` like the public one."""
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example", "invalid")
"""Names reserved for examples and documentation (RFC 2606): never a real site."""


def is_placeholder(url: str) -> bool:
    """True when ``url`` is under a reserved example domain (an archive with no ``site_url`` at
    all is only previewed or read from disk: that is not a placeholder)."""
    host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    return bool(host) and any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)


def edition_site_url(edition: str, configured: str, environ: Mapping[str, str]) -> tuple[str, str]:
    """(address, the variable that sets it) of ``edition``'s site: the internal edition's own
    address from :data:`INTERNAL_SITE_URL_VARIABLE` when that is set (not empty: an unset CI
    variable arrives empty), else mkdocs.yml's ``site_url`` (``configured``), which the shipped
    mkdocs.yml reads from :data:`SITE_URL_VARIABLE`."""
    own = environ.get(INTERNAL_SITE_URL_VARIABLE, "").strip()
    if edition == "internal" and own:
        return (own if own.endswith("/") else own + "/"), INTERNAL_SITE_URL_VARIABLE
    return configured, SITE_URL_VARIABLE


def site_url_position(config_text: str) -> tuple[int, int]:
    """(line, column) of ``site_url``'s value in mkdocs.yml's text; (1, 0) when it is not there."""
    for number, line in enumerate(config_text.splitlines(), start=1):
        found = re.match(r"site_url\s*:\s*", line)
        if found:
            return number, found.end() + 1
    return 1, 0


def placeholder_address(url: str, config_path: str, config_text: str, *, code: str, purpose: str,
                        required: bool = False, variable: str = SITE_URL_VARIABLE) -> Diagnostic | None:
    """A located diagnostic (``code``: E403 to stop, W609 to warn) when ``url`` is a placeholder,
    or (``required``: for what is published) not set at all; ``variable`` is the setting named in the fix."""
    if is_placeholder(url):
        state = f"是示例地址「{url}」"
    elif required and not url.strip():
        state = "没有设置"
    else:
        return None
    line, col = site_url_position(config_text)
    return diag(config_path, line, col, code, "site_url", state=state, purpose=purpose, variable=variable)
