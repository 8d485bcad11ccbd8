"""``exemplar serve``'s server: MkDocs' live-reload preview that never blocks.

``mkdocs serve`` stops answering when a rebuild fails ("the server will appear stuck until
build errors are resolved"): every request waits for a build that never comes, and with
``strict: true`` a mere warning (a new draft without a summary) is such a failure. Here:

- warnings never fail the preview (``strict`` is off; they are logged, ``exemplar check`` and
  the strict build list them);
- when a save makes the archive invalid, every page request is answered at once with an error
  page in Chinese (``theme_overrides/ex-preview-error.html``) listing each located problem; the
  page reloads itself when a save fixes the archive, and links to the last good site, which
  stays browsable under :data:`LAST_GOOD`;
- a request waits at most :data:`MAX_WAIT` seconds for a rebuild in progress;
- Ctrl+C (SIGINT) or SIGTERM ends the preview within a second or two, in every state.

Run by ``exemplar serve`` as ``python -m generator.adapter.serve`` (the CLI never imports MkDocs).
"""

from __future__ import annotations

import argparse
import logging
import os
import posixpath
import re
import shutil
import signal
import sys
import tempfile
import threading
import urllib.parse
import wsgiref.util
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from .engine import ENGINE  # first: under ProperDocs it makes the mkdocs.* imports below load properdocs.*
from mkdocs.commands.build import build  # noqa: E402,I001
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url

from ..core.diagnostics import Diagnostic
from ..core.messages import SEVERITY_LABELS

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.exemplar.serve")

LAST_GOOD = "/_exemplar/last-good/"
"""Where the last site that built stays browsable while the archive has errors."""
MAX_WAIT = 0.8
"""Seconds a page request waits for a rebuild in progress before it is answered with what is on disk."""
ERROR_TEMPLATE = "ex-preview-error.html"


class Problems:
    """Why the last rebuild failed (None while the site is good), as the error page shows it."""

    def __init__(self) -> None:
        self.page: bytes | None = None

    @property
    def broken(self) -> bool:
        return self.page is not None


def error_page(template_dirs: Sequence[str], site_name: str, colors: Any, diagnostics: Iterable[Diagnostic],
               other: str, last_good: bool) -> bytes:
    """The error page's HTML (``theme_overrides/ex-preview-error.html``), errors first."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(list(template_dirs)), autoescape=True)
    problems = [{
        "where": f"{d.path}:{d.line}" + (f":{d.col}" if d.col else ""),
        "severity": SEVERITY_LABELS[d.severity], "error": d.is_error, "code": d.code,
        "field": d.field, "message": d.message, "hint": d.hint,
    } for d in sorted(diagnostics, key=lambda d: (not d.is_error, *d.sort_key()))]
    html = env.get_template(ERROR_TEMPLATE).render(
        site_name=site_name, colors=colors if isinstance(colors, dict) else {}, problems=problems, other=other,
        last_good=LAST_GOOD if last_good else None,
    )
    return html.encode("utf-8")


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, answering at once while the archive is broken."""

    def __init__(self, *args: Any, problems: Problems, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems = problems

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            return super()._serve_request(environ, start_response)  # the browser's long poll
        last_good = path.startswith(LAST_GOOD)
        if last_good:
            path = "/" + path[len(LAST_GOOD):]
        if not (path + "/").startswith(self.mount_path):
            if path == "/":
                start_response("302 Found", [("Location", urllib.parse.quote(self.mount_path))])
                return []
            return None
        rel = path[len(self.mount_path):]
        if path.endswith("/"):
            rel += "index.html"
        rel = posixpath.normpath("/" + rel).lstrip("/")
        with self._epoch_cond:  # a rebuild in progress: wait a little, never long
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch, timeout=MAX_WAIT)
            epoch = self._visible_epoch
        page = self.problems.page
        if page is not None and not last_good and (rel.endswith(".html") or path.endswith("/")):
            return self._html(start_response, page, epoch, "500 Internal Server Error")
        file_path = os.path.join(self.root, rel)
        try:
            file = open(file_path, "rb")  # noqa: SIM115 - handed to the WSGI server, which closes it
        except OSError:
            if not path.endswith("/") and os.path.isfile(os.path.join(file_path, "index.html")):
                start_response("302 Found", [("Location", urllib.parse.quote(environ["PATH_INFO"]) + "/")])
                return []
            return None
        if file_path.endswith(".html"):
            with file:
                return self._html(start_response, file.read(), epoch, "200 OK")
        start_response("200 OK", [("Content-Type", self._guess_type(file_path)),  # type: ignore[no-untyped-call]
                                  ("Content-Length", str(os.path.getsize(file_path)))])
        return wsgiref.util.FileWrapper(file)

    def _html(self, start_response: Any, content: bytes, epoch: int, status: str) -> list[bytes]:
        if self._watched_paths:
            content = self._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        start_response(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content))),
                                ("Cache-Control", "no-store")])
        return [content]


def _plugin_diagnostics(config: MkDocsConfig | None) -> tuple[Diagnostic, ...]:
    plugin = config.plugins.get("exemplar") if config is not None else None
    return tuple(getattr(plugin, "problems", ()))


def serve(config_file: str | None, dev_addr: str | None) -> int:
    """Build, then serve and rebuild on every save until Ctrl+C; 0 when stopped."""
    site_dir = tempfile.mkdtemp(prefix="exemplar_preview_")
    problems = Problems()
    options: dict[str, Any] = {"strict": False, "site_dir": site_dir}
    if dev_addr:
        options["dev_addr"] = dev_addr

    def get_config() -> MkDocsConfig:
        return load_config(config_file=config_file, **options)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urllib.parse.urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)
    template_dirs = [d for d in config.theme.dirs if d]
    site_name, colors = config.site_name, config.extra.get("colors")
    built_once = threading.Event()

    def builder(given: MkDocsConfig | None = None) -> None:
        log.info("Building documentation...")
        current: MkDocsConfig | None = given
        try:
            if current is None:
                current = get_config()
                current.site_url = serve_url
            build(current, serve_url=serve_url, dirty=True)
        except (Exception, SystemExit) as exc:  # Ctrl+C (KeyboardInterrupt) goes through
            found = _plugin_diagnostics(current)
            if not any(d.is_error for d in found):  # not the stories: mkdocs.yml, a template, …
                found = ()
            other = "" if found else _plain(exc)
            log.error(f"网站未能更新：{other or f'{sum(d.is_error for d in found)} 个错误'}；浏览器中显示错误清单，修正并保存后自动恢复")
            problems.page = error_page(template_dirs, site_name, colors, found, other, built_once.is_set())
            return  # not raised: the browsers reload, to the error page
        problems.page = None
        built_once.set()

    server = PreviewServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path,
                           problems=problems)
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        served = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            served.watch(item)
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the cleanup short
            log.info("预览已停止")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _plain(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return re.sub(r"\s+\n", "\n", text)


def _terminate(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the preview as Ctrl+C does


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="exemplar serve")
    parser.add_argument("--config-file", default=None)
    parser.add_argument("--dev-addr", default=None)
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in sorted({"mkdocs", ENGINE}):  # as the mkdocs command sets it up (ProperDocs logs as "properdocs")
        engine_log = logging.getLogger(name)
        engine_log.addHandler(handler)
        engine_log.setLevel(logging.INFO)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return serve(args.config_file, args.dev_addr)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    status = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is cleaned up: skip the interpreter's teardown of the preview's many objects
    # (over a second at 1,000 stories), so that Ctrl+C ends the preview at once.
    os._exit(status)


