"""``exemplar package``: the built site as one zip, for readers without a server (USB stick,
file share): unpack it anywhere and double-click 打开我.html (or index.html).

Inside the zip there is one top-level folder with an ASCII name (the archive's name in pinyin
and the edition: ``bang-yang-dang-an-internal/``), and in it the site, whose paths are ASCII
(pinyin slugs), plus ``打开我.html`` — the one Chinese file name, flagged as UTF-8 in the zip —
which opens ``index.html``. If an unzip tool mangles that name, index.html is right beside it.

The zip is reproducible: entries sorted, every time stamp the build's fixed date
(``SOURCE_DATE_EPOCH``, else midnight UTC of the newest story date in the edition, as for
``exemplar build``), fixed permissions; photos and films are stored, text deflated.

The site is built with MkDocs in a child process (``exemplar build``'s code), or an already
built site is packed with ``--site-dir``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from ...core.editions import Edition
from ...core.slugs import slugify
from ...core.vocab import load_vocabulary
from ...outputs.atomic import write_atomic
from ..settings import Settings
from . import build

OPEN_ME = "打开我.html"
ZIP_EPOCH_MIN = 315532800  # 1980-01-01: a zip cannot hold an earlier date
STORED = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".mp4", ".webm", ".ogv", ".m4v",
                    ".mp3", ".gz", ".zip", ".woff", ".woff2"})
"""Already compressed: stored as they are."""
DEFAULT_OUT = "dist"


def register(sub: Any) -> None:
    parser = sub.add_parser("package", help="把网站打包成一个 zip，供离线阅读",
                            description="生成网站并打包成一个 zip：解压后双击“打开我.html”即可离线阅读（无需网络和服务器）")
    parser.add_argument("--edition", choices=("internal", "public"), default="internal",
                        help="internal 内网版（默认）| public 公开版")
    parser.add_argument("--out", type=Path, default=None, help=f"zip 放在哪个文件夹（默认 {DEFAULT_OUT}/）")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="打包已经生成好的网站文件夹（不重新生成）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if build.placeholder_refused(settings, "离线包中的 feed.xml、sitemap.xml 和海报二维码", args.edition):
        return 1
    out = (args.out or settings.root / DEFAULT_OUT).resolve()
    epoch = _epoch(settings, args.edition)
    folder = package_folder(settings, args.edition)
    with tempfile.TemporaryDirectory(prefix="exemplar-package-") as tmp:
        site = args.site_dir.resolve() if args.site_dir else Path(tmp) / "site"
        if args.site_dir is None:
            code = build.build_site(settings, args.edition, site)
            if code != 0:
                return code
        elif not (site / "index.html").is_file():
            print(f"exemplar：{site} 里没有 index.html，不像是生成好的网站", file=sys.stderr)
            return 1
        problem = build.edition_problem(site, args.edition, "打包", settings)
        if problem:  # never a zip of the internal site labelled public (or of a folder nobody can vouch for)
            print(problem, file=sys.stderr)
            return 1
        day = time.strftime("%Y-%m-%d", time.gmtime(epoch))
        target = out / f"{folder}-{day}.zip"
        files, size, odd = write_package(site, target, folder, epoch, open_me(settings))
    for name in odd:
        print(f"exemplar：警告：文件名含非英文字符，个别解压工具可能显示乱码：{name}", file=sys.stderr)
    print(f"已打包{Edition(args.edition).label}：{target}（{files} 个文件，{size / 1e6:.1f} MB）；"
          f"解压后双击 {folder}/{OPEN_ME} 即可离线阅读", file=sys.stderr)
    return 0


def _epoch(settings: Settings, edition: str) -> int:
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return max(int(os.environ["SOURCE_DATE_EPOCH"]), ZIP_EPOCH_MIN)
    return max(build.source_date_epoch(settings, edition) or ZIP_EPOCH_MIN, ZIP_EPOCH_MIN)


def _archive_name(settings: Settings) -> str:
    vocab, _ = load_vocabulary(settings.vocab_file, settings.vocab_file.name)
    return vocab.archive_name if vocab else "exemplar-archive"


def package_folder(settings: Settings, edition: str) -> str:
    """The zip's top-level folder: ASCII, from the archive's name: ``bang-yang-dang-an-internal``."""
    return f"{slugify(_archive_name(settings)) or 'exemplar-archive'}-{edition}"


def open_me(settings: Settings) -> str:
    """打开我.html: opens index.html beside it (a link too, for browsers that ignore refresh)."""
    import jinja2  # loaded only by this command

    template = jinja2.Template((Path(__file__).parent.parent / "scaffold" / "open-me.html.j2").read_text(encoding="utf-8"),
                               autoescape=True, keep_trailing_newline=True)
    return str(template.render(name=_archive_name(settings)))


def write_package(site: Path, target: Path, folder: str, epoch: int, opener: str) -> tuple[int, int, list[str]]:
    """Write the zip (atomically); returns (files, bytes of the zip, names that are not ASCII)."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.name != OPEN_ME)
    odd = [f for f in files if not f.isascii()]

    def write(temp: Path) -> None:
        with zipfile.ZipFile(temp, "w") as zf:
            zf.writestr(_entry(f"{folder}/", stamp, directory=True), b"")
            zf.writestr(_entry(f"{folder}/{OPEN_ME}", stamp), opener.encode("utf-8"), compresslevel=9)
            for rel in files:
                zf.writestr(_entry(f"{folder}/{rel}", stamp), (site / rel).read_bytes(), compresslevel=9)

    write_atomic(target, write, make_folders=True)
    return len(files) + 1, target.stat().st_size, odd


def _entry(name: str, stamp: tuple[int, ...], directory: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    info.create_system = 3  # unix, so that the permissions below are read
    info.external_attr = ((0o40755 if directory else 0o100644) << 16) | (0x10 if directory else 0)
    stored = directory or Path(name).suffix.lower() in STORED
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info
