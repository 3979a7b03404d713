#!/usr/bin/env bash
# Regenerate requirements/constraints.txt (and requirements/worker.txt) from the working virtualenv (after adding a
# dependency).
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# Versions CI runs with (pip install -c). Regenerate with scripts/freeze_constraints.sh."
  echo "# torch: 2.13.0 (the CPU build where the machine provides one; a CUDA build elsewhere)."
  .venv/bin/pip freeze --exclude-editable | grep -v -E "^(llama-corpus|fasttext-predict)==" | sed -E 's/^torch==([0-9.]+)\+cpu$/torch==\1/'
} > requirements/constraints.txt
echo "requirements/constraints.txt: $(grep -vc '^#' requirements/constraints.txt) pins"
# The workers' share of those pins (shipped with every remote job, installed by scripts/worker_env.sh)
.venv/bin/python -m pipeline.worker_env --write
