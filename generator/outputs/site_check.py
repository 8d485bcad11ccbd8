"""``exemplar check-site``: what a built site folder must hold before it is published.

Every internal reference (``href``, ``src``, ``srcset``, ``poster`` in HTML; ``url()`` and
``@import`` in CSS) resolves to a file in the site (E406); nothing the browser would load
(scripts, styles, images, fonts, frames, media) comes from an outside origin — a plain link
``<a href>`` to an outside platform is fine (E412); no placeholder address (RFC 2606 example
domains, :mod:`generator.core.addresses`) anywhere in the site's text files (E413); the edition
record written by every build is there (E414).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..core.addresses import INTERNAL_SITE_URL_VARIABLE, SITE_URL_VARIABLE, is_placeholder
from ..core.diagnostics import Diagnostic, diag
from .publish import SITE_MARKER, site_edition

TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".json", ".js", ".mjs", ".css", ".txt", ".svg", ".webmanifest",
                           ".map", ".csv", ".md"})
NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:", "blob:", "about:", "sms:")
LOADED_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                         "manifest", "preconnect", "dns-prefetch", "mask-icon", "prerender"})
"""``<link rel>`` values whose target the browser fetches (or connects to) on its own."""
LOADING_ATTRIBUTES = {"src": "src", "poster": "poster", "data": "data", "srcset": "srcset", "imagesrcset": "srcset"}
CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")]*)(?P=q)\s*\)|@import\s+(?P<q2>['"])(?P<imp>[^'"]+)(?P=q2)""")
ANY_ADDRESS = re.compile(r"""(?:https?:)?//[A-Za-z0-9.\-]+(?::\d+)?[^\s"'<>)\\]*""")


@dataclass(frozen=True, slots=True)
class SiteReport:
    diagnostics: list[Diagnostic]
    files: int
    references: int


def _external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def _shown(site: Path, file: Path, prefix: str) -> str:
    return prefix + file.relative_to(site).as_posix()


class _Checker:
    def __init__(self, site: Path, prefix: str, base_path: str) -> None:
        self.site = site.resolve()
        self.prefix = prefix
        self.base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.diagnostics: list[Diagnostic] = []
        self.references = 0

    def resolves(self, file: Path, url: str) -> bool:
        path = unquote(urlsplit(url).path)
        if not path:  # "?query" or "#fragment": this very file
            return True
        if path.startswith("/"):
            if not path.startswith(self.base):
                return False
            target = self.site / path[len(self.base):]
        else:
            target = file.parent / path
        try:
            target = target.resolve()
        except (OSError, RuntimeError):
            return False
        if target != self.site and self.site not in target.parents:
            return False
        return target.is_file() or (target.is_dir() and (target / "index.html").is_file())

    def reference(self, file: Path, line: int, col: int, what: str, url: str, *, loaded: bool) -> None:
        url = url.strip()
        if not url or url.startswith("#") or url.lower().startswith(NOT_FETCHED):
            return
        self.references += 1
        shown = _shown(self.site, file, self.prefix)
        if _external(url):
            if loaded:
                self.diagnostics.append(diag(shown, line, col, "E412", what, what=what, value=url))
        elif not self.resolves(file, url):
            self.diagnostics.append(diag(shown, line, col, "E406", what, what=what, value=url))

    def html(self, file: Path, text: str) -> None:
        _Html(self, file).run(text)

    def css(self, file: Path, text: str, line0: int = 1, col0: int = 0) -> None:
        for found in CSS_URL.finditer(text):
            url = found.group("url") if found.group("url") is not None else found.group("imp")
            line = line0 + text.count("\n", 0, found.start())
            col = (found.start() - text.rfind("\n", 0, found.start())) if line != line0 else col0 + found.start() + 1
            self.reference(file, line, col, "样式中的 url()", url or "", loaded=True)

    def placeholders(self, file: Path, text: str) -> None:
        for found in ANY_ADDRESS.finditer(text):
            url = found.group(0)
            if is_placeholder(url if ":" in url.split("//", 1)[0] else "https:" + url):
                line = text.count("\n", 0, found.start()) + 1
                col = found.start() - text.rfind("\n", 0, found.start())
                self.diagnostics.append(diag(_shown(self.site, file, self.prefix), line, col, "E413", "site_url", value=url,
                                             variable=SITE_URL_VARIABLE, internal_variable=INTERNAL_SITE_URL_VARIABLE))


class _Html(HTMLParser):
    def __init__(self, checker: _Checker, file: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.checker, self.file = checker, file
        self.in_style = False

    def run(self, text: str) -> None:
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        col += 1
        values = {name: value or "" for name, value in attrs}
        self.in_style = tag == "style"
        for name, value in values.items():
            what = f"<{tag} {name}>"
            if name == "href":
                if tag == "link":
                    rels = set(values.get("rel", "").lower().split())
                    loaded = bool(rels & LOADED_RELS)
                    if not loaded and _external(value):  # canonical, alternate…: never fetched
                        continue
                    self.checker.reference(self.file, line, col, what, value, loaded=loaded)
                else:  # <a>, <area>, <base>: a reader's click, never loaded by itself
                    self.checker.reference(self.file, line, col, what, value, loaded=False)
            elif name in LOADING_ATTRIBUTES:
                if tag == "object" and name != "data" or tag != "object" and name == "data":
                    continue
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] \
                    if LOADING_ATTRIBUTES[name] == "srcset" else [value]
                for url in urls:
                    self.checker.reference(self.file, line, col, what, url, loaded=True)
            elif name == "style":
                self.checker.css(self.file, value, line, col)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            line, col = self.getpos()
            self.checker.css(self.file, data, line, col)


def _files(site: Path) -> Iterator[Path]:
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield path


def _read_text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        return data.decode("utf-8", errors="replace")
    except (OSError, EOFError, gzip.BadGzipFile):
        return None


def check_site(site: Path, *, shown: str = "", base_path: str = "/") -> SiteReport:
    """Every problem in the built site folder ``site``, each located in the site's file
    (``shown`` + the file's path in the site). ``base_path`` is ``site_url``'s path: where the
    site is mounted, for root-relative references (``/archive/assets/…``)."""
    prefix = shown.rstrip("/") + "/" if shown else ""
    if not site.is_dir():
        return SiteReport([diag(shown or str(site), 1, 0, "E415", value=shown or str(site), reason="文件夹不存在")], 0, 0)
    if not (site / "index.html").is_file():
        return SiteReport([diag(shown or str(site), 1, 0, "E415", value=shown or str(site), reason="没有 index.html")], 0, 0)
    site = site.resolve()
    checker = _Checker(site, prefix, base_path)
    if site_edition(site) is None:
        checker.diagnostics.append(diag(prefix + SITE_MARKER, 1, 0, "E414", marker=SITE_MARKER))
    count = 0
    for file in _files(site):
        count += 1
        suffix = file.suffix.lower()
        inner = PurePosixPath(file.stem).suffix.lower() if suffix == ".gz" else ""
        if suffix not in TEXT_SUFFIXES and inner not in TEXT_SUFFIXES:
            continue
        text = _read_text(file)
        if text is None:
            continue
        checker.placeholders(file, text)
        if suffix in (".html", ".htm"):
            checker.html(file, text)
        elif suffix == ".css":
            checker.css(file, text)
    return SiteReport(checker.diagnostics, count, checker.references)
