"""``exemplar build`` and ``exemplar serve``: thin wrappers over the site engine — MkDocs, or
ProperDocs, its fork (:mod:`generator.cli.engine`) — run as a child process so that nothing
outside the plugin adapter imports it.

``exemplar build`` never writes into the published folder: MkDocs builds into a staging
folder beside it, and only a build that finished (exit 0, with an ``index.html``) replaces
the old site — see :mod:`generator.outputs.publish`. A failed, interrupted (Ctrl-C, SIGTERM, SIGHUP)
or killed build leaves the previous site complete and unchanged and its staging folder
removed; a staging folder left by an ``exemplar`` that was itself killed outright is removed
by the next build of the same folder.

Dates in the output come from the stories, never the clock: unless ``SOURCE_DATE_EPOCH``
is set, it is set to midnight UTC of the latest story date in the edition (else to the
commit time of HEAD), so MkDocs' build date, the sitemap's ``lastmod`` and the gzip header of
``sitemap.xml.gz`` are the same on every machine that builds the same stories.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from ...core.addresses import edition_site_url, placeholder_address
from ...core.archive import load_archive
from ...core.diagnostics import diag
from ...core.editions import Edition
from ...outputs import publish
from ..engine import EngineError, choose_engine
from ..settings import Settings

ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
GRACE_SECONDS = 10.0
"""How long an interrupted MkDocs may take to exit after SIGTERM before it is killed."""


def mkdocs_env(**extra: str) -> dict[str, str]:
    return {**os.environ, **ENV, **extra}


def register_build(sub: Any) -> None:
    parser = sub.add_parser("build", help="生成网站",
                            description="检查全部事迹稿并生成网站（严格模式：有警告也失败）。"
                                        "先生成到旁边的临时文件夹，成功后才替换原网站；失败或中断时原网站不变")
    parser.add_argument("--edition", choices=("internal", "public"), default="internal",
                        help="internal 内网版（默认）| public 公开版（不含内网稿件和隐去字段）")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="输出文件夹（默认 site/，公开版默认 site-public/；相对路径从当前目录算起）")
    parser.add_argument("--no-strict", action="store_true", help="有警告时也生成")
    parser.set_defaults(run=run_build)


def register_serve(sub: Any) -> None:
    parser = sub.add_parser("serve", help="本地预览（保存即刷新）", description="启动本地预览：修改事迹稿或词表后浏览器自动刷新；草稿也会显示")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址，默认 127.0.0.1:8000")
    parser.add_argument("--edition", choices=("internal", "public"), default="internal")
    parser.set_defaults(run=run_serve)


def default_site_dir(settings: Settings, edition: str) -> Path:
    """site/ (or mkdocs.yml's ``site_dir``) for the internal edition; the same name + ``-public`` beside it."""
    if edition == "public":
        return settings.site_dir.with_name(settings.site_dir.name + "-public")
    return settings.site_dir


def unsafe_target(target: Path, settings: Settings) -> str | None:
    """Why ``target`` must not be replaced by a build, in Chinese; None when it may.

    MkDocs checks its own ``site_dir`` against ``docs_dir``, but here it only ever sees the
    staging folder; the folder that gets replaced (and its old contents deleted) is checked here.
    """
    protected = [settings.root, settings.stories_dir]
    if settings.config_file:
        protected.append(settings.config_file)
    for path in protected:
        path = path.resolve()
        if target == path or target in path.parents:
            return f"输出文件夹 {target} 会覆盖档案本身（{path}），请换一个文件夹"
    if target == Path(target.anchor) or target == Path.home().resolve():
        return f"输出文件夹 {target} 不能是根目录或主目录"
    if target.exists() and not target.is_dir():
        return f"{target} 已存在且不是文件夹"
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        return (f"{target} 不是空文件夹，也不像是之前生成的网站（没有 index.html）；"
                "为免误删其中文件，请换一个输出文件夹或先自行清空")
    return None


def edition_problem(site: Path, edition: str, action: str, settings: Settings) -> str | None:
    """Why the built site ``site`` must not be used as ``edition`` (E308, in Chinese); None when it may.

    Every build records its edition (:data:`generator.outputs.publish.SITE_MARKER`); a folder
    without that record is refused too: nobody can tell which stories it holds.
    """
    found = publish.site_edition(site)
    if found == edition:
        return None
    shown = _shown(site, settings)
    wanted = Edition(edition).label
    what = Edition(found).label if found else "来历不明的文件夹（没有 exemplar 生成时写下的 " + publish.SITE_MARKER + "）"
    hint = (f"先运行 exemplar build --edition {edition} --site-dir 另一个文件夹 生成{wanted}，再{action}"
            if action != "的输出文件夹" else f"换一个输出文件夹（{wanted}默认是 {_shown(default_site_dir(settings, edition), settings)}），"
                                           f"或确认无误后先删除 {shown}")
    return diag(_shown(site / publish.SITE_MARKER, settings).rstrip("/"), 1, 0, "E308", site=shown, found=what, wanted=wanted,
                action=action, hint=hint).format_text()


def source_date_epoch(settings: Settings, edition: str) -> int | None:
    """The build's fixed date: the latest story date in the edition, else HEAD's commit time.

    Only stories the edition publishes count, so the public site's date never tells when an
    internal story was added.
    """
    archive = load_archive(settings.stories_dir, settings.vocab_file, settings.root)
    dates = [s.date for s in archive.stories
             if not s.is_draft and (edition == "internal" or not s.is_internal)]
    return publish.epoch_of_dates(dates) or publish.git_commit_epoch(settings.root)


class _Interrupts:
    """Turns SIGINT, SIGTERM and SIGHUP into a flag (and a SIGTERM to MkDocs).

    Nothing is raised at an arbitrary point, so cleanup and the final swap are never cut in
    half: the build loop looks at the flag once MkDocs has exited.
    """

    SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

    def __init__(self) -> None:
        self.signum: int | None = None
        self.child: subprocess.Popen[bytes] | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is None:
            self.signum = signum
        self.stop_child()

    def stop_child(self) -> None:
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()


def child_options() -> dict[str, Any]:
    """Keyword arguments for ``subprocess``: a child that is killed if exemplar dies (Linux's
    parent-death signal, set between fork and exec; ``prctl`` is looked up here, before the fork).

    Without it, an ``exemplar build`` killed outright leaves MkDocs writing into a staging folder
    that the next build is removing. Elsewhere nothing is done (the next build still cleans up).
    Only for children started from the main thread: the signal comes when the starting thread ends.
    """
    if not sys.platform.startswith("linux") or threading.current_thread() is not threading.main_thread():
        return {}
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return {}
    pr_set_pdeathsig = 1

    def die_with_parent() -> None:
        prctl(pr_set_pdeathsig, int(signal.SIGKILL))

    return {"preexec_fn": die_with_parent}


def _run_mkdocs(command: list[str], cwd: Path, env: dict[str, str], interrupts: _Interrupts) -> int:
    child = subprocess.Popen(command, cwd=cwd, env=env, **child_options())
    interrupts.child = child
    if interrupts.signum is not None:  # a signal came while the child was starting
        interrupts.stop_child()
    deadline: float | None = None
    while True:
        try:
            return child.wait(timeout=0.25)
        except subprocess.TimeoutExpired:
            if interrupts.signum is None:
                continue
            deadline = deadline or time.monotonic() + GRACE_SECONDS
            if time.monotonic() > deadline:
                child.kill()


def _shown(path: Path, settings: Settings) -> str:
    try:
        return path.relative_to(settings.root).as_posix() + "/"
    except ValueError:
        return str(path)


def placeholder_refused(settings: Settings, purpose: str, edition: str = "public", *, required: bool = True) -> bool:
    """Print a located E403 and return True when ``edition``'s published address is still a
    placeholder (or, ``required``, not set); the internal edition's own address
    (``EXEMPLAR_INTERNAL_SITE_URL``) is checked the same way when it is set."""
    text = settings.config_file.read_text(encoding="utf-8-sig") if settings.config_file else ""
    shown = _shown(settings.config_file, settings).rstrip("/") if settings.config_file else "mkdocs.yml"
    url, variable = edition_site_url(edition, settings.site_url, os.environ)
    problem = placeholder_address(url, shown, text, code="E403", purpose=purpose, required=required, variable=variable)
    if problem is not None:
        print(problem.format_text(), file=sys.stderr)
    return problem is not None


def run_build(args: argparse.Namespace, settings: Settings) -> int:
    if args.edition == "public" and placeholder_refused(settings, "公开版的 feed.xml、sitemap.xml 和海报二维码"):
        return 1
    if (args.edition == "internal" and edition_site_url("internal", "", os.environ)[0]
            and placeholder_refused(settings, "内网版的 feed.xml、sitemap.xml 和海报二维码", "internal")):
        return 1
    target = args.site_dir or default_site_dir(settings, args.edition)
    return build_site(settings, args.edition, target, strict=not args.no_strict)


def build_site(settings: Settings, edition: str, target: Path, *, strict: bool = True) -> int:
    """Build ``edition`` with MkDocs and put it in place of ``target`` only if the build succeeds.

    Prints progress and problems in Chinese; returns the exit status for the CLI (0 when the
    new site is in place). Other commands that need a built site call this too.
    """
    target = target.resolve()
    problem = unsafe_target(target, settings)
    if problem:
        print(f"exemplar：{problem}", file=sys.stderr)
        return 2
    if edition == "internal" and publish.site_edition(target) == "public":  # a public site is served publicly
        print(edition_problem(target, edition, "的输出文件夹", settings), file=sys.stderr)
        return 2
    try:
        engine = choose_engine()
    except EngineError as exc:
        print(f"exemplar：{exc}", file=sys.stderr)
        return 2
    label, shown = Edition(edition).label, _shown(target, settings)
    extra = {"EXEMPLAR_EDITION": edition}
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = source_date_epoch(settings, edition)
        if epoch is not None:
            extra["SOURCE_DATE_EPOCH"] = str(epoch)

    def waiting() -> None:
        print(f"exemplar：另一个生成任务正在写入 {_shown(target.parent, settings)}，等待它结束……", file=sys.stderr)

    started = time.monotonic()
    # Lock first: while waiting for it, Ctrl-C simply stops exemplar (nothing to clean yet).
    with publish.target_lock(target, on_wait=waiting) as locked, _Interrupts() as interrupts:
        if locked:
            for leftover in publish.remove_leftovers(target):
                print(f"exemplar：已删除上次中断留下的临时文件夹 {leftover.name}", file=sys.stderr)
        staging = publish.make_staging_dir(target)
        try:
            command = engine.command("build", "--site-dir", str(staging))
            # mkdocs.yml says strict: true; --no-strict must say so to MkDocs, not merely leave --strict out.
            command.append("--strict" if strict else "--no-strict")
            if settings.config_file:
                command += ["--config-file", str(settings.config_file)]
            code = _run_mkdocs(command, settings.root, mkdocs_env(**extra), interrupts)
            kept = "原有网站未改动" if target.exists() else "未生成网站"
            if interrupts.signum is not None:
                print(f"exemplar：已中断，{kept}（{shown}）", file=sys.stderr)
                return 128 + interrupts.signum
            if code != 0:
                how = f"{engine.label} 被信号 {-code} 终止" if code < 0 else f"{engine.label} 退出码 {code}"
                print(f"exemplar：生成{label}失败（{how}），{kept}（{shown}）", file=sys.stderr)
                return code if code > 0 else 1
            if not (staging / "index.html").is_file():
                print(f"exemplar：{engine.label} 没有生成首页 index.html，{kept}（{shown}）", file=sys.stderr)
                return 1
            try:
                publish.replace_tree(staging, target)
            except OSError as exc:  # e.g. Windows, while a program has a file of the old site open
                print(f"exemplar：无法替换 {shown}（{exc.strerror or exc}），{kept}；"
                      "请关闭正在使用其中文件的程序后重新生成", file=sys.stderr)
                return 1
        finally:
            publish.remove_tree(staging)
    files, size = publish.tree_size(target)
    print(f"已生成{label}：{shown}（{files} 个文件，{size / 1e6:.1f} MB，用时 {time.monotonic() - started:.1f} 秒）",
          file=sys.stderr)
    return 0


STOP_SECONDS = 1.5
"""How long the preview may take to stop after Ctrl+C before it is killed."""


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    """The preview (:mod:`generator.adapter.serve`): warnings never fatal, a broken save shown in the
    browser, Ctrl+C ends it within :data:`STOP_SECONDS` (then it is killed) in every state. It runs on
    the engine ``exemplar build`` would use (EXEMPLAR_ENGINE passed down to generator.adapter.engine)."""
    try:
        engine = choose_engine()
    except EngineError as exc:
        print(f"exemplar：{exc}", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "generator.adapter.serve", "--dev-addr", args.dev_addr]
    if settings.config_file:
        command += ["--config-file", str(settings.config_file)]
    child = subprocess.Popen(command, cwd=settings.root,
                             env=mkdocs_env(EXEMPLAR_EDITION=args.edition, EXEMPLAR_ENGINE=engine.module))
    try:
        return child.wait()
    except KeyboardInterrupt:  # the terminal sent SIGINT to both; forward it in case only we got it
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        print("exemplar：预览已停止", file=sys.stderr)
        return 130
