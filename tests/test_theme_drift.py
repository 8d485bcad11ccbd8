"""Templates copied from mkdocs-material and changed here must be re-checked when material changes.

theme_overrides/ replaces a few of material's templates by name. Two are copies of material's
own with our changes (header.html, search.html): if material's original changes in an
upgrade, our copy silently keeps the old markup. So the originals' SHA-256 at the version the
lock file pins is recorded here; when the installed original differs, this test fails and says
what to re-check. Every template of ours that shadows one of material's is listed, as a copy or
as our own, so that a new copy cannot slip in unrecorded.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import material

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "theme_overrides"
THEIRS = Path(material.__file__).resolve().parent / "templates"
PINNED = re.search(r"^mkdocs-material==(\S+)", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)

COPIES: dict[str, tuple[str, str]] = {
    "partials/header.html": (
        "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
        "copy material's header.html again and repeat the changes marked 'exemplar' (our search button "
        "and dialog always there; the tools after the title inside ex_fragment('header-tools', …))"),
    "partials/search.html": (
        "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
        "compare material's search.html with ours: keep its classes and structure (material's CSS styles "
        "them), keep our data-ex-* attributes, no data-md-component and no form named 'search'"),
}
OWN = {
    "main.html": "our base: extends material's base.html and fills its blocks",
    "404.html": "a self-contained page of our own",
    "partials/logo.html": "our mark inline, so that it takes the header's colour (material's is an <img alt=logo>)",
    "partials/javascripts/base.html": "material's script from a file (assets/exemplar/ex-md-base.js, compared below)",
}

# Scripts that material writes inline on every page and that the archive loads from one file instead:
# (material's template, our file, what ours writes differently). The template's script must still be
# the file's, so that an upgrade that changes it fails here.
MOVED_SCRIPTS = [
    ("partials/javascripts/base.html", "assets/exemplar/ex-md-base.js",
     {'new URL("{{ config.extra.scope | d(base_url) }}",location)': 'new URL("../..",document.currentScript.src)'}),
    ("partials/javascripts/palette.html", "assets/exemplar/ex-md-palette.js", {}),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_lock_pins_the_installed_material() -> None:
    assert PINNED is not None, "requirements.lock pins no mkdocs-material version"
    assert version("mkdocs-material") == PINNED.group(1), (
        f"mkdocs-material {version('mkdocs-material')} is installed, the lock pins {PINNED.group(1)}: "
        "run bash scripts/dev.sh setup")


def test_copied_templates_match_the_originals_they_were_copied_from() -> None:
    changed = []
    for name, (recorded, recheck) in COPIES.items():
        original = THEIRS / name
        found = sha256(original) if original.is_file() else "(gone)"
        if found != recorded:
            changed.append(f"theme_overrides/{name}: mkdocs-material {version('mkdocs-material')}'s {name} "
                           f"changed ({found[:12]}, recorded {recorded[:12]}); {recheck}; then record its new "
                           "SHA-256 in tests/test_theme_drift.py")
    assert not changed, "\n".join(changed)


def test_every_template_that_shadows_material_is_accounted_for() -> None:
    shadowing = sorted(p.relative_to(OURS).as_posix() for p in OURS.rglob("*")
                       if p.is_file() and (THEIRS / p.relative_to(OURS)).is_file())
    assert shadowing == sorted([*COPIES, *OWN]), (
        "a template in theme_overrides/ replaces one of material's: list it in tests/test_theme_drift.py, "
        "in COPIES with its original's SHA-256 if it is a copy, else in OWN")


def test_each_copy_names_the_material_version_it_was_copied_from() -> None:
    assert PINNED is not None
    header = (OURS / "partials/header.html").read_text(encoding="utf-8")
    assert f"mkdocs-material {PINNED.group(1)}'s partials/header.html" in header


def test_scripts_moved_to_files_are_still_materials() -> None:
    stale = []
    for template, ours, changes in MOVED_SCRIPTS:
        original = (THEIRS / template).read_text(encoding="utf-8")
        script = re.search(r"<script>(.*?)</script>", original, re.S)
        assert script is not None, f"mkdocs-material's {template} has no inline script any more: see {ours}"
        expected = script.group(1)
        for theirs, mine in changes.items():
            assert theirs in expected, f"mkdocs-material's {template} no longer writes {theirs}"
            expected = expected.replace(theirs, mine)
        if expected not in (OURS / ours).read_text(encoding="utf-8").splitlines():
            stale.append(f"theme_overrides/{ours}: mkdocs-material {version('mkdocs-material')}'s {template} "
                         "changed its script; copy it into the file again")
    assert not stale, "\n".join(stale)
