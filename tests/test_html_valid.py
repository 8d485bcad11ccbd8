"""The Nu Html Checker (vnu.jar, run with Debian's Java) over every page of the built sample site:
no error from the archive's own templates.

vnu.jar comes from the npm package ``vnu-jar``, installed by ``bash scripts/dev.sh test`` into a cache
folder outside the repository (``EXEMPLAR_VNU_JAR`` names another copy); nothing is fetched here.
mkdocs-material's own markup has errors the archive does not own; each is listed in
:data:`MATERIAL_ERRORS` with the reason, matched on its message and the markup it quotes, so an error of
the same kind in one of our templates still fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.sitebuild import build_site

DEFAULT_JAR = Path.home() / ".cache" / "exemplar-vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

MATERIAL_ERRORS: tuple[tuple[str, str], ...] = (
    # material's base.html: the drawer and search toggles are checkboxes with autocomplete="off" (so that
    # Firefox does not restore them open); HTML allows autocomplete on text-like inputs only.
    ("Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"'),
    # material's partials/toc.html: the table of contents' title is a label for the __toc toggle, which
    # base.html only writes when the page has a table of contents.
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
     r'for="__toc"'),
)


def jar() -> Path:
    path = Path(os.environ.get("EXEMPLAR_VNU_JAR") or DEFAULT_JAR)
    if not path.is_file() or not shutil.which("java"):
        pytest.fail(f"vnu.jar ({path}) or java is missing: run the README's test command (bash scripts/dev.sh test)")
    return path


def material_own(message: dict[str, str]) -> bool:
    return any(message.get("message", "").startswith(text) and re.search(markup, message.get("extract", ""))
               for text, markup in MATERIAL_ERRORS)


def test_no_html_error_from_our_templates(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build_site(site, "internal")  # every template; the public edition shows less with the same ones
    assert result.returncode == 0, result.stderr[-4000:]
    run = subprocess.run(["java", "-Xss2m", "-jar", str(jar()), "--format", "json", "--errors-only", "--skip-non-html",
                          str(site)], capture_output=True, text=True, encoding="utf-8", timeout=600)
    messages = json.loads(run.stderr or "{}").get("messages", [])
    assert messages or run.returncode == 0, run.stderr[-2000:]
    ours = [f"{m.get('url', '').removeprefix(site.as_uri())}:{m.get('lastLine')}: {m.get('message')} | {m.get('extract', '').strip()}"
            for m in messages if m.get("type") == "error" and not material_own(m)]
    assert ours == [], "\n".join(ours[:20])


def test_the_allowance_for_material_does_not_hide_our_errors() -> None:
    assert material_own({"message": "Attribute “autocomplete” is only allowed when the input type is …",
                         "extract": '<input class="md-toggle" type="checkbox" autocomplete="off">'})
    assert not material_own({"message": "Attribute “autocomplete” is only allowed when the input type is …",
                             "extract": '<input class="ex-size" type="radio" autocomplete="off">'})
