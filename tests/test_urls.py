"""Every page address comes from generator/site/urls.py: no other module spells one out."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.site import urls

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
NOT_PAGES = {"cli/commands/new.py": "names the new story's source file (stories/<slug>.md), not a page",
             "cli/commands/importing.py": "names the draft stories' source files (stories/<slug>.md), not pages"}


def page_address_fstrings(source: str) -> list[int]:
    """Lines of f-strings that build a page's source URI or URL: ``.md`` or ``.html`` right after a
    formatted value (``f"stories/{slug}.md"``), not a message that names a file."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for before, part in zip(node.values, node.values[1:], strict=False):
                if (isinstance(before, ast.FormattedValue) and isinstance(part, ast.Constant)
                        and str(part.value).startswith((".md", ".html", "/index.md", "/index.html"))):
                    lines.append(node.lineno)
                    break
    return lines


def test_no_module_but_urls_builds_a_page_address() -> None:
    found = [f"generator/{p.relative_to(GENERATOR)}:{line}"
             for p in sorted(GENERATOR.rglob("*.py"))
             if p.relative_to(GENERATOR).as_posix() not in ("site/urls.py", *NOT_PAGES)
             for line in page_address_fstrings(p.read_text(encoding="utf-8"))]
    assert not found, "build page addresses with generator/site/urls.py:\n" + "\n".join(found)


def test_the_scan_finds_an_address() -> None:
    assert page_address_fstrings('slug = "a"\nuri = f"stories/{slug}.md"\n') == [2]
    assert page_address_fstrings('title = f"{n} 年"\nwhy = f"{site} 里没有 index.html"\n') == []


def test_addresses() -> None:
    assert urls.url_of(urls.story_uri("huang-xiaoqing")) == "stories/huang-xiaoqing.html"
    assert urls.url_of(urls.column_uri("a")) == "columns/a/index.html"
    assert urls.list_page_uris("columns/a/index.md", 3) == ["columns/a/index.md", "columns/a/page-2.md",
                                                           "columns/a/page-3.md"]
    assert urls.list_page_uris("tags/b.md", 2) == ["tags/b.md", "tags/b/page-2.md"]
    assert urls.list_page_uris("tags/b.md", 1) == ["tags/b.md"]
