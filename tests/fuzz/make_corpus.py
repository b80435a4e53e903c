#!/usr/bin/env python3
"""Regenerates the seed corpus in tests/fuzz/corpus/<target>/ (a handful of tiny files per target).

Each loader target reads a config byte first (see tests/fuzz/fuzz_support.h: options_from and the
target's own comment), then the file contents. Run from anywhere: python3 tests/fuzz/make_corpus.py
"""
import gzip
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

GLOVE = b"the 0.1 0.2 -0.3\nking 1.5 -2 3e-2\nqueen 1 2 3\n"
W2V_TEXT = b"3 3\n" + GLOVE


def w2v_binary(rows, newline=True):
    out = b"%d %d\n" % (len(rows), len(rows[0][1]))
    for word, values in rows:
        out += word + b" " + struct.pack("<%df" % len(values), *values) + (b"\n" if newline else b"")
    return out


def galaxy_image(words, vectors, dims, half=False):
    rows = len(words)
    element = 2 if half else 4
    vectors_offset = 64
    data = b""
    for v in vectors:
        data += struct.pack("<e" if half else "<f", v)
    words_offset = (vectors_offset + rows * dims * element + 7) // 8 * 8
    table = b"".join(struct.pack("<I", len(w)) for w in words)
    words_bytes = len(table) + sum(len(w) for w in words)
    total = words_offset + words_bytes
    header = b"EGALAXY\0" + struct.pack("<IIQIIQQQQ", 1, 1 if half else 0, rows, dims, 64,
                                        vectors_offset, words_offset, words_bytes, total)
    body = header + data
    body += b"\0" * (words_offset - len(body))
    return body + table + b"".join(words)


GALAXY_F32 = galaxy_image([b"king", b"queen", b"\xc3\xa9"], [1, 2, 3, 4, 5, 6, 0, 0, 0], 3)
GALAXY_F16 = galaxy_image([b"a", b"b"], [0.5, -1, 2, 65504], 2, half=True)
GALAXY_EMPTY = galaxy_image([], [], 0)

