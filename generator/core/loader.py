"""stories/**/*.md → raw stories (front matter with positions + body), or located diagnostics.

Reads the bytes itself so that no input, however broken, can raise: binary files,
other encodings, a missing or unclosed front matter, YAML errors, alias bombs and
oversized front matter all become diagnostics naming the file and line.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, diag
from .files import OutsideError, open_plain
from .located import Located, YamlProblem, fullwidth_colon, parse_located

MAX_FRONT_MATTER = 256 * 1024  # bytes; front matter holds fields, not prose
MAX_FILE = 8 * 1024 * 1024

SKIP_DIRS = {"media", "_data", "node_modules"}


@dataclass(frozen=True, slots=True)
class RawStory:
    """A story file read and parsed, not yet validated."""

    path: str  # POSIX, relative to the stories folder
    shown: str  # the path shown to editors (relative to the archive root)
    front: Located
    body: str
    body_line: int  # the line on which the body starts

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.front.data
        return data


def find_story_files(stories_dir: Path) -> list[Path]:
    """Every ``*.md`` under the stories folder, in a stable order.

    Folders named ``media`` or starting with ``_`` or ``.`` hold no stories.
    """
    return [stories_dir / rel for rel in story_paths(stories_dir)]


def story_paths(stories_dir: Path) -> list[str]:
    """What :func:`find_story_files` finds, as POSIX paths relative to the stories folder."""
    top = os.fspath(stories_dir)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith((".", "_")))
        folder = os.path.relpath(dirpath, top).replace(os.sep, "/")
        for name in filenames:
            # a linked story is not read (exemplar check names the link: E306)
            if name.lower().endswith(".md") and not name.startswith((".", "_")) \
                    and not os.path.islink(os.path.join(dirpath, name)):
                found.append(name if folder == "." else f"{folder}/{name}")
    return sorted(found)


def decode(raw: bytes, shown: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 (a BOM allowed) → text with ``\\n`` line ends, or E001/E002/E003."""
    if not raw or raw.isspace():  # (no copy, unlike strip())
        return None, diag(shown, 1, 0, "E003")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": text, but not UTF-8
        return None, diag(shown, 1, 0, "E001", byte=f"0x{raw[:1].hex().upper()}", guess=UTF16)
    if b"\x00" in raw:
        return None, diag(shown, 1, 0, "E002")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex().upper()
        guess = _guess_encoding(raw)
        return None, diag(shown, line, 0, "E001", byte=f"0x{byte}", guess=guess)
    return (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text), None


UTF16 = "看起来是 UTF-16 编码，即 Windows 记事本的“Unicode”"


def _guess_encoding(raw: bytes) -> str:
    # Not UTF-16: almost any even number of bytes decodes as UTF-16 (its files have a BOM).
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "编码无法识别"
    return "看起来是 GBK/GB18030 编码，常见于 Windows 记事本的“ANSI”"


_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)  # a line of --- or ..., spaces after allowed


def split_front_matter(text: str, shown: str) -> tuple[str, str, int, Diagnostic | None]:
    """(front matter, body, body's first line, problem)."""
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        return "", text, 1, diag(shown, 1, 1, "E004")
    closing = _CLOSING.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        return "", "", 1, diag(shown, 1, 1, "E005", start=1)
    start = closing.start()
    front = text[first_end + 1 : start - 1] if start > first_end + 1 else ""
    return front, text[closing.end() + 1 :], text.count("\n", 0, start) + 2, None


def _yaml_problem(shown: str, problem: YamlProblem) -> Diagnostic:
    if problem.kind == "alias":
        return diag(shown, problem.line, problem.col, "E008")
    if problem.kind == "duplicate":
        return diag(shown, problem.line, problem.col, "E010", problem.key, key=problem.key, first=problem.first_line)
    return diag(shown, problem.line, problem.col, "E006", problem=problem.problem, hint=problem.hint)


def load_story(stories_dir: Path, path: Path, shown_base: Path | None = None) -> tuple[RawStory | None, list[Diagnostic]]:
    """Read one story file. Never raises for anything the file holds."""
    rel = path.relative_to(stories_dir).as_posix()
    shown = path.relative_to(shown_base).as_posix() if shown_base else rel
    raw, problems = read_story(path, shown)
    if raw is None:
        return None, problems
    return parse_story_text(raw, rel, shown)


def read_story(path: str | Path, shown: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A story file's bytes, or why they cannot be read (E009 too large, E011 unreadable)."""
    try:
        with os.fdopen(open_plain(path), "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_FILE:  # not read at all
                return None, [diag(shown, 1, 0, "E009", size=size // 1024, limit=MAX_FILE // 1024)]
            return file.read(), []
    except OutsideError:
        return None, [diag(shown, 1, 0, "E307", value=shown, what="特殊文件")]
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the folder was listed
            return None, [diag(shown, 1, 0, "E306", value=shown, where="别处")]
        return None, [diag(shown, 1, 0, "E011", reason=exc.strerror or str(exc))]


def parse_story_text(raw: bytes, rel: str, shown: str) -> tuple[RawStory | None, list[Diagnostic]]:
    """Bytes of a story → raw story, or diagnostics. Pure: no file system."""
    text, problem = decode(raw, shown)
    if text is None:
        return None, [problem] if problem else []
    front, body, body_line, problem = split_front_matter(text, shown)
    if problem:
        return None, [problem]
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER:
        return None, [diag(shown, 2, 0, "E009", size=len(front.encode("utf-8")) // 1024,
                           limit=MAX_FRONT_MATTER // 1024)]
    located, yaml_problem = parse_located(front, line_offset=1)
    if yaml_problem:
        return None, [_yaml_problem(shown, yaml_problem)]
    assert located is not None
    if not isinstance(located.data, dict):
        colon = fullwidth_colon(front, 1)
        if colon:
            return None, [_yaml_problem(shown, colon)]
        found = _describe(located.data)
        return None, [diag(shown, 2, 1, "E007", found=found)]
    return RawStory(path=rel, shown=shown, front=located, body=body, body_line=body_line), []


def _describe(value: Any) -> str:
    if value is None:
        return "空的"
    if isinstance(value, list):
        return "一个列表"
    return f"一段文字「{str(value)[:20]}」"
