#!/usr/bin/env bash
# The two things README.md promises, on a fresh machine from a clean clone:
#   bash scripts/dev.sh serve   build the sample archive and show it at http://127.0.0.1:8000
#   bash scripts/dev.sh test    install everything the tests need and run the whole suite
# Also: bash scripts/dev.sh setup | build | lock | properdocs
#   bash scripts/dev.sh properdocs   use ProperDocs (MkDocs' maintained fork) in place of MkDocs in .venv
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PYTHONUTF8=1

PY=${PYTHON:-python3}
VENV=.venv
# A second environment with ProperDocs in place of MkDocs (requirements-properdocs.lock): the test
# that both engines build byte-identical sites (tests/test_engines.py) runs the build in it.
PD_VENV=.venv-properdocs

need_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  # Install only when the lock file changed since the last install.
  local stamp="$VENV/.lock-installed"
  if [ ! -f "$stamp" ] || ! cmp -s requirements.lock "$stamp"; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
    cp requirements.lock "$stamp"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
    || "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
}

# install_lock VENV LOCK: make VENV and install LOCK into it (only when LOCK changed), then this project.
install_lock() {
  local venv=$1 lock=$2
  if [ ! -x "$venv/bin/python" ]; then
    "$PY" -m venv "$venv"
  fi
  local stamp="$venv/.lock-installed"
  if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
    cp "$lock" "$stamp"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
    || "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
}

need_properdocs_venv() {
  install_lock "$PD_VENV" requirements-properdocs.lock
}

need_debian() {
  # Browser and web-server tests use Debian's chromium and nginx (never a downloaded browser).
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  # The search relevance test runs the shipped search.js under node.
  command -v node >/dev/null || missing+=(nodejs)
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
  # exemplar report --docx is tested by converting the document to PDF with LibreOffice (no GUI).
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
  # The HTML test runs the Nu Html Checker (vnu.jar) with Debian's Java.
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

VNU_VERSION=26.9.27
VNU_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/exemplar-vnu"

need_vnu() {
  # The Nu Html Checker from the npm package vnu-jar, kept in a cache folder outside the repository
  # (tests/test_html_valid.py looks there, or at $EXEMPLAR_VNU_JAR).
  local jar="$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
  if [ ! -f "$jar" ] || ! grep -q "\"version\": \"$VNU_VERSION\"" "$VNU_DIR/node_modules/vnu-jar/package.json" 2>/dev/null; then
    mkdir -p "$VNU_DIR"
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$VNU_DIR" "vnu-jar@$VNU_VERSION" >/dev/null
  fi
}

case "${1:-}" in
  setup)
    need_venv; need_properdocs_venv; need_debian ;;
  properdocs)
    # One command: the same .venv, with ProperDocs in place of MkDocs (back to MkDocs: bash scripts/dev.sh setup).
    "$VENV/bin/python" -m pip uninstall --quiet --yes mkdocs 2>/dev/null || true
    rm -f "$VENV/.lock-installed"
    install_lock "$VENV" requirements-properdocs.lock
    echo "已换用 ProperDocs：$("$VENV/bin/python" -m properdocs --version)" ;;
  serve)
    need_venv
    exec "$VENV/bin/exemplar" serve "${@:2}" ;;
  build)
    need_venv
    exec "$VENV/bin/exemplar" build "${@:2}" ;;
  test)
    need_venv; need_properdocs_venv; need_debian; need_vnu
    "$VENV/bin/exemplar" check
    "$VENV/bin/python" -m mypy generator
    # The one test command, as the workflows run it (serially; add -n 2 to use two processors).
    exec env PYTHONWARNDEFAULTENCODING=1 "$VENV/bin/python" -m pytest -q -p no:cacheprovider "${@:2}" ;;
  lock)
    need_venv
    "$VENV/bin/python" -m pip install --quiet pip-tools
    "$VENV/bin/pip-compile" --quiet --generate-hashes --extra test --extra bench --no-emit-index-url --no-emit-find-links \
      --strip-extras -o requirements.lock pyproject.toml
    # The same pins, with ProperDocs in place of MkDocs (which stays out of the file: --unsafe-package).
    "$VENV/bin/pip-compile" --quiet --generate-hashes --extra test --extra bench --extra properdocs --unsafe-package mkdocs \
      -c requirements.lock --no-emit-index-url --no-emit-find-links --strip-extras \
      -o requirements-properdocs.lock pyproject.toml ;;
  *)
    echo "用法：bash scripts/dev.sh serve | test | setup | build | lock | properdocs" >&2
    exit 2 ;;
esac
