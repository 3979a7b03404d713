"""Example plugin: one more filter on an existing source (docs/PLUGINS.md).

    python -m recipe.run --source c4 --input 'c4/*.json.gz' --output out --plugin docs/examples/no_lorem_filter.py
"""
from pipeline.plugins import Drop, Reject, add_filter


@add_filter("c4")
def no_lorem_ipsum(doc):
    """Placeholder text is not language: drop it (counted under `lorem_ipsum` in the funnel and the report).
    A document whose text holds a NUL byte is not text at all: a dead letter in out/rejects/c4/."""
    if "\x00" in doc["text"]:
        return Reject("nul_byte", record_id=doc["id"], detail="text holds a NUL byte")
    if "lorem ipsum" in doc["text"].lower():
        return Drop("lorem_ipsum")
    return doc
