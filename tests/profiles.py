"""How hard the property tests try: a quick default for the inner loop, the full count in CI.

``HYPOTHESIS_PROFILE=full`` (set by .github/workflows/archive.yml, .gitlab-ci.yml and .ci/run)
runs each property test with the number of examples it names; without it, a tenth (at least
50), so that the whole suite stays quick on an editor's or a developer's machine. The profiles
themselves are registered in tests/conftest.py.
"""

from __future__ import annotations

import os

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")


def examples(full: int) -> int:
    """``full`` examples in the full profile, a tenth of them (at least 50) in the quick one."""
    return full if PROFILE == "full" else max(50, full // 10)
