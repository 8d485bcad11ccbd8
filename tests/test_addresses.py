"""The published address: a placeholder (example.org) stops the public build, posters and the
offline package with a located E403 that names the setting; ``exemplar check`` warns (W609)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main
from generator.core.addresses import is_placeholder, placeholder_address, site_url_position

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
