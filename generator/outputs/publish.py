"""Publishing a built site without ever leaving a half-written one: plain file operations, no MkDocs.

A build goes into a fresh folder beside its target (same parent, so the same file system),
and only a finished build replaces the target:

    with target_lock(target):
        remove_leftovers(target)      # from a build that was killed outright
        staging = make_staging_dir(target)
        ... build into staging ...
        replace_tree(staging, target) # or remove_tree(staging) on failure

On Linux the replacement is one ``renameat2(RENAME_EXCHANGE)``, so a web server reading the
target sees the old tree or the new one and never a missing folder; elsewhere it is two
renames with the old tree restored if the second fails.

``tree_digests`` and ``diff_trees`` compare two builds file by file (reproducibility).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .atomic import write_atomic

STAGING = "tmp"
BACKUP = "old"


def _sibling(target: Path, role: str) -> Path:
    return target.with_name(f".{target.name}-{role}-{secrets.token_hex(4)}")


def _leftover_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}-({STAGING}|{BACKUP})-[0-9a-f]{{8}}")


def make_staging_dir(target: Path) -> Path:
    """A new empty folder ``.<name>-tmp-XXXXXXXX`` beside ``target``.

    Made with ``mkdir`` (not ``mkdtemp``) so its permissions follow the umask like any
    folder: a 0700 site would be unreadable to the web server once swapped in.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        staging = _sibling(target, STAGING)
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        return staging


def find_leftovers(target: Path) -> list[Path]:
    """Staging and backup folders of ``target`` left by a build that was killed outright."""
    if not target.parent.is_dir():
        return []
    pattern = _leftover_pattern(target)
    return sorted(p for p in target.parent.iterdir() if pattern.fullmatch(p.name))


def remove_leftovers(target: Path) -> list[Path]:
    """Remove :func:`find_leftovers`; call it only while holding :func:`target_lock`."""
    found = find_leftovers(target)
    for path in found:
        remove_tree(path)
    return found


def _clear_readonly(function: object, path: str, _exc: object) -> None:
    # Windows refuses to delete read-only files; make them writable and try once more.
    os.chmod(path, stat.S_IWRITE)
    if os.path.isdir(path):
        os.rmdir(path)
    else:
        os.unlink(path)


def remove_tree(path: Path) -> None:
    """Delete a folder and everything in it; a missing folder is fine."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=_clear_readonly)
        else:
            shutil.rmtree(path, onerror=_clear_readonly)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux's ``renameat2``; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no libc symbol: musl before 1.2.5, old glibc
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system says no
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def replace_tree(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` in place of ``target`` and delete the old tree.

    ``new`` must be a sibling of ``target``. If this raises, ``target`` is as it was
    (the caller still owns ``new``). A failure to delete the old tree afterwards is not
    an error: the new site is already published, and the next build removes the rest.
    """
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    if _exchange(new, target):
        old = new
    else:
        old = _sibling(target, BACKUP)
        os.rename(target, old)
        try:
            os.rename(new, target)
        except BaseException:
            os.rename(old, target)
            raise
    with contextlib.suppress(OSError):
        remove_tree(old)


@contextlib.contextmanager
def target_lock(target: Path, on_wait: Callable[[], None] | None = None) -> Iterator[bool]:
    """Hold an exclusive lock on ``target``'s parent folder for one build.

    Yields True when locked (POSIX ``flock`` on the folder itself, so no lock file is left
    behind), False where locking is unavailable; callers then must not remove leftovers,
    which might belong to a build running beside them. While another build holds the lock,
    calls ``on_wait`` once and blocks.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield False
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def tree_digests(root: Path) -> dict[str, str]:
    """Every file under ``root`` (POSIX relative path) → SHA-256 of its bytes, sorted by path."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            out[path.relative_to(root).as_posix()] = digest.hexdigest()
    return dict(sorted(out.items()))


def tree_digest(root: Path) -> str:
    """One SHA-256 over every file's path and bytes: equal exactly when the trees are."""
    digest = hashlib.sha256()
    for path, file_digest in tree_digests(root).items():
        digest.update(f"{path}\0{file_digest}\n".encode())
    return digest.hexdigest()


def diff_trees(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two trees (missing on one side, or other bytes)."""
    left, right = tree_digests(a), tree_digests(b)
    return sorted(p for p in left.keys() | right.keys() if left.get(p) != right.get(p))


def tree_size(root: Path) -> tuple[int, int]:
    """(number of files, total bytes) under ``root``."""
    count = size = 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            count += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return count, size


def epoch_of_dates(dates: Iterable[dt.date]) -> int | None:
    """Midnight UTC of the latest date, as a Unix time; None for no dates."""
    latest = max(dates, default=None)
    if latest is None:
        return None
    return int(dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp())


def git_commit_epoch(root: Path) -> int | None:
    """The commit time of HEAD in the git work tree holding ``root``; None outside git."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, encoding="utf-8", check=False,
        )
    except OSError:  # no git installed
        return None
    text = result.stdout.strip()
    return int(text) if result.returncode == 0 and text.isdigit() else None


SITE_MARKER = "exemplar-site.json"
"""Written into every built site: which edition it is, so that no step can take one edition for the other."""


def write_site_marker(site_dir: Path, edition: str) -> None:
    """Record the site's edition (the same bytes for the same edition: builds stay reproducible)."""
    text = json.dumps({"generator": "exemplar", "edition": edition}, ensure_ascii=False) + "\n"
    write_atomic(site_dir / SITE_MARKER, text)


def site_edition(site_dir: Path) -> str | None:
    """The edition a built site records; None for a folder without a readable record."""
    try:
        with open(site_dir / SITE_MARKER, "rb") as file:
            data = json.loads(file.read(4096))
    except (OSError, ValueError):
        return None
    edition = data.get("edition") if isinstance(data, dict) else None
    return edition if edition in ("internal", "public") else None
