"""The one way files are written where someone may read them: never half a file.

:func:`write_atomic` writes a temporary file beside the target (same folder, so the same file
system) and moves it into place with ``os.replace``; a reader — the preview's browser, a web
server, a spreadsheet program, the next build reading the image cache — sees the old file or
the new one. A write that fails or is interrupted removes its temporary file and leaves the old
one as it was. Whole sites are replaced by :mod:`generator.outputs.publish`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()
"""What a plain ``open(path, "w")`` would give (mkstemp's files are private; ours are not)."""


def write_atomic(path: Path, content: bytes | str | Callable[[Path], None], *, make_folders: bool = False,
                 replace: bool = True) -> None:
    """Put ``content`` at ``path`` at once: bytes, text (UTF-8, ``\\n`` line ends), or a function
    that writes the temporary file it is given (a zip, a spreadsheet, Chromium's PDF).
    ``make_folders``: create missing folders (the site's, the cache's); else a missing folder is
    the caller's ``FileNotFoundError`` (an editor's mistyped export path). ``replace=False``: never
    over an existing file (``FileExistsError``, nothing written): the temporary file is linked into
    place, and a link fails if the name is taken."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if make_folders:
        folder.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(content, str):
                out.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                out.write(content)
        if callable(content):
            content(temp)
        os.chmod(temp, FILE_MODE)
        if replace:
            os.replace(temp, path)
        else:
            _place_new(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _place_new(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network and FAT drives): create-exclusive instead
        with open(path, "xb") as out:
            out.write(temp.read_bytes())
    temp.unlink()
