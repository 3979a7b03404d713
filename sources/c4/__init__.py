"""C4 (docs/RECIPE.md section 3): read the public C4 release, or build C4-style data from WET with the TFDS rules.

- `records.py`    public C4 JSON lines -> Documents (the paper used the public release as it is)
- `wet.py`        Common Crawl pages (read by sources/commoncrawl) -> C4 pages
- `cleaning.py`   the line and page rules of TFDS `c4_utils.clean_page`, each a named reason
- `sentences.py`  the sentence count behind "a page needs at least 3 sentences"
- `urls.py`       URL normalization and the newest-page survivor of URL dedup
- `line_dedup.py` C4 line dedup: each line is kept in exactly one page, chosen deterministically
- `badwords.py`   the LDNOOBW `en` page filter (list shipped in `badwords_en.txt`)
- `transform.py`  the thin Beam wiring of both modes
"""
