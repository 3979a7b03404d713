# `make demo` runs the main job on the bundled inputs; `make test` runs the test suite.
# Both set the machine up first (scripts/setup.sh), once, and again when the project's requirements change.
VENV ?= .venv
PY := $(VENV)/bin/python
SETUP_STAMP := $(VENV)/.setup-done

.PHONY: setup demo test bench screenshot clean

$(SETUP_STAMP): pyproject.toml requirements/constraints.txt requirements/worker.txt scripts/setup.sh scripts/build_kenlm.sh \
		scripts/worker_env.sh
	bash scripts/setup.sh

setup: $(SETUP_STAMP)

demo: $(SETUP_STAMP)
	$(PY) -m recipe.run --source all --config configs/demo.yaml

test: $(SETUP_STAMP)
	$(PY) -m pytest

bench: $(SETUP_STAMP)
	$(PY) -m bench.commoncrawl

screenshot: demo
	$(PY) scripts/screenshot_report.py out/demo

clean:
	rm -rf out
