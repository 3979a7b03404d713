"""Writers of the demo C4 inputs: a C4-style release (json.gz shards) and raw WET pages for `--from-wet`."""
from __future__ import annotations

import json
from pathlib import Path

from demo import c4_pages
from demo.formats import gz, warcinfo, wet_record


def c4_line(url: str, timestamp: str, text: str) -> bytes:
    """One record as the release writes it: keys text, timestamp, url; non-ASCII escaped."""
    return json.dumps({"text": text, "timestamp": timestamp, "url": url}).encode("ascii") + b"\n"


def c4(out: Path) -> list[Path]:
    """The public-release form: two train shards (the second a damaged re-export, cut short) and an empty
    validation shard left by a failed download."""
    out.mkdir(parents=True, exist_ok=True)
    first = out / "c4-train.00000-of-00002.json.gz"
    first.write_bytes(gz(b"".join(c4_line(*record) for record in c4_pages.RELEASE)))

    good = [c4_line(*record) for record in c4_pages.REEXPORT_GOOD]
    defective = [
        c4_line("https://oldforum.example.net/t/1234", "last tuesday", "A post whose timestamp is not a date."),
        json.dumps({"text": "A record that lost its timestamp field.", "url": "https://lost.example.org/a"}).encode()
        + b"\n",
        json.dumps({"text": "A record whose URL is a number.", "url": 12345, "timestamp": "2019-04-28T10:00:00Z"})
        .encode() + b"\n",
        b'["text", "url", "timestamp"]\n',
        b'{"text": "A line cut in the middle of its JSON, "url": "https://cut.example.com/p"\n',
        b'{"text": "Caf\xe9 au lait, written in Latin-1.", "url": "https://latin1.example.fr/", '
        b'"timestamp": "2019-04-28T11:00:00Z"}\n',
        c4_line("https://blank.example.com/", "2019-04-28T12:00:00Z", "  \n  "),
    ]
    data = gz(b"".join([good[0], *defective, good[1]]))
    second = out / "c4-train.00001-of-00002.json.gz"
    second.write_bytes(data[: len(data) - 30])  # cut inside the last record
    empty = out / "c4-validation.00000-of-00001.json.gz"
    empty.write_bytes(b"")
    return [first, second, empty]


def c4_wet(out: Path) -> list[Path]:
    """One WET file for `--source c4 --from-wet`: a page for each cleaning rule of the reference builder, plus
    records without URL, content or date."""
    out.mkdir(parents=True, exist_ok=True)
    records = [warcinfo("2019-04-19T00:00:00Z", "CC-MAIN-2019-18")]
    for url, date, title, lines in c4_pages.WET_CLEAN:
        records.append(wet_record(url, "\n".join([title, *lines]), date=date))
    url, date, title, line, repeat = c4_pages.TOO_LONG
    records.append(wet_record(url, "\n".join([title, *(f"[{i:05d}] {line}" for i in range(repeat))]), date=date))
    records.append(wet_record("https://nourl.example.com/page", "Untitled\nA page whose record lost its target URI.",
                              date="2019-04-21T00:00:00Z", extra={"WARC-Target-URI": None}))
    records.append(wet_record("https://empty.example.com/", "", date="2019-04-21T00:00:01Z"))
    records.append(wet_record("https://nodate.example.com/news", "News\nThe date of this capture was not recorded.",
                              date=""))  # TFDS needs a non-empty WARC-Date only
    path = out / "CC-MAIN-20190419-00000.warc.wet.gz"
    path.write_bytes(b"".join(gz(r) for r in records))
    return [path]
