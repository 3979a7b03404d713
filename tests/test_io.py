import bz2
import gzip
import lzma

import pytest

from pipeline.io import open_decompressed, read_up_to

LINES = [b"record %06d %s\n" % (i, b"x" * (i % 97)) for i in range(30000)]
DATA = b"".join(LINES)


@pytest.mark.parametrize("compress", [
    lambda d: b"".join(gzip.compress(d[i:i + 50000], mtime=0) for i in range(0, len(d), 50000)),  # per-record gzip
    lambda d: bz2.compress(d[:100000]) + bz2.compress(d[100000:]),  # bz2 multistream
    lzma.compress,
], ids=["gzip-members", "bz2-multistream", "xz"])
def test_every_member_is_read_whatever_the_read_size(tmp_path, compress):
    path = tmp_path / "f"
    path.write_bytes(compress(DATA))
    assert open_decompressed(str(path)).read() == DATA
    assert list(open_decompressed(str(path))) == LINES
    stream, parts = open_decompressed(str(path)), []
    while part := stream.read(4093):
        parts.append(part)
    assert b"".join(parts) == DATA and stream.tell() == len(DATA)


def test_a_cut_gzip_yields_every_complete_line_then_raises(tmp_path):
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(DATA, mtime=0)[:-2000])
    got = []
    with pytest.raises(EOFError):
        for line in open_decompressed(str(path)):
            got.append(line)
    assert got == LINES[: len(got)] and all(line.endswith(b"\n") for line in got)
    # every complete line zlib can recover from the cut bytes is delivered
    prefix = __import__("zlib").decompressobj(wbits=31).decompress(path.read_bytes())
    assert len(got) == prefix.count(b"\n")


def test_stdlib_gzip_loses_complete_records_before_the_cut(tmp_path):
    """Why pipeline.io has its own reader: read in chunks (as XML and tar parsers do), GzipFile drops what its
    failing read had decompressed; ours hands it over first."""
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(DATA, mtime=0)[:-2000])

    def chunks(stream):
        got = b""
        with pytest.raises(EOFError):
            while part := stream.read(16384):
                got += part
        return got

    ours, theirs = chunks(open_decompressed(str(path))), chunks(gzip.open(path))
    assert DATA.startswith(ours) and DATA.startswith(theirs)
    assert len(ours) > len(theirs)


def test_reading_a_cut_file_whole_raises_instead_of_returning_a_short_result(tmp_path):
    path = tmp_path / "cut.xz"
    path.write_bytes(lzma.compress(DATA)[:-500])
    with pytest.raises(EOFError):
        read_up_to(open_decompressed(str(path)), 10 * len(DATA))
    assert len(read_up_to(open_decompressed(str(tmp_path / "cut.xz")), 1000)) == 1001  # the limit still applies


def test_corrupt_data_is_an_oserror(tmp_path):
    data = gzip.compress(DATA, mtime=0)
    path = tmp_path / "bad.gz"
    path.write_bytes(data[:200] + b"\x00" * 500 + data[700:])
    with pytest.raises(OSError):
        open_decompressed(str(path)).read()


# ------------------------------------------------------------------------ exact decoders, bounded input (issue 12)

import io
import json

import zstandard

from pipeline.io import InputLimitExceeded, InputLimits, iter_lines, json_loads_utf8, limits_in_effect


def test_each_gzip_member_is_decoded_once_after_a_member_over_the_output_step(tmp_path):
    """A member decompressing to over 1 MiB ends in a call fed from zlib's unconsumed_tail: CPython leaves the
    rest of the file in unconsumed_tail AND unused_data; taking both decoded the next member twice."""
    first, second = b'{"text": "' + b"a " * 1_500_000 + b'"}\n', b'{"text": "hello world"}\n'
    path = tmp_path / "c4-a.json.gz"
    path.write_bytes(gzip.compress(first) + gzip.compress(second))
    assert list(open_decompressed(str(path))) == [first, second]
    assert open_decompressed(str(path)).read() == first + second


