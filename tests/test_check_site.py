"""``exemplar check-site DIR`` on small hand-made site folders, and on a real build of the fixture archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main
from generator.outputs.site_check import check_site
from tests.archives import SAMPLE
from tests.sitebuild import build_site

MARKER = '{"generator": "exemplar", "edition": "internal"}\n'
PAGE = """<!doctype html>
<html><head>
<link rel="stylesheet" href="assets/site.css">
<link rel="canonical" href="https://bangyang.real.test/">
</head><body>
<a href="stories/one/">一</a>
<a href="https://www.news.cn/a.html">新华网</a>
<img src="images/a.png" srcset="images/a.png 1x, images/a.png 2x" alt="">
{extra}
</body></html>
"""


def make_site(root: Path, extra: str = "", *, marker: bool = True) -> Path:
    site = root / "site"
    (site / "assets").mkdir(parents=True)
    (site / "images").mkdir()
    (site / "stories" / "one").mkdir(parents=True)
    (site / "index.html").write_text(PAGE.format(extra=extra), encoding="utf-8")
    (site / "stories" / "one" / "index.html").write_text('<a href="../../">首页</a>', encoding="utf-8")
    (site / "assets" / "site.css").write_text("body { background: url(\"../images/a.png\") }\n", encoding="utf-8")
    (site / "images" / "a.png").write_bytes(b"\x89PNG")
    if marker:
        (site / "exemplar-site.json").write_text(MARKER, encoding="utf-8")
    return site


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def codes(site: Path) -> list[str]:
    return [d.code for d in check_site(site, shown="site").diagnostics]


def test_clean_site_passes_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path)
    status, out, err = run(capsys, "--root", str(tmp_path), "check-site", str(site))
    assert status == 0, out + err
    assert len(out.strip().splitlines()) == 1 and "检查通过" in out


def test_broken_link_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, '<a href="stories/two/">二</a>\n<img src="images/gone.jpg" alt="">')
    status, out, _err = run(capsys, "--root", str(tmp_path), "check-site", "site")
    assert status == 1
    assert "site/index.html:9:1: 错误 E406" in out and "stories/two/" in out
    assert "images/gone.jpg" in out
    assert codes(site) == ["E406", "E406"]


def test_broken_css_url(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "assets" / "site.css").write_text("a {}\nb { src: url(../fonts/x.woff2) }\n", encoding="utf-8")
    [found] = check_site(site, shown="site").diagnostics
    assert (found.code, found.path, found.line) == ("E406", "site/assets/site.css", 2)


def test_external_script_style_font_are_refused_but_plain_links_pass(tmp_path: Path) -> None:
    site = make_site(tmp_path, '<script src="https://cdn.jsdelivr.net/x.js"></script>\n'
                               '<link rel="stylesheet" href="//fonts.googleapis.com/css">\n'
                               '<iframe src="https://player.example.net/v"></iframe>')
    (site / "assets" / "site.css").write_text("@font-face { src: url(https://fonts.gstatic.com/a.woff2) }", encoding="utf-8")
    found = check_site(site, shown="site").diagnostics
    external = [d for d in found if d.code == "E412"]
    assert [d.path for d in external] == ["site/assets/site.css", "site/index.html", "site/index.html", "site/index.html"]
    assert "news.cn" not in "".join(d.message for d in found)  # the outbound <a href> is fine


def test_placeholder_address_anywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    (site / "sitemap.xml").write_text("<urlset>\n<url><loc>https://bangyang.example.org/stories/one/</loc></url>\n</urlset>\n",
                                      encoding="utf-8")
    status, out, _err = run(capsys, "--root", str(tmp_path), "check-site", "site")
    assert status == 1
    assert "site/sitemap.xml:2:11: 错误 E413" in out and "EXEMPLAR_SITE_URL" in out


def test_missing_edition_marker_and_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path, marker=False)
    assert codes(site) == ["E414"]
    status, _out, err = run(capsys, "--root", str(tmp_path), "check-site", str(tmp_path / "nowhere"))
    assert status == 1 and "Traceback" not in err


def test_real_build_of_the_fixture_archive_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    built = build_site(tmp_path / "site")
    assert built.returncode == 0, built.stderr
    status, out, err = run(capsys, "--root", str(SAMPLE), "check-site", str(tmp_path / "site"))
    assert status == 0, out + err
    (tmp_path / "site" / "exemplar-site.json").unlink()
    sorted((tmp_path / "site" / "stories").glob("*.html"))[0].unlink()  # every story is linked from its column
    status, out, _err = run(capsys, "--root", str(SAMPLE), "check-site", str(tmp_path / "site"))
    assert status == 1 and "E414" in out and "E406" in out
