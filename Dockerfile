# Dataflow custom container for the recipe's workers (--sdk_container_image): Beam's Python SDK image of the
# launcher's Beam and Python versions, plus a worker environment that scripts/worker_env.sh builds from exactly
# what a job ships (requirements/worker.txt + the project wheel). tests/test_isolated_workers.py builds its worker
# pool with the same script, so the container and the test cannot drift apart.
#
#   docker build -t REGION-docker.pkg.dev/PROJECT/REPO/llama-corpus-worker:TAG .
#   docker push REGION-docker.pkg.dev/PROJECT/REPO/llama-corpus-worker:TAG
#   python -m recipe.run --source all --config configs/llama1.yaml --runner DataflowRunner ... \
#       --sdk_container_image=REGION-docker.pkg.dev/PROJECT/REPO/llama-corpus-worker:TAG
#
# Keep BEAM_VERSION equal to requirements/worker.txt's apache-beam pin and PYTHON_VERSION to the launcher's
# Python (the job's pickled code and Beam's coders are version-specific). With the container, a job ships only
# the project wheel (pipeline/worker_env.py), so workers start without installing or compiling anything.
ARG PYTHON_VERSION=3.11
ARG BEAM_VERSION=2.77.0
FROM apache/beam_python${PYTHON_VERSION}_sdk:${BEAM_VERSION}

# fastText and KenLM's Python module have no wheels on PyPI: they compile here, once, not on every worker.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       build-essential cmake zlib1g-dev libbz2-dev liblzma-dev \
    && rm -rf /var/lib/apt/lists/*

ENV WORKER_ENV=/opt/llama-corpus-worker
WORKDIR /src

# Dependencies first (a cached layer that changes only with requirements/worker.txt) ...
COPY requirements/worker.txt requirements/worker.txt
COPY scripts/worker_env.sh scripts/worker_env.sh
RUN PYTHON=python bash scripts/worker_env.sh "$WORKER_ENV" --requirements-only

# ... then the project wheel, built from this source tree by the same script (which also checks the imports).
COPY . .
RUN PYTHON=python bash scripts/worker_env.sh "$WORKER_ENV" && rm -rf /src /root/.cache/pip

WORKDIR /
# Beam's boot (the image's entrypoint) starts the SDK worker with the `python` on PATH and, since Beam 2.44,
# would otherwise create a fresh virtualenv on start and lose the one built above.
ENV PATH="$WORKER_ENV/bin:$PATH" \
    RUN_PYTHON_SDK_IN_DEFAULT_ENVIRONMENT=1
