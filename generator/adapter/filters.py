"""Jinja filters for the theme: numbers in Chinese style, reading time, story cards, the
fragment memo for page chrome, and the page's indentation squeezed out.

Formatting only: they return text, never HTML written in Python — ``story_card`` and
``ex_fragment`` return what a template renders.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, Undefined, pass_context
from jinja2.utils import htmlsafe_json_dumps
from jinja2.runtime import Context
from markupsafe import Markup

from ..site.report import format_cn

log = logging.getLogger("mkdocs.plugins.exemplar")

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HAN_PER_MINUTE = 400

CARD_TEMPLATE = "partials/ex-story-card.html"


def cn_number(value: Any) -> str:
    """Counts as reports write them (1500 万, 1.2 亿); the same function as the statistics."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value or "")
    return format_cn(int(value))


def reading_minutes(text: str) -> int:
    """Minutes to read a Chinese text: Han characters at ~400 a minute (not words)."""
    han = len(_HAN.findall(text or ""))
    other = len(re.findall(r"[A-Za-z0-9]+", text or ""))
    return max(1, round((han + other) / HAN_PER_MINUTE))


def story_card(context: Context, card: Any, memo: dict[tuple[str, str], tuple[Any, Markup]]) -> Markup:
    """``card`` rendered by ``partials/ex-story-card.html``, once per build for each page depth.

    A card is listed on about a dozen pages (columns, units, tags, pioneers, related
    stories). It is rendered without a page, so its links are written from the page's
    ``base_url`` (``../stories/a.html``), the same on every page at that depth; the
    memo belongs to the build's Jinja environment (see :func:`filters`), so templates edited
    under ``mkdocs serve`` are read again, and holds the card it was made from (cards are frozen).
    """
    base_url = str(context.get("base_url", ""))
    key = (card.slug, base_url)
    seen = memo.get(key)
    if seen is not None and seen[0] is card:  # the same (frozen) card: hashing it whole costs more
        return seen[1]
    template = context.environment.get_template(CARD_TEMPLATE)
    # at the site's root, links without a leading "./", as the url filter writes them there
    html = Markup(template.render(card=card, page=None, base_url="" if base_url == "." else base_url))
    memo[key] = (card, html)
    return html


def fragment(memo: dict[tuple[Any, ...], Markup], name: str, *key: Any, caller: Callable[[], str]) -> Markup:
    """What ``{% call ex_fragment(name, key…) %}…{% endcall %}`` encloses, rendered once per build
    for each ``(name, key…)``.

    For the parts of mkdocs-material's page chrome that many pages share (the tabs, the
    navigation drawer, the header's tools, the scripts' configuration), which otherwise cost
    about half of every page's rendering. The key must name everything the part depends on;
    ``generator.adapter.plugin`` works it out for each page (``ex_chrome``: the page's folder, which
    tab is active, …). A key part that is None or undefined means "do not remember": the part
    is rendered, as without the memo. The memo belongs to the build's Jinja environment, as
    :func:`story_card`'s does.
    """
    if any(part is None or isinstance(part, Undefined) for part in key):
        return Markup(caller())
    html = memo.get((name, *key))
    if html is None:
        html = memo[(name, *key)] = Markup(caller())
    return html


def fragment_unmemoised(name: str, *key: Any, caller: Callable[[], str]) -> Markup:
    """:func:`fragment` without the memo (``EXEMPLAR_FRAGMENTS=off``): to check that the memo changes nothing."""
    return Markup(caller())


# Elements whose text keeps its white space as written (white-space: pre or pre-wrap in a browser
# or in material's CSS, code, scripts) or by SVG's own rules: copied as they are.
_VERBATIM = re.compile(r"<(pre|textarea|script|style|code|kbd|svg)\b.*?</\1\s*>", re.S | re.I)
_LAID_OUT = re.compile(r"\n[ \t\r\n]+")  # not \s: U+3000 and no-break spaces are text
# (Spaces before a line break are left: the templates write almost none, and looking for them at
# every space of the text took five times as long as the rest.)


def squeeze(html: str) -> Markup:
    """``html`` with each run of white space that starts with a line break written as one line break.

    The templates (material's and ours) are indented for their readers, and that indentation was
    a sixth of every page (blank lines with spaces, eight-level nesting). A browser collapses any
    run of white space between words or tags to one space, so the page looks and reads the same:
    nothing is removed where a space separates two things, only the run is shortened to ``\n``.
    Text whose spaces matter (``<pre>``, ``<code>``, ``<textarea>``, scripts, styles, SVG) is
    copied unchanged.
    """
    html = str(html)
    out: list[str] = []
    start = 0
    for match in _VERBATIM.finditer(html):
        out.append(_LAID_OUT.sub("\n", html[start:match.start()]))
        out.append(match.group(0))
        start = match.end()
    out.append(_LAID_OUT.sub("\n", html[start:]))
    return Markup("".join(out))


_JSON_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def compact_config(html: str) -> Markup:
    """mkdocs-material's ``<script id="__config">`` with the same JSON written compactly: its UI strings as
    UTF-8 characters instead of ``\\uXXXX`` escapes (a third of the bytes) and no spaces after separators.
    The bundle reads it with ``JSON.parse``, which gives the same object; ``<``, ``>``, ``&`` and ``'``
    stay escaped as Jinja's ``tojson`` writes them, so the script cannot be closed early."""
    def rewrite(match: re.Match[str]) -> str:
        data = json.loads(match.group(2))
        text = htmlsafe_json_dumps(data, dumps=json.dumps, ensure_ascii=False, separators=(",", ":"))
        return match.group(1) + str(text) + match.group(3)

    return Markup(_JSON_SCRIPT.sub(rewrite, str(html)))


def filters() -> dict[str, Callable[..., Any]]:
    """The filters for one Jinja environment (one build), with a card memo of their own."""
    cards: dict[tuple[str, str], tuple[Any, Markup]] = {}
    return {
        "cn_number": cn_number,
        "reading_minutes": reading_minutes,
        "ex_squeeze": squeeze,
        "ex_compact_config": compact_config,
        "story_card": pass_context(lambda context, card: story_card(context, card, cards)),
    }


def install_filters(env: Environment, cache_dir: Path) -> None:
    """The archive's filters and globals in MkDocs' Jinja environment, and compiled templates kept
    in ``cache_dir`` between builds (keyed by each template's source, so an edited template is
    compiled again): saves compiling ~40 templates per (re)build."""
    env.filters.update(filters())
    fragments: dict[tuple[Any, ...], Markup] = {}
    memo = os.environ.get("EXEMPLAR_FRAGMENTS", "on") != "off"
    env.globals["ex_fragment"] = functools.partial(fragment, fragments) if memo else fragment_unmemoised
    folder = cache_dir / "exemplar-templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    except OSError as exc:
        log.debug(f"模板缓存不可用：{exc}")
