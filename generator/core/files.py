"""The files of a stories folder, and reading them without ever leaving it.

Only plain files inside the stories folder are part of the archive. A symbolic link is a
pointer the build would otherwise follow anywhere (``media/a.jpg → /proc/self/environ``
publishes the build's environment), so:

- :func:`scan_files` walks the folder without following links (``lstat``) and lists the
  files a story may use; a link to a plain file inside the folder is one of them (it is read
  and published from its real path), a link that leaves the folder, a link to a folder (MkDocs
  would walk it, loops and all) and anything that is not a plain file (a pipe, a device) are
  refused with a located error naming the link — never with anything read through it;
- :func:`read_inside` reads one of them: the real path is resolved and must stay inside, and
  the file is opened with ``O_NOFOLLOW`` (and ``O_NONBLOCK``: a pipe never stalls a build),
  then checked to be a plain file before a byte is read.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, diag

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class OutsideError(OSError):
    """A path that leaves the stories folder, or is not a plain file; the message is Chinese."""


@dataclass(frozen=True, slots=True)
class Scan:
    """What :func:`scan_files` found: the usable files and every refused entry."""

    files: frozenset[str]
    refused: tuple[Diagnostic, ...] = ()
    refused_paths: frozenset[str] = field(default_factory=frozenset)


def is_inside(path: str, folder: str) -> bool:
    """Whether the real path ``path`` is ``folder`` or below it (both already resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def scan_files(stories_dir: Path, shown_prefix: str = "") -> Scan:
    """Every usable file under ``stories_dir`` (POSIX paths relative to it), never following a link.

    ``shown_prefix`` is put before a relative path in diagnostics (``stories/``).
    Hidden files and folders (``.git``) are skipped, as before.
    """
    top = os.path.realpath(stories_dir)
    files: set[str] = set()
    refused: list[Diagnostic] = []
    refused_paths: set[str] = set()
    stack = [("", top)]
    while stack:
        rel_dir, real_dir = stack.pop()
        try:
            entries = sorted(os.scandir(real_dir), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}{entry.name}"
            try:
                if entry.is_symlink():
                    problem = _link_problem(entry.path, top)
                    if problem is None:
                        files.add(rel)
                        continue
                    refused_paths.add(rel)
                    refused.append(diag(shown_prefix + rel, 1, 0, problem[0], value=rel, where=problem[1]))
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.add(rel)
                else:
                    refused_paths.add(rel)
                    refused.append(diag(shown_prefix + rel, 1, 0, "E307", value=rel, what=_kind(entry.path)))
            except OSError:
                continue
    return Scan(frozenset(files), tuple(sorted(refused, key=Diagnostic.sort_key)), frozenset(refused_paths))


def _link_problem(path: str, top: str) -> tuple[str, str] | None:
    """None for a link to a plain file inside ``top``; else (code, what it points at, in Chinese)."""
    real = os.path.realpath(path)
    if not is_inside(real, top):
        return "E306", "档案之外"
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return "E306", "不存在的文件"
    if stat.S_ISDIR(mode):
        return "E306", "一个文件夹"
    if not stat.S_ISREG(mode):
        return "E306", "一个特殊文件"
    return None


def _kind(path: str) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "无法读取的文件"
    if stat.S_ISFIFO(mode):
        return "管道"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def real_inside(stories_dir: Path | str, rel: str) -> str:
    """The real path of ``rel`` (relative to the stories folder); raises :class:`OutsideError` if it leaves."""
    top = os.path.realpath(stories_dir)
    real = os.path.realpath(os.path.join(top, rel))
    if not is_inside(real, top) or real == top:
        raise OutsideError(f"「{rel}」指向档案之外")
    return real


def open_plain(path: str | Path) -> int:
    """A file descriptor for a plain file, opened without following a last-component link
    and without blocking on a pipe; raises :class:`OSError` otherwise."""
    fd = os.open(path, os.O_RDONLY | NOFOLLOW | NONBLOCK | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OutsideError(f"「{os.path.basename(path)}」不是普通文件")
        if NONBLOCK and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_inside(stories_dir: Path | str, rel: str, limit: int | None = None) -> bytes:
    """The bytes of a plain file inside the stories folder (``rel`` relative to it).

    Raises :class:`OutsideError` for a path that leaves the folder or is not a plain file,
    :class:`OSError` for one that cannot be read, and :class:`OutsideError` when the file is
    larger than ``limit``.
    """
    fd = open_plain(real_inside(stories_dir, rel))
    with os.fdopen(fd, "rb") as file:
        if limit is not None and os.fstat(file.fileno()).st_size > limit:
            raise OutsideError(f"「{rel}」过大")
        return file.read()


def os_problem(exc: OSError) -> str:
    """A failed file operation, in Chinese, without a traceback (E309 for a full disk or a read-only place)."""
    target = exc.filename2 or exc.filename  # a copy's source is filename, what it writes filename2
    where = f"（{target}）" if target else ""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"错误 E309 磁盘空间不足，无法写入{where}；原有文件未改动，清理磁盘后重试"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"错误 E309 没有写入权限或磁盘只读，无法写入{where}；原有文件未改动"
    return f"文件操作失败：{exc.strerror or exc}{where}"
