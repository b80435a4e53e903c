#!/usr/bin/python3
"""Developer check: compare the galaxy CLI's neighbours, analogies and analogy evaluation with gensim 4.2.

usage: /usr/bin/python3 scripts/check_against_gensim.py VECTORS.txt path/to/galaxy \
           [--questions questions-words.txt] [--pairs wordsim.txt] [-k 10] [--restrict 300000] [--tol 1e-4]

VECTORS.txt is a GloVe-format text file (no header line), loaded by gensim with
KeyedVectors.load_word2vec_format(path, no_header=True) and by galaxy with --data. Scores must agree to
--tol; rankings may only differ where two scores are within --tol of each other (float32 near-ties).
Pass "-" as the galaxy path to run the gensim side only. Exit status 1 when anything disagrees.
"""
import argparse
import subprocess
import sys
import time

from gensim.models import KeyedVectors

DEFAULT_WORDS = ["king", "queen", "paris", "france", "computer", "good", "the", "water", "city",
                 "music", "one", "president"]
DEFAULT_ANALOGIES = [("man", "king", "woman"), ("france", "paris", "germany"), ("good", "better", "bad"),
                     ("walk", "walked", "go"), ("big", "bigger", "small"), ("china", "beijing", "japan")]


def run_galaxy(binary, args):
    """Runs the CLI and returns its stdout lines split on tabs."""
    result = subprocess.run([binary] + args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("galaxy %s failed (%d): %s" % (" ".join(args), result.returncode,
                                                          result.stderr.strip()))
    return [line.split("\t") for line in result.stdout.splitlines() if line.strip()]


def compare_ranked(label, expected, got, tol):
    """expected/got: lists of (word, score). Returns a list of problems (empty when they agree)."""
    problems = []
    if len(expected) != len(got):
        problems.append("%s: gensim gave %d results, galaxy %d" % (label, len(expected), len(got)))
    score_of = dict(expected)
    for i, ((want_word, want_score), (got_word, got_score)) in enumerate(zip(expected, got)):
        if abs(want_score - got_score) > tol:
            problems.append("%s #%d: score %.6f (gensim %s %.6f, galaxy %s)" %
                            (label, i + 1, got_score, want_word, want_score, got_word))
        elif want_word != got_word:
            # A near-tie may swap; the word galaxy put here must have the same gensim score.
            other = score_of.get(got_word)
            if other is None or abs(other - want_score) > tol:
                problems.append("%s #%d: galaxy %s, gensim %s (%.6f)" %
                                (label, i + 1, got_word, want_word, want_score))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("vectors")
    parser.add_argument("galaxy", help='path to the galaxy binary, or "-" for the gensim side only')
    parser.add_argument("--questions", default="/work/shared/data/questions-words.txt")
    parser.add_argument("--pairs", help="word-pair similarity file (tab-separated, as gensim reads it)")
    parser.add_argument("--words", help="comma-separated words for neighbours (default: a fixed list)")
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--restrict", type=int, default=300000)
    parser.add_argument("--tol", type=float, default=1e-4)
    options = parser.parse_args()
    gensim_only = options.galaxy == "-"

    started = time.perf_counter()
    kv = KeyedVectors.load_word2vec_format(options.vectors, no_header=True)
    print("gensim loaded %d x %d in %.2fs" % (len(kv.index_to_key), kv.vector_size,
                                               time.perf_counter() - started))
    words = options.words.split(",") if options.words else DEFAULT_WORDS
    words = [w for w in words if w in kv.key_to_index] or kv.index_to_key[:5]
    analogies = [t for t in DEFAULT_ANALOGIES if all(w in kv.key_to_index for w in t)]
    if not analogies:
        analogies = [tuple(kv.index_to_key[i:i + 3]) for i in (10, 20, 30)]
    data = ["--data", options.vectors]
    k = str(options.k)
    problems = []
    checks = 0

    def check(label, expected, galaxy_args):
        nonlocal checks
        checks += 1
        if gensim_only:
            print("%-40s gensim: %s" % (label, ", ".join("%s %.4f" % pair for pair in expected[:3])))
            return
        got = [(row[0], float(row[1])) for row in run_galaxy(options.galaxy, galaxy_args + data)]
        found = compare_ranked(label, [(w, float(s)) for w, s in expected], got, options.tol)
        problems.extend(found)
        print("%-40s %s" % (label, "ok" if not found else "MISMATCH (%d)" % len(found)))

    for word in words:
        check("neighbors " + word, kv.most_similar(word, topn=options.k), ["neighbors", word, "-k", k])
    for a, b, c in analogies:
        check("analogy add %s %s %s" % (a, b, c), kv.most_similar(positive=[b, c], negative=[a], topn=options.k),
              ["analogy", a, b, c, "-k", k, "--method", "add"])
        check("analogy mul %s %s %s" % (a, b, c),
              kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=options.k),
              ["analogy", a, b, c, "-k", k, "--method", "mul"])

    # Analogy evaluation: per-section counts must match exactly.
    started = time.perf_counter()
    _, sections = kv.evaluate_word_analogies(options.questions, restrict_vocab=options.restrict,
                                             case_insensitive=True)
    gensim_seconds = time.perf_counter() - started
    expected = [(s["section"], len(s["correct"]), len(s["correct"]) + len(s["incorrect"])) for s in sections]
    expected[-1] = ("total",) + expected[-1][1:]
    checks += 1
    if gensim_only:
        print("eval analogies (gensim %.2fs): total %d/%d" % (gensim_seconds, expected[-1][1], expected[-1][2]))
    else:
        started = time.perf_counter()
        rows = run_galaxy(options.galaxy, ["eval", "analogies", options.questions,
                                           "--restrict", str(options.restrict)] + data)
        galaxy_seconds = time.perf_counter() - started
        got = [(row[0], int(row[1]), int(row[2])) for row in rows]
        found = []
        if [g[0] for g in got] != [e[0] for e in expected]:
            found.append("eval analogies: sections differ: galaxy %s, gensim %s" %
                         ([g[0] for g in got], [e[0] for e in expected]))
        for want, have in zip(expected, got):
            if want != have:
                found.append("eval analogies %s: galaxy %d/%d, gensim %d/%d" %
                             (want[0], have[1], have[2], want[1], want[2]))
        problems.extend(found)
        print("eval analogies (gensim %.2fs, galaxy %.2fs incl. load): total %d/%d %s" %
              (gensim_seconds, galaxy_seconds, expected[-1][1], expected[-1][2],
               "ok" if not found else "MISMATCH (%d)" % len(found)))

    if options.pairs:
        checks += 1
        _, spearman, _ = kv.evaluate_word_pairs(options.pairs, case_insensitive=True)
        if gensim_only:
            print("eval similarity: gensim spearman %.6f" % spearman[0])
        else:
            row = run_galaxy(options.galaxy, ["eval", "similarity", options.pairs] + data)[0]
            ok = abs(float(row[1]) - spearman[0]) <= options.tol
            if not ok:
                problems.append("eval similarity: galaxy %s, gensim %.6f" % (row[1], spearman[0]))
            print("eval similarity: galaxy %s, gensim %.6f %s" % (row[1], spearman[0], "ok" if ok else "MISMATCH"))

    print()
    if gensim_only:
        print("gensim side only: %d checks computed" % checks)
        return 0
    for problem in problems:
        print("  " + problem)
    print("%d checks, %d problems" % (checks, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
