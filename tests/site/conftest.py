"""Rendered-page tests: the sample archive built once per session by a real ``mkdocs build --strict``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site") / "internal"
    result = build_site(dest, "internal")
    assert result.returncode == 0, result.stderr[-4000:]
    return dest


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site") / "public"
    result = build_site(dest, "public")
    assert result.returncode == 0, result.stderr[-4000:]
    return dest