SEEDS = {
    "text": {
        "glove": b"\x00" + GLOVE,
        "glove_crlf_bom": b"\x05" + b"\xef\xbb\xbfa 1 2\r\nb 3 4\r\n\r\nb 5 6\r\n",
        "word2vec": b"\x02" + W2V_TEXT,
        "word2vec_auto_threads": b"\x14" + W2V_TEXT,
        "fasttext_vec": b"\x03" + b"2 2\n\xff\xfeword 1 2\n</s> 0 0\n",
        "ragged": b"\x01" + b"a 1 2 3\nb 1 2\n",
        "nan_limit": b"\x20" + b"a 1 nan\nb inf 2\nc 1e40 +2\n",
    },
    "word2vec_binary": {
        "two_rows": b"\x00" + w2v_binary([(b"king", [1.0, 2.0]), (b"queen", [-1.0, 0.5])]),
        "no_newline_auto": b"\x01" + w2v_binary([(b"a", [1.0, 2.0, 3.0]), (b"b", [0.0, 0.0, 0.0])], False),
        "truncated": b"\x00" + w2v_binary([(b"a", [1.0, 2.0, 3.0])])[:-5],
        "limit": b"\x20" + w2v_binary([(b"x", [1.0]), (b"y", [2.0]), (b"z", [3.0])]),
        "huge_header": b"\x00" + b"1000000000000 300\nw " + b"\0" * 16,
    },
    "tsv": {
        "with_metadata": b"\x00" + b"0.1\t0.2\n0.3\t0.4\n\0king\nqueen\n",
        "header_metadata": b"\x02" + b"1\t2\n3\t4\n\0word\tcount\nking\t5\nqueen\t3\n",
        "no_metadata_auto": b"\x01" + b"1\t2\t3\n4\t5\t6\n",
        "label_column_crlf": b"\x00" + b"1\t2\r\n\0id\tLabel\r\n0\tk\xffing\r\n",
        "too_few_labels": b"\x00" + b"1\n2\n3\n\0a\n",
        # Found by fuzz_tsv: a word2vec-like header claiming a huge row count, small blocks.
        "huge_claim": b"\t\t\n\n10 0000000000060076583\n\n\n\n\n\n\n\n\n\x010\x00\x00\x00\n\n\n=\n\n=\n\n\n\n\n\n\n\n",
    },
    "galaxy": {
        "float32": b"\x00" + GALAXY_F32,
        "float16": b"\x00" + GALAXY_F16,
        "empty": b"\x00" + GALAXY_EMPTY,
        "float32_limit_fixsize": b"\x21" + GALAXY_F32,
        "truncated_fixsize": b"\x01" + GALAXY_F32[:-3],
        # Found by fuzz_galaxy: a tiny text file claiming 9,999,999 dimensions, small blocks.
        "huge_dims_text": b"\n\n\n000001000000000000001000000000000000\r\r\r\r\r\r\r\r\r"
                          b"9999999\n\n\n\n\n\n11",
    },
    "gzip": {
        "glove_gz": b"\x00" + gzip.compress(GLOVE, mtime=0),
        "w2v_binary_gz": b"\x00" + gzip.compress(w2v_binary([(b"a", [1.0, 2.0])]), mtime=0),
        "galaxy_gz": b"\x00" + gzip.compress(GALAXY_F32, mtime=0),
        "harness_gzips_text": b"\x01" + W2V_TEXT,
        "harness_gzips_truncated": b"\x03" + GLOVE * 4,
        "forced_galaxy": b"\x71" + GALAXY_F16,
        "corrupt": b"\x00" + gzip.compress(GLOVE, mtime=0)[:12] + b"garbage",
    },
    "expression": {
        "analogy": b"king - man + woman",
        "weights": b"0.5*paris + berlin - germany",
        "hyphen_numbers": b"-well-known + 1990 - 1e-3*king",
        "unknown": b"kingg + queen",
        "bad_syntax": b"king + * - ",
    },
    "analogies": {
        "sections": b"\x00: capital\nberlin germany paris france\nman king woman queen\n: empty\n",
        "mul_restrict": b"\x03: s\nman king woman queen\nMAN KING WOMAN QUEEN\n",
        "oov_invalid": b"\x00: s\nfoo bar baz qux\nonly three words\n\n\xc3\xa9 x y z\n",
        "no_header": b"\x00man king woman queen\n",
    },
    "pairs": {
        "tabs": b"\x00king\tqueen\t9.5\nman\twoman\t8\nparis\tberlin\t3\n",
        "men_spaces": b"\x00# comment\nking queen 1\nman woman 2\nzero the 3\n",
        "restrict_oov": b"\x01king queen 1\nfoo bar 2\nKING Queen x\n",
        "ties_nan": b"\x00king queen 1\nman woman 1\nparis france 1\n",
    },
    "tour": {
        "minimal": b'{"format": "embedding-galaxy-tour", "version": 1, "steps": [{"name": "a"}]}',
        "full_step": (b'{"format": "embedding-galaxy-tour", "version": 1, "title": "t", "galaxy": "bundled",'
                      b' "steps": [{"name": "k", "caption": "c", "duration": 3.5,'
                      b' "camera": {"target": [1, 2, 3], "distance": 9, "yaw": 0.1, "pitch": -0.2},'
                      b' "projection": "axes", "axes": ["woman - man", "a", "b"], "selected_word": "x",'
                      b' "neighbour_count": 7, "search": "s", "analogy": {"a": "man", "b": "king",'
                      b' "c": "woman", "include_inputs": true, "method": "mul"}, "expression": "e",'
                      b' "compare": ["cat", "dog"], "isolate": {"word": "dog", "k": 12}, "clusters": 8,'
                      b' "color_by": "clusters", "panels": {"compare": true}, "auto_rotate": false}]}'),
        "typo_key": b'{"format": "embedding-galaxy-tour", "version": 1, "steps": [{"captoin": "x"}]}',
        "bad_types": b'{"format": "embedding-galaxy-tour", "version": 2, "steps": [{"duration": -1}]}',
        "syntax": b'{"format": "embedding-galaxy-tour",\n "steps": [\n {"name": "a",}\n]}',
        "unicode": b'{"format": "embedding-galaxy-tour", "version": 1, "steps": [{"name": "caf\xc3\xa9 \xff"}]}',
    },
}


def main():
    if os.path.isdir(CORPUS):
        shutil.rmtree(CORPUS)
    for target, seeds in SEEDS.items():
        folder = os.path.join(CORPUS, target)
        os.makedirs(folder)
        for name, data in seeds.items():
            with open(os.path.join(folder, name), "wb") as out:
                out.write(data)
    print("wrote", sum(len(s) for s in SEEDS.values()), "seeds under", CORPUS)


if __name__ == "__main__":
    main()
