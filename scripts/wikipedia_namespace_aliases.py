"""Write sources/wikipedia/namespace_aliases.json: per language, every name MediaWiki accepts for the File, Media
and Category namespaces, including the aliases a dump's <siteinfo> does not list (the old "Image" names such
as el `Εικόνα`, de `Bild`, ja `画像`).

Input: a checkout of tatuylonen/wikitextprocessor (MIT), whose `src/wikitextprocessor/data/<lang>/namespaces.json`
files are the sites' API answers (siteinfo namespaces + namespacealiases, 290 languages). Merged with the legacy
names listed in EXTRA below (MediaWiki's older `$namespaceAliases`, which some API answers no longer show) and,
for a language that falls back to another in MediaWiki, the other's names (EXTRA_FROM).

    python scripts/wikipedia_namespace_aliases.py PATH/TO/wikitextprocessor
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "sources" / "wikipedia" / "namespace_aliases.json"
KINDS = {6: "media", -2: "media", 14: "category"}
# Legacy names in use in articles that the API answers leave out.
EXTRA = {
    "media": {
        "bg": ["Картинка"], "ca": ["Imatge"], "cs": ["Obrázek"], "da": ["Billede"], "es": ["Imagen", "Archivo"],
        "fr": ["Image"], "hr": ["Slika", "Datoteka"], "hu": ["Kép"], "it": ["Immagine"], "nl": ["Afbeelding"],
        "pl": ["Grafika"], "pt": ["Imagem", "Arquivo", "Ficheiro"], "ro": ["Imagine", "Fişier", "Fișier"],
        "ru": ["Изображение"], "sl": ["Slika", "Datoteka"], "sv": ["Bild"], "de": ["Bild"], "ja": ["画像"],
        "sr": ["Слика", "Slika", "Датотека", "Datoteka", "Медиј", "Medij", "Медија", "Medija"],
        "uk": ["Зображення", "Изображение", "Медиа"], "lv": ["Attēls"], "el": ["Εικόνα"],
    },
    "category": {"ja": ["カテゴリ"], "sr": ["Категорија", "Kategorija"]},
}  # fmt: skip
# MediaWiki language fallbacks seen in the wikis' own pages: Latgalian articles use Latvian names.
EXTRA_FROM = {"ltg": "lv"}


def main(argv=None) -> None:
    (root,) = argv or sys.argv[1:]
    table: dict[str, dict[str, set]] = {}
    for path in sorted(Path(root, "src", "wikitextprocessor", "data").glob("*/namespaces.json")):
        entry = table.setdefault(path.parent.name, {"media": set(), "category": set()})
        for namespace in json.loads(path.read_text(encoding="utf-8")).values():
            kind = KINDS.get(namespace["id"])
            if kind:
                entry[kind].update([namespace["name"], *namespace.get("aliases", [])])
    for kind, by_lang in EXTRA.items():
        for lang, names in by_lang.items():
            table.setdefault(lang, {"media": set(), "category": set()})[kind].update(names)
    for lang, other in EXTRA_FROM.items():
        for kind in ("media", "category"):
            table[lang][kind] |= table[other][kind]
    out = {lang: {kind: sorted(names) for kind, names in kinds.items()} for lang, kinds in sorted(table.items())}
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(out)} languages")


if __name__ == "__main__":
    main()
