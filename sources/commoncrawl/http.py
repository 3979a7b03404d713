"""The HTTP layer of a WARC `response` record: status line and headers, transfer and content decoding (pure).

Common Crawl's own WARCs store the payload already de-chunked and decompressed (the original headers renamed
`X-Crawler-Transfer-Encoding` / `X-Crawler-Content-Encoding`), but other crawlers (wget, Heritrix, warcio
captures) keep the bytes as they came: `Transfer-Encoding: chunked` chunk-size lines and gzip/deflate/br bodies.
Both are decoded here, bounded by `max_bytes` (a decompression bomb is an error, not a stall).

Lenient where servers lie: a body announced as chunked or compressed that is not (the crawler decoded it and kept
the header) is kept as it is; a body cut short (`WARC-Truncated`) keeps what decodes before the cut.
FastWARC (installed with resiliparse) has chunked/gzip/brotli stream readers, but only over its own stream
objects and without this leniency or a bound on the output; these ~80 lines are simpler to reason about.
"""
from __future__ import annotations

import re
import zlib

MAX_PAYLOAD_BYTES = 32 << 20  # a decoded HTML payload; Common Crawl truncates payloads at 1 MiB

_CHUNK_SIZE_RE = re.compile(rb"[ \t]*([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")


class PayloadTooLarge(ValueError):
    pass


def split_http_response(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """HTTP response block -> (status, lower-cased headers, payload as stored)."""
    head, sep, payload = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, payload = block.partition(b"\n\n")
    lines = head.decode("iso-8859-1").splitlines()
    if not lines or not lines[0].startswith("HTTP/"):
        raise ValueError("not an HTTP response")
    parts = lines[0].split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isascii() and parts[1].isdigit() else 0
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        # repeated headers (Content-Encoding: gzip twice) combine as HTTP says: a comma-separated list
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    return status, headers, payload


def dechunk(payload: bytes, max_bytes: int = MAX_PAYLOAD_BYTES) -> bytes:
    """The body of a `Transfer-Encoding: chunked` payload. Not chunked at all (the crawler already de-chunked it):
    the payload as it is. Cut inside a chunk: the data up to the cut."""
    match = _CHUNK_SIZE_RE.match(payload)
    if not match:
        return payload
    out, pos = [], 0
    size_total = 0
    while match:
        size = int(match.group(1), 16)
        start = match.end()
        if size == 0:
            break
        size_total += size
        if size_total > max_bytes:
            raise PayloadTooLarge(f"chunked body over {max_bytes} bytes")
        out.append(payload[start:start + size])
        pos = start + size
        if payload.startswith(b"\r\n", pos):
            pos += 2
        elif payload.startswith(b"\n", pos):
            pos += 1
        match = _CHUNK_SIZE_RE.match(payload, pos)
    return b"".join(out)


def _inflate(data: bytes, wbits: int, max_bytes: int) -> bytes:
    decompressor = zlib.decompressobj(wbits)
    out = decompressor.decompress(data, max_bytes + 1)
    if len(out) > max_bytes:
        raise PayloadTooLarge(f"content-encoded body over {max_bytes} bytes decoded")
    return out  # a cut stream (truncated record) gives what decoded before the cut


def _unbrotli(data: bytes, max_bytes: int) -> bytes:
    import brotli

    decompressor = brotli.Decompressor()
    out = bytearray(decompressor.process(data, output_buffer_limit=max_bytes + 1))
    while len(out) <= max_bytes and not decompressor.is_finished() and not decompressor.can_accept_more_data():
        out += decompressor.process(b"", output_buffer_limit=max_bytes + 1 - len(out))
    if len(out) > max_bytes:
        raise PayloadTooLarge(f"brotli body over {max_bytes} bytes decoded")
    return bytes(out)


def decode_content(body: bytes, coding: str, max_bytes: int = MAX_PAYLOAD_BYTES) -> bytes:
    """Undo one `Content-Encoding`. A body that is plainly not encoded (already decoded by the crawler: no gzip
    magic, or markup that does not inflate) is returned as it is; an unknown coding raises ValueError."""
    coding = coding.strip().lower()
    if coding in ("", "identity", "none"):
        return body
    try:
        if coding in ("gzip", "x-gzip"):
            return _inflate(body, 16 + zlib.MAX_WBITS, max_bytes) if body[:2] == b"\x1f\x8b" else body
        if coding == "deflate":  # zlib-wrapped as the RFC says, or raw deflate as some servers send
            wbits = zlib.MAX_WBITS if len(body) > 1 and (body[0] * 256 + body[1]) % 31 == 0 else -zlib.MAX_WBITS
            return _inflate(body, wbits, max_bytes)
        if coding == "br":
            return _unbrotli(body, max_bytes)
    except PayloadTooLarge:
        raise
    except Exception as exc:  # zlib.error, brotli.error: not what the header says
        if _looks_like_markup(body):  # the crawler decoded it and kept the header
            return body
        raise ValueError(f"{coding} body does not decode: {exc}") from exc
    raise ValueError(f"unsupported Content-Encoding {coding!r}")


def _looks_like_markup(body: bytes) -> bool:
    return body[:512].lstrip()[:1] == b"<"


def http_payload(headers: dict[str, str], payload: bytes, max_bytes: int = MAX_PAYLOAD_BYTES) -> bytes:
    """The entity as the server meant it: transfer decoding (chunked), then each content coding in reverse order
    of application. Raises PayloadTooLarge over `max_bytes`, ValueError for an unknown or undecodable coding."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        payload = dechunk(payload, max_bytes)
    codings = [c for c in headers.get("content-encoding", "").split(",") if c.strip()]
    for coding in reversed(codings):
        payload = decode_content(payload, coding, max_bytes)
    if len(payload) > max_bytes:
        raise PayloadTooLarge(f"payload over {max_bytes} bytes")
    return payload
