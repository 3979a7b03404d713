"""The top floor: the CLI (`python -m recipe.run`) and the `--source all` orchestration of the whole recipe.

It imports the framework (pipeline/), the sources, tokenizer, sampling and trainer_bridge; nothing imports it
except bench/ and tests/.
"""
