"""The rendered body of a story, through an allowlist sanitiser (nh3, the ammonia binding).

What a story page may contain is a policy written as data (:data:`POLICY`): the elements,
the attributes of each, the URL schemes and the ``style`` properties the archive needs.
Everything else — any ``on…`` attribute, ``<script>``, ``<svg>``, ``javascript:`` URLs,
``<iframe>`` from an unlisted host, unknown CSS — is removed from the HTML that Markdown
produced, whatever source construct produced it. ``exemplar check`` finds the constructs in
the source (:mod:`generator.core.safety`); this is the boundary the reader's browser relies on.

A body the policy leaves as it is keeps its bytes (the sanitiser's serialisation differs from
Markdown's only in ``<br />`` against ``<br>`` and the spaces in table alignment), so a clean
archive's pages do not change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3

_GLOBAL = frozenset({"class", "id", "title", "lang", "dir", "style"})

# The Markdown extensions of mkdocs.yml (tests/test_sanitise.py holds the two equal): the
# check renders a body as the build does, to see what the sanitiser would remove.
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "tables", "footnotes", "admonition", "toc",
                       "pymdownx.superfences", "pymdownx.details")


@dataclass(frozen=True, slots=True)
class Policy:
    """What the sanitiser keeps; everything not named here goes."""

    tags: frozenset[str]
    attributes: Mapping[str, frozenset[str]]
    url_schemes: frozenset[str]
    style_properties: frozenset[str]
    # Removed together with their content (a script's text is not prose).
    dropped_with_content: frozenset[str] = field(default=frozenset({"script", "style", "template", "noscript"}))


POLICY = Policy(
    tags=frozenset(
        "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em "
        "figcaption figure h1 h2 h3 h4 h5 h6 hr i iframe img ins kbd li mark ol p picture pre q "
        "rp rt ruby s samp small source span strong sub summary sup table tbody td tfoot th thead "
        "time tr u ul var video audio track wbr".split()
    ),
    attributes={
        "*": _GLOBAL,
        "a": frozenset({"href", "hreflang"}),
        "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"}),
        "source": frozenset({"src", "srcset", "sizes", "type", "media", "width", "height"}),
        "video": frozenset({"src", "poster", "controls", "preload", "width", "height", "playsinline", "muted", "loop"}),
        "audio": frozenset({"src", "controls", "preload", "muted", "loop"}),
        "track": frozenset({"src", "kind", "srclang", "label", "default"}),
        "iframe": frozenset({"src", "width", "height", "allowfullscreen", "frameborder", "loading", "referrerpolicy"}),
        "td": frozenset({"colspan", "rowspan", "align"}),
        "th": frozenset({"colspan", "rowspan", "align", "scope"}),
        "col": frozenset({"span", "width"}),
        "colgroup": frozenset({"span"}),
        "ol": frozenset({"start", "type", "reversed"}),
        "li": frozenset({"value"}),
        "time": frozenset({"datetime"}),
        "details": frozenset({"open"}),
        "blockquote": frozenset({"cite"}),
        "q": frozenset({"cite"}),
        "del": frozenset({"cite", "datetime"}),
        "ins": frozenset({"cite", "datetime"}),
    },
    url_schemes=frozenset({"http", "https", "mailto", "tel"}),
    # Markdown's tables align cells with style="text-align: …"; nothing else is styled inline
    # (an overlay over the page, a background image from elsewhere).
    style_properties=frozenset({"text-align"}),
)


def _host_listed(url: str, hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    return parts.scheme.lower() == "https" and any(host == h or host.endswith("." + h) for h in hosts)


class Sanitiser:
    """One policy and the video hosts an ``<iframe>`` may show; :meth:`clean` an HTML fragment."""

    def __init__(self, iframe_hosts: tuple[str, ...] = (), policy: Policy = POLICY) -> None:
        self.policy = policy
        self.iframe_hosts = tuple(h.lower() for h in iframe_hosts)
        self._attributes = {tag: set(names) for tag, names in policy.attributes.items()}

    def _filter(self, tag: str, attr: str, value: str) -> str | None:
        if tag == "iframe" and attr == "src" and not _host_listed(value, self.iframe_hosts):
            return None
        return value

    def clean(self, html: str) -> str:
        """``html`` with everything outside the policy removed; unchanged bytes if nothing was."""
        policy = self.policy
        cleaned: str = nh3.clean(
            html,
            tags=set(policy.tags),
            clean_content_tags=set(policy.dropped_with_content),
            attributes=self._attributes,
            attribute_filter=self._filter,
            strip_comments=True,
            link_rel=None,
            url_schemes=set(policy.url_schemes),
            filter_style_properties=set(policy.style_properties),
        )
        # Equal but for how Markdown writes what the sanitiser writes otherwise (``<br />``,
        # ``style="text-align: center;"``): the browser reads both the same, so the page keeps
        # Markdown's bytes. Any other difference: the cleaned HTML.
        if cleaned == html or _as_sanitiser_writes(html) == cleaned:
            return html
        return cleaned


_ALIGN = re.compile(r'style="text-align: (left|right|center);"')


def _as_sanitiser_writes(html: str) -> str:
    if " />" in html:
        html = html.replace(" />", ">")
    if 'style="text-align: ' in html:
        html = _ALIGN.sub(r'style="text-align:\1"', html)
    return html