def _zstd_frames(data: bytes, size: int) -> bytes:
    compressor = zstandard.ZstdCompressor()
    return b"".join(compressor.compress(data[i:i + size]) for i in range(0, len(data), size))


def test_zstd_is_a_stream_of_frames_for_line_and_whole_readers(tmp_path):
    path = tmp_path / "f.jsonl.zst"
    path.write_bytes(_zstd_frames(DATA, 100_000))
    assert list(open_decompressed(str(path))) == LINES
    assert read_up_to(open_decompressed(str(path)), 10 * len(DATA)) == DATA


def test_a_cut_zstd_file_raises_after_its_complete_lines(tmp_path):
    path = tmp_path / "cut.zst"
    path.write_bytes(_zstd_frames(DATA, 100_000)[:-3000])
    with pytest.raises(EOFError):
        read_up_to(open_decompressed(str(path)), 10 * len(DATA))
    got = []
    with pytest.raises(EOFError):
        for line in open_decompressed(str(path)):
            got.append(line)
    assert got and got == LINES[: len(got)]


@pytest.mark.parametrize("compress", [
    lambda d: gzip.compress(d, mtime=0), bz2.compress, lzma.compress, lambda d: zstandard.ZstdCompressor().compress(d),
], ids=["gzip", "bz2", "xz", "zstd"])
def test_a_decompression_bomb_hits_the_ratio_bound_after_the_lines_before_it(tmp_path, compress):
    path = tmp_path / "bomb"
    path.write_bytes(compress(b"good line\n" * 10 + b"\0" * (8 << 20)))
    got = []
    with limits_in_effect(InputLimits(ratio_floor_bytes=1 << 20, max_ratio=100)):
        stream = open_decompressed(str(path))
        with pytest.raises(InputLimitExceeded) as caught:
            for _, line in iter_lines(stream, 1 << 16):
                got.append(line)
    assert got[:10] == [b"good line\n"] * 10
    assert caught.value.reason == "decompression_ratio_limit" and caught.value.offset >= 1 << 20


def test_the_decompressed_size_bound(tmp_path):
    path = tmp_path / "big.gz"
    path.write_bytes(gzip.compress(DATA))
    with limits_in_effect(InputLimits(max_decompressed_bytes=100_000)), pytest.raises(InputLimitExceeded) as caught:
        read_up_to(open_decompressed(str(path)), 10 * len(DATA))
    assert caught.value.reason == "decompressed_size_limit"


@pytest.mark.parametrize("wrap", [lambda d: gzip.compress(d, mtime=0), lambda d: d], ids=["gzip", "plain"])
def test_a_line_over_the_limit_is_skipped_and_the_next_line_read(tmp_path, wrap):
    data = b"first\n" + b"0" * (3 << 20) + b"\nlast\n"
    path = tmp_path / "f"
    path.write_bytes(wrap(data))
    got = list(iter_lines(open_decompressed(str(path)), 1 << 16))
    assert got == [(0, b"first\n"), (6, None), (6 + (3 << 20) + 1, b"last\n")]


def test_readline_with_a_limit_returns_the_limit_and_goes_on():
    stream = open_decompressed_bytes(gzip.compress(b"x" * 5000 + b"\nend\n"))
    assert stream.readline(4096) == b"x" * 4096
    assert stream.readline(4096) == b"x" * 904 + b"\n"
    assert stream.readline() == b"end\n" and stream.readline() == b""


def open_decompressed_bytes(blob: bytes):
    from pipeline.io import _Decompressing

    return _Decompressing(io.BufferedReader(io.BytesIO(blob)), "gzip")


def test_deeply_nested_json_is_a_decode_error_not_a_recursion_error():
    with pytest.raises(json.JSONDecodeError):
        json_loads_utf8("[" * 100_000)
    with pytest.raises(json.JSONDecodeError):
        json_loads_utf8(b'{"a":' * 50_000)
    assert json_loads_utf8("[[[1]]]") == [[[1]]]
