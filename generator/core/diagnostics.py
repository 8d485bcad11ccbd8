"""Located, coded diagnostics and their output formats.

A :class:`Diagnostic` names the file, line and column, the field, what is wrong and
how to fix it. Rules create them with :func:`diag`, which looks the text up in
:mod:`generator.core.messages` so that every message lives in one table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .messages import ERROR, MESSAGES, SEVERITY_LABELS, WARNING


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in one file."""

    path: str
    line: int
    col: int
    code: str
    field: str
    message: str
    hint: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format_text(self) -> str:
        """``stories/a.md:5:12: 错误 E203 honours[0].level：「国家」不是…；建议…``

        Control characters from the archive (a terminal escape sequence, a line break, a
        right-to-left override in a value or a file name) are shown escaped (``\x1b``), so one
        diagnostic is one line and a CI log cannot be made to show what is not there."""
        return printable(self._line())

    def _line(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")
        label = SEVERITY_LABELS[self.severity]
        subject = f" {self.field}：" if self.field else " "
        hint = f"；{self.hint}" if self.hint else ""
        return f"{where}: {label} {self.code}{subject}{self.message}{hint}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, annotated on the file and line."""
        kind = "error" if self.is_error else "warning"
        text = self._line()[len(f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")) + 2:]
        text = printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
        col = f",col={self.col}" if self.col else ""
        path = printable(self.path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
        return f"::{kind} file={path},line={self.line}{col},title={self.code}::{text}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control and text-direction characters written as escapes (``\x1b``, ``\u202e``)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)


def diag(path: str, line: int, col: int, code: str, field: str = "", **args: object) -> Diagnostic:
    """Build a diagnostic from the message table; ``args`` fill the templates."""
    severity, message, hint = MESSAGES[code]
    values = {"line": line, "col": col, **args}
    return Diagnostic(
        path=path,
        line=max(line, 1),
        col=max(col, 0),
        code=code,
        field=field,
        message=message.format(**values),
        hint=hint.format(**values).strip("；") if hint else "",
        severity=severity,
    )


def count_errors(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.severity == WARNING:
            warnings += 1
        else:
            errors += 1
    return errors, warnings


def format_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str = "text") -> str:
    """All diagnostics in one of the formats ``text``, ``github`` or ``json``."""
    items = sorted(diagnostics, key=Diagnostic.sort_key)
    if fmt == "json":
        return json.dumps([asdict(d) for d in items], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.format_github() for d in items)
    return "\n".join(d.format_text() for d in items)
