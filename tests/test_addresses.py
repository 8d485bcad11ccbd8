"""The published address: a placeholder (example.org) stops the public build, posters and the
offline package with a located E403 that names the setting; ``exemplar check`` warns (W609)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main
from generator.core.addresses import edition_site_url, is_placeholder, placeholder_address, site_url_position

CONFIG = 'site_name: 测试档案\ndocs_dir: stories\nsite_url: !ENV [EXEMPLAR_SITE_URL, "https://bangyang.example.org/"]\n'


@pytest.mark.parametrize(("url", "placeholder"), [
    ("https://bangyang.example.org/", True), ("https://example.com/a/", True), ("http://x.invalid/", True),
    ("https://bangyang.sgcc.com.cn/", False), ("http://10.1.2.3/bangyang/", False), ("", False),
    ("https://example.org.cn/", False),
])
def test_placeholder_addresses(url: str, placeholder: bool) -> None:
    assert is_placeholder(url) is placeholder


def test_the_diagnostic_points_at_site_url_in_mkdocs_yml() -> None:
    assert site_url_position(CONFIG) == (3, 11)
    problem = placeholder_address("https://bangyang.example.org/", "mkdocs.yml", CONFIG, code="E403", purpose="海报上的二维码")
    assert problem is not None
    assert problem.format_text().startswith("mkdocs.yml:3:11: 错误 E403 site_url：网站地址 site_url 是示例地址")
    assert "EXEMPLAR_SITE_URL" in problem.hint and "README.md" in problem.hint
    assert placeholder_address("https://bangyang.sgcc.com.cn/", "mkdocs.yml", CONFIG, code="E403", purpose="x") is None


@pytest.fixture
def placeholder_archive(tiny_archive, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("EXEMPLAR_SITE_URL", raising=False)
    monkeypatch.delenv("EXEMPLAR_INTERNAL_SITE_URL", raising=False)
    tiny_archive.write("mkdocs.yml", CONFIG)
    tiny_archive.add_good_story()
    return tiny_archive


@pytest.mark.parametrize("command", [
    ["build", "--edition", "public"],
    ["posters", "--out", "海报"],
    ["package", "--out", "发布"],
])
def test_publishing_with_the_placeholder_is_a_located_error(placeholder_archive, command: list[str],  # type: ignore[no-untyped-def]
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(placeholder_archive.root), *command]) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml:3:11: 错误 E403 site_url" in err and "EXEMPLAR_SITE_URL" in err
    assert not (placeholder_archive.root / "site-public").exists() and not (placeholder_archive.root / "发布").exists()


def test_check_warns_and_strict_check_fails(placeholder_archive, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["--root", str(placeholder_archive.root), "check"]) == 0
    assert "mkdocs.yml:3:11: 警告 W609 site_url" in capsys.readouterr().out
    assert main(["--root", str(placeholder_archive.root), "check", "--strict"]) == 1


def test_the_ci_variable_replaces_the_placeholder(placeholder_archive, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXEMPLAR_SITE_URL", "https://bangyang.sgcc.com.cn/")
    assert main(["--root", str(placeholder_archive.root), "check", "--strict"]) == 0
    assert "W609" not in capsys.readouterr().out


def test_the_shipped_configuration_reads_the_ci_variable() -> None:
    text = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_url: !ENV [EXEMPLAR_SITE_URL, "https://bangyang.example.org/"]' in text


def test_an_empty_ci_variable_is_no_address_and_stops_the_public_build(placeholder_archive,  # type: ignore[no-untyped-def]
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXEMPLAR_SITE_URL", "")  # a CI variable that was never set: MkDocs reads null
    assert main(["--root", str(placeholder_archive.root), "build", "--edition", "public"]) == 1
    assert "E403 site_url：网站地址 site_url 没有设置" in capsys.readouterr().err


# --- the internal edition's own address (EXEMPLAR_INTERNAL_SITE_URL) -----------------------

def test_the_internal_edition_takes_its_own_address_when_set() -> None:
    public = "https://bangyang.sgcc.com.cn/"
    own = {"EXEMPLAR_INTERNAL_SITE_URL": "http://bangyang.intra.sgcc"}
    assert edition_site_url("internal", public, own) == ("http://bangyang.intra.sgcc/", "EXEMPLAR_INTERNAL_SITE_URL")
    assert edition_site_url("public", public, own) == (public, "EXEMPLAR_SITE_URL")
    assert edition_site_url("internal", public, {"EXEMPLAR_INTERNAL_SITE_URL": ""}) == (public, "EXEMPLAR_SITE_URL")


@pytest.mark.parametrize("command", [["build"], ["posters", "--out", "海报"], ["package", "--out", "发布"]])
def test_a_placeholder_internal_address_is_a_located_error_naming_its_variable(
        placeholder_archive, monkeypatch: pytest.MonkeyPatch, command: list[str],  # type: ignore[no-untyped-def]
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXEMPLAR_SITE_URL", "https://bangyang.sgcc.com.cn/")
    monkeypatch.setenv("EXEMPLAR_INTERNAL_SITE_URL", "http://intranet.example/")
    assert main(["--root", str(placeholder_archive.root), *command]) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml:3:11: 错误 E403" in err and "EXEMPLAR_INTERNAL_SITE_URL" in err
    assert not (placeholder_archive.root / "site").exists()


def test_the_internal_build_publishes_its_own_address(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.archives import SAMPLE
    from tests.sitebuild import build_site

    built = build_site(tmp_path / "site", extra_env={"EXEMPLAR_INTERNAL_SITE_URL": "http://bangyang.intra.test/archive"})
    assert built.returncode == 0, built.stderr
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "http://bangyang.intra.test/archive/" in sitemap and "bangyang.fixture.test" not in sitemap

    def check_site_with_internal_address(address: str) -> int:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("EXEMPLAR_INTERNAL_SITE_URL", address)
            return main(["--root", str(SAMPLE), "check-site", str(tmp_path / "site")])

    assert check_site_with_internal_address("http://bangyang.intra.test/archive/") == 0, capsys.readouterr()
    assert check_site_with_internal_address("http://bangyang.intra.test/") == 1  # 404.html's links start with /archive/
    assert "404.html" in capsys.readouterr().out
