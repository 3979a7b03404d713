"""C4's URL dedup key and survivor rule (pure functions).

The key is TFDS `c4_utils.normalize_url` exactly: delete every `https?://(www.)?` (unanchored: inside a query
too), cut everything from the first `?utm_`, `?ref` or `?feed` on, strip trailing slashes. Nothing else: the
host keeps its case, a fragment stays part of the key, `?a=1&utm_x=2` keeps its tracking parameter, and the
URL is never re-encoded, so two captures are one page exactly when TFDS said so.
"""
from __future__ import annotations

import hashlib
import re

from sources.c4.timestamps import epoch_seconds

_SCHEME_RE = re.compile(r"https?:\/\/(www\.)?")
_TRACKING_RE = re.compile(r"\?(utm_|ref|feed).*")


def normalize_url(url: str) -> str:
    url = _SCHEME_RE.sub("", url)
    url = _TRACKING_RE.sub("", url)
    return url.rstrip("/")


def newest_first_rank(doc: dict) -> bytes:
    """Rank for keep-one URL dedup (smallest wins): the newest capture, as TFDS `select_newest_page`; among
    captures of the same second, the smallest hash of the id (TFDS kept whichever came first). A timestamp that
    does not parse ranks as the oldest (TFDS compared the raw strings)."""
    seconds = epoch_seconds((doc.get("metadata") or {}).get("timestamp"))
    age = (1 << 62) - seconds if seconds is not None else (1 << 63)  # no timestamp: oldest
    return age.to_bytes(8, "big") + hashlib.sha1(doc["id"].encode("utf-8")).digest()


def url_hash(url: str) -> bytes:
    """TFDS picks the page that keeps a shared line by the smallest md5 of its URL ("hash before comparison
    to avoid biasing by domain")."""
    return hashlib.md5(url.encode("utf-8")).digest()
