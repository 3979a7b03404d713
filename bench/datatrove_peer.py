"""The peer of bench/encode.py: datatrove's DocumentTokenizer and raw `tokenizers` batch encoding with LLaMA-2's
tokenizer.json. Runs in a SEPARATE virtual environment (datatrove and transformers must not enter .venv):

    python3 -m venv /tmp/dtvenv && /tmp/dtvenv/bin/pip install datatrove tokenizers transformers sentencepiece protobuf

and is started by bench/encode.py as `/tmp/dtvenv/bin/python bench/datatrove_peer.py MODE ...`; it imports nothing
from this project. Modes (each prints one JSON line):
    prepare MODEL.model OUT.json   LLaMA-2's tokenizer.json, converted offline by transformers from the
                                   SentencePiece model and laid out as meta-llama/Llama-2-7b-hf ships it
                                   (Prepend("▁") + Replace(" ", "▁") normalizer, no pre-tokenizer, BPE with
                                   byte fallback); reports how many of the texts' ids differ from SentencePiece's
    datatrove TOKENIZER.json DOCS_DIR OUT_DIR   ParquetReader -> DocumentTokenizer(eos_token="</s>"), one task,
                                   one worker (tokenize, shuffle, write), as a datatrove user runs it
    raw TOKENIZER.json TEXTS.jsonl  `Tokenizer.encode_batch` on texts in memory (CPU seconds of that call)
"""
from __future__ import annotations

import json
import resource
import sys


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def read_texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def prepare(model: str, out: str, texts_path: str) -> dict:
    import os
    import shutil
    import tempfile

    import sentencepiece as spm
    from tokenizers import Tokenizer, normalizers
    from transformers import LlamaTokenizer

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(model, os.path.join(tmp, "tokenizer.model"))
        backend = LlamaTokenizer.from_pretrained(tmp, legacy=True).backend_tokenizer
    # transformers 5 writes a Metaspace pre-tokenizer; LLaMA-2's published tokenizer.json normalizes instead
    backend.normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    backend.pre_tokenizer = None
    backend.save(out)
    tokenizer = Tokenizer.from_file(out)
    texts = read_texts(texts_path)
    expected = spm.SentencePieceProcessor(model_file=model).encode(texts)
    got = [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    return {"documents": len(texts), "ids_differ_from_sentencepiece": sum(a != b for a, b in zip(expected, got))}


def run_datatrove(tokenizer: str, docs: str, out: str) -> dict:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import ParquetReader
    from datatrove.pipeline.tokens import DocumentTokenizer

    start = cpu_seconds()
    LocalPipelineExecutor(
        pipeline=[
            ParquetReader(docs, glob_pattern="*/*.parquet", text_key="text", id_key="id"),
            DocumentTokenizer(output_folder=f"{out}/tokens", tokenizer_name_or_path=tokenizer, eos_token="</s>"),
        ],
        tasks=1, workers=1, logging_dir=f"{out}/logs",
    ).run()
    cpu = cpu_seconds() - start
    with open(f"{out}/logs/stats.json", encoding="utf-8") as f:
        stats = json.load(f)
    tokens = next(s["stats"]["tokens"]["total"] for s in stats if s["name"].endswith("Writer"))
    return {"cpu_s_pipeline": cpu, "tokens": tokens}


def raw(tokenizer_path: str, texts_path: str) -> dict:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(tokenizer_path)
    texts = read_texts(texts_path)
    start = cpu_seconds()
    encoded = tokenizer.encode_batch(texts, add_special_tokens=False)
    cpu = cpu_seconds() - start
    return {"cpu_s_encode": cpu, "tokens": sum(len(e.ids) for e in encoded)}


def main(argv: list[str]) -> int:
    mode, *args = argv
    result = {"prepare": prepare, "datatrove": run_datatrove, "raw": raw}[mode](*args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
