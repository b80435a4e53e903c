#!/usr/bin/python3
"""Checks that storing a GloVe text file in float16 keeps every cosine similarity within a tolerance.

Compares cosines computed from the float32 values with cosines from the same values rounded to float16
(IEEE round-to-nearest-even, exactly what `galaxy convert --float16` stores), for SAMPLE random rows
against every row. Needs python3-numpy.

usage: check_float16_cosines.py GLOVE.txt [--sample 2000] [--tolerance 1e-3]
"""
import argparse
import sys

import numpy as np


def unit_rows(matrix):
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return matrix / norms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--tolerance", type=float, default=1e-3)
    args = parser.parse_args()
    rows = []
    with open(args.path, encoding="utf-8") as f:
        for line in f:
            rows.append(np.array(line.rstrip("\n").split(" ")[1:], dtype=np.float32))
    original = np.vstack(rows).astype(np.float32)
    half = original.astype(np.float16).astype(np.float32)
    u32 = unit_rows(original.astype(np.float64))
    u16 = unit_rows(half.astype(np.float64))
    rng = np.random.default_rng(42)
    sample = rng.choice(len(original), size=min(args.sample, len(original)), replace=False)
    worst = 0.0
    for start in range(0, len(sample), 256):
        block = sample[start:start + 256]
        difference = np.abs(u32[block] @ u32.T - u16[block] @ u16.T)
        worst = max(worst, float(difference.max()))
    print(f"{len(original)} rows x {original.shape[1]} dims; {len(sample)} sampled rows against all: "
          f"max |cos(float32) - cos(float16)| = {worst:.2e} (tolerance {args.tolerance:g})")
    sys.exit(0 if worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
