#!/usr/bin/python3
"""Checks `galaxy project --axes` against an independent numpy computation on a GloVe text file.

For each axis expression "a - b" the reference direction is the normalised sum of the terms' unit
vectors (float64), and a word's coordinate is the cosine of its unit vector with that direction.
Runs the galaxy binary on the same file, compares every word's three coordinates and exits non-zero
when the largest absolute difference exceeds the tolerance. Needs python3-numpy.

usage: check_axes_numpy.py [--data data/glove.6B.100d.txt] [--galaxy build/galaxy]
                           [--axes "woman - man" "rich - poor" "big - small"] [--tolerance 1e-5]
"""
import argparse
import subprocess
import sys
import time

import numpy as np


def load_glove(path):
    words, rows = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            if len(parts) < 2:
                continue
            words.append(parts[0])
            rows.append(parts[1:])
    return words, np.array(rows, dtype=np.float64)


def parse_axis(text):
    """Only the "+/- word" form (no weights): enough for the checked axes, and independent code."""
    terms, sign = [], 1.0
    for token in text.split():
        if token in "+-":
            sign = -1.0 if token == "-" else 1.0
        else:
            terms.append((token, sign))
            sign = 1.0
    return terms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/glove.6B.100d.txt")
    parser.add_argument("--galaxy", default="build/galaxy")
    parser.add_argument("--axes", nargs=3, default=["woman - man", "rich - poor", "big - small"])
    parser.add_argument("--tolerance", type=float, default=1e-5)
    args = parser.parse_args()

    start = time.time()
    words, vectors = load_glove(args.data)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    index = {}
    for row, word in enumerate(words):
        index.setdefault(word, row)
    directions = []
    for text in args.axes:
        total = np.zeros(vectors.shape[1])
        for word, sign in parse_axis(text):
            total += sign * unit[index[word]]
        directions.append(total / np.linalg.norm(total))
    expected = unit @ np.stack(directions, axis=1)
    print(f"numpy: {len(words)} words x {vectors.shape[1]} dims in {time.time() - start:.1f} s")

    start = time.time()
    command = [args.galaxy, "project", "--axes", *args.axes, "--data", args.data]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    print(f"galaxy: {time.time() - start:.1f} s ({' '.join(command)})")
    lines = output.rstrip("\n").split("\n")
    if len(lines) != len(words):
        print(f"FAIL: galaxy printed {len(lines)} rows, the file has {len(words)}")
        return 1
    actual = np.empty_like(expected)
    for row, line in enumerate(lines):
        fields = line.split("\t")
        if fields[0] != words[row]:
            print(f"FAIL: row {row} is '{fields[0]}', expected '{words[row]}'")
            return 1
        actual[row] = [float(x) for x in fields[1:4]]

    difference = np.abs(actual - expected)
    worst = np.unravel_index(np.argmax(difference), difference.shape)
    for a, text in enumerate(args.axes):
        print(f"axis {'XYZ'[a]} '{text}': max |diff| {difference[:, a].max():.3g}, "
              f"mean |diff| {difference[:, a].mean():.3g}")
    print(f"max |diff| {difference.max():.3g} at '{words[worst[0]]}' axis {'XYZ'[worst[1]]} "
          f"(galaxy {actual[worst]:.6f}, numpy {expected[worst]:.8f}); tolerance {args.tolerance:g}")
    if difference.max() > args.tolerance:
        print("FAIL")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
