#!/usr/bin/python3
"""Side-by-side speed comparison of Embedding Galaxy with gensim, FAISS and scikit-learn.

One run, one machine, alternating rounds (galaxy, peers, galaxy, peers, ...); prints medians and
ratios (peer time / galaxy time) and writes BENCHMARKS.md. Also checks that the answers agree:
top-10 neighbours and the 3CosAdd analogy identical to gensim, PCA components equal to sklearn's to
1e-4 up to sign, and the same correct count in the analogy evaluation.

Galaxy figures: the CLI (`galaxy info`, `galaxy eval analogies`) for whole-program work, and the
Google Benchmark binary (`galaxy_benchmarks`, GALAXY_BENCH_DATA=the .galaxy file,
--benchmark_format=json) for one query / PCA, where process start-up would dominate.

Usage (Debian's /usr/bin/python3 with python3-gensim, python3-faiss, python3-sklearn):
  scripts/bench_peers.py --questions /path/questions-words.txt [--quick] [--rounds 3]
"""
import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run(cmd, env=None, capture=True):
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE if capture else None,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed, proc.stdout


# --- peers, each measured in a fresh child process where memory or load time matters -------------

GENSIM_LOAD = r"""
import resource, sys, time, json
from gensim.models import KeyedVectors
t0 = time.perf_counter()
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=False, no_header=True)
t = time.perf_counter() - t0
print(json.dumps({"seconds": t, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def gensim_load_child(text_path):
    _, out = run([sys.executable, "-c", GENSIM_LOAD, text_path])
    return json.loads(out)


def galaxy_info_child(galaxy, path):
    """Wall time and peak RSS of one `galaxy info` run (peak via wait4 on that child only)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([galaxy, "info", "--data", path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    _, _, rusage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    out = proc.stdout.read().decode()
    fields = dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)
    return {"seconds": elapsed, "maxrss_kb": rusage.ru_maxrss,
            "load_seconds": float(fields.get("load_seconds", "nan")),
            "words": int(fields.get("words", "0")), "dims": int(fields.get("dimensions", "0"))}


def micro(bench, galaxy_file, min_time):
    env = dict(os.environ, GALAXY_BENCH_DATA=galaxy_file)
    _, out = run([bench, "--benchmark_filter=^real/", "--benchmark_format=json",
                  f"--benchmark_min_time={min_time}"], env=env)
    data = json.loads(out)
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    return {b["name"]: b["real_time"] * scale[b["time_unit"]] for b in data["benchmarks"]}


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def subset_questions(path, every, out_path):
    """Every `every`-th question of each section (headers kept): the --quick evaluation set."""
    with open(path, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as dst:
        i = 0
        for line in src:
            if line.startswith(":"):
                dst.write(line)
                i = 0
            elif line.strip():
                if i % every == 0:
                    dst.write(line)
                i += 1


def galaxy_eval(galaxy, galaxy_file, questions):
    seconds, out = run([galaxy, "eval", "analogies", questions, "--data", galaxy_file])
    total = [line.split("\t") for line in out.splitlines() if line.startswith("total\t")][0]
    return seconds, int(total[1]), int(total[2])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--text", default=os.path.join(ROOT, "data/glove.6B.100d.txt"))
    ap.add_argument("--galaxy-file", default=os.path.join(ROOT, "data/glove.6B.100d.galaxy"))
    ap.add_argument("--questions", required=True, help="questions-words.txt")
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds (medians over them)")
    ap.add_argument("--quick", action="store_true",
                    help="evaluate every 10th question only (both sides), one gensim eval run")
    ap.add_argument("--micro", action="store_true",
                    help="also run the synthetic micro-benchmarks (10k/100k/341k x 100) for a "
                         "scaling table")
    ap.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    args = ap.parse_args()

    galaxy = os.path.join(args.build, "galaxy")
    bench = os.path.join(args.build, "galaxy_benchmarks")
    for path in (galaxy, bench, args.text, args.galaxy_file, args.questions):
        if not os.path.exists(path):
            raise SystemExit(f"missing {path} (build with -DCMAKE_BUILD_TYPE=Release first)")

    import numpy as np
    import faiss
    from gensim.models import KeyedVectors
    from sklearn.decomposition import PCA

    # ---- load: galaxy info (text) vs gensim load_word2vec_format, alternating, fresh processes
    g_load, g_rss, p_load, p_rss, g_open = [], [], [], [], []
    info = None
    for r in range(args.rounds):
        log(f"round {r + 1}/{args.rounds}: load")
        info = galaxy_info_child(galaxy, args.text)
        g_load.append(info["seconds"])
        g_rss.append(info["maxrss_kb"])
        g_open.append(galaxy_info_child(galaxy, args.galaxy_file)["seconds"])
        peer = gensim_load_child(args.text)
        p_load.append(peer["seconds"])
        p_rss.append(peer["maxrss_kb"])
    matrix_mb = info["words"] * info["dims"] * 4 / 1e6

    log("loading gensim/FAISS/sklearn data in this process")
    kv = KeyedVectors.load_word2vec_format(args.text, binary=False, no_header=True)
    kv.fill_norms()
    units = kv.get_normed_vectors().astype(np.float32)
    index = faiss.IndexFlatIP(units.shape[1])
    index.add(units)
    rng = np.random.default_rng(1)
    query_rows = rng.integers(0, 50000, size=30)

    # ---- per-query and PCA work, alternating rounds
    micro_runs, faiss_t, ms_t, an_t, pca_t = [], [], [], [], []
    for r in range(args.rounds):
        log(f"round {r + 1}/{args.rounds}: queries and PCA")
        micro_runs.append(micro(bench, args.galaxy_file, 0.5))
        ts = []
        for row in query_rows:
            q = units[row:row + 1]
            t0 = time.perf_counter()
            index.search(q, 11)  # the query word itself comes first, as galaxy excludes it
            ts.append(time.perf_counter() - t0)
        faiss_t.append(statistics.median(ts))
        words = [kv.index_to_key[i] for i in query_rows]
        ts = []
        for w in words:
            t0 = time.perf_counter()
            kv.most_similar(w, topn=10)
            ts.append(time.perf_counter() - t0)
        ms_t.append(statistics.median(ts))
        an_t.append(median_time(
            lambda: kv.most_similar(positive=["king", "woman"], negative=["man"], topn=10), 15))
        t0 = time.perf_counter()
        pca = PCA(3, svd_solver="full")
        sk_pos = pca.fit_transform(kv.vectors)
        pca_t.append(time.perf_counter() - t0)

    def gmed(name):
        return statistics.median(m[name] for m in micro_runs)

    # ---- evaluation
    questions = args.questions
    tmp = tempfile.TemporaryDirectory()
    if args.quick:
        questions = os.path.join(tmp.name, "questions-quick.txt")
        subset_questions(args.questions, 10, questions)
    log("evaluation: galaxy")
    g_eval1 = galaxy_eval(galaxy, args.galaxy_file, questions)
    log("evaluation: gensim (slow)")
    t0 = time.perf_counter()
    _, sections = kv.evaluate_word_analogies(questions, restrict_vocab=300000, case_insensitive=True)
    p_eval = time.perf_counter() - t0
    total = [s for s in sections if s["section"] == "Total accuracy"][0]
    p_correct, p_answered = len(total["correct"]), len(total["correct"]) + len(total["incorrect"])
    log("evaluation: galaxy again")
    g_eval2 = galaxy_eval(galaxy, args.galaxy_file, questions)
    g_eval = statistics.median([g_eval1[0], g_eval2[0]])

    # ---- identical results
    checks = []
    same_topk = True
    for w in ["king", "paris", "computer", "the", "frog", "beautiful"] + words[:6]:
        _, out = run([galaxy, "neighbors", w, "-k", "10", "--data", args.galaxy_file])
        mine = [line.split("\t")[0] for line in out.splitlines()]
        theirs = [x for x, _ in kv.most_similar(w, topn=10)]
        if mine != theirs:
            same_topk = False
            log(f"top-10 differs for {w}: {mine} vs {theirs}")
    checks.append(("top-10 neighbours identical to gensim most_similar (12 words)", same_topk))
    _, out = run([galaxy, "analogy", "man", "king", "woman", "-k", "10", "--data", args.galaxy_file])
    mine = [line.split("\t")[0] for line in out.splitlines()]
    theirs = [x for x, _ in kv.most_similar(positive=["king", "woman"], negative=["man"], topn=10)]
    checks.append(("3CosAdd man:king::woman:? top-10 identical to gensim", mine == theirs))
    proj = os.path.join(tmp.name, "proj.tsv")
    run([galaxy, "project", "--data", args.galaxy_file, "--out", proj])
    pos = np.loadtxt(proj, delimiter="\t", usecols=(1, 2, 3), quotechar=None, comments=None,
                     dtype=np.float64)
    centred = kv.vectors.astype(np.float64) - kv.vectors.astype(np.float64).mean(axis=0)
    comps = np.linalg.lstsq(centred[:20000], pos[:20000], rcond=None)[0]  # recover components
    diff = max(min(np.abs(comps[:, c] - pca.components_[c]).max(),
                   np.abs(comps[:, c] + pca.components_[c]).max()) for c in range(3))
    checks.append((f"PCA components equal sklearn's up to sign (max diff {diff:.1e} <= 1e-4)",
                   diff <= 1e-4))
    checks.append((f"eval analogies correct count: galaxy {g_eval1[1]}/{g_eval1[2]}, "
                   f"gensim {p_correct}/{p_answered}",
                   g_eval1[1] == p_correct and g_eval1[2] == p_answered))

    # ---- scaling (synthetic micro-benchmarks)
    scaling = ""
    if args.micro:
        log("synthetic micro-benchmarks")
        _, out = run([bench, "--benchmark_filter=^BM_", "--benchmark_format=json",
                      "--benchmark_min_time=0.2"])
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
        table_rows, sizes = {}, []
        for b in json.loads(out)["benchmarks"]:
            name, size = b["name"].split("/")[0], int(b["name"].split("/")[1])
            if size not in sizes:
                sizes.append(size)
            table_rows.setdefault(name, {})[size] = b["real_time"] * scale[b["time_unit"]]
        head = "| kernel (seeded random x 100) | " + " | ".join(f"{n:,} rows" for n in sizes) + " |"
        lines_s = [head, "|---" * (len(sizes) + 1) + "|"]
        for name, by_size in table_rows.items():
            lines_s.append(f"| {name[3:]} | " + " | ".join(
                (f"{by_size[n] * 1e3:.3f} ms" if n in by_size else "-") for n in sizes) + " |")
        scaling = ("\n## Scaling (micro-benchmarks, synthetic data)\n\n"
                   "Google Benchmark, real time per operation, same run. Parse = GloVe text load "
                   "(both cores); TopK = the two-pass exact search (int8 bound + float32 re-rank); "
                   "TopKScalar = the same with the scalar kernels forced; TopKFullScan = every "
                   "float32 score + heap (the reference it must reproduce). Cost grows linearly "
                   "with rows.\n\n" + "\n".join(lines_s) + "\n")

    # ---- table
    rows = []

    def add(work, g, p, peer, target, ratio_target=None, met=None):
        ratio = p / g if (p and g) else None
        if met is None and ratio_target is not None:
            met = ratio >= ratio_target
        rows.append((work, g, p, peer, ratio, target, met))

    add("load GloVe text (296 MB) to ready-to-query (`galaxy info`, whole process)",
        statistics.median(g_load), statistics.median(p_load), "gensim load_word2vec_format",
        ">= 15x", 15)
    go = statistics.median(g_open)
    rows.append(("open .galaxy binary (`galaxy info`, whole process)", go, None, "-", None,
                 "<= 50 ms", go <= 0.05))
    add("PCA to 3 on all 341k points", gmed("real/pca3"), statistics.median(pca_t),
        "sklearn PCA(3, svd_solver='full').fit_transform", ">= 20x", 20)
    add("exact top-10 cosine, one query", gmed("real/topk10"), statistics.median(faiss_t),
        "FAISS IndexFlatIP (normalised)", ">= 8x", 8)
    add("exact top-10 cosine, one query", gmed("real/topk10"), statistics.median(ms_t),
        "gensim most_similar", ">= 8x", 8)
    add("exact top-10 cosine, one query, forced scalar kernels", gmed("real/topk10_scalar"),
        statistics.median(faiss_t), "FAISS IndexFlatIP (normalised)", "(info)", None, None)
    add("one analogy query, 3CosAdd", gmed("real/analogy_add"), statistics.median(an_t),
        "gensim most_similar(positive, negative)", ">= 8x", 8)
    add(f"eval analogies{' (every 10th question, --quick)' if args.quick else ''}, restrict 300000",
        g_eval, p_eval, "gensim evaluate_word_analogies", ">= 20x", 20)
    g_peak = statistics.median(g_rss) / 1024 * 1.048576
    rows.append(("peak memory of `galaxy info` on the text file (MB)", g_peak,
                 statistics.median(p_rss) / 1024 * 1.048576, "gensim load (whole process)", None,
                 f"<= 1.5x matrix ({1.5 * matrix_mb:.0f} MB)", g_peak <= 1.5 * matrix_mb))

    def fmt_t(x):
        if x is None:
            return "-"
        return f"{x * 1e3:.2f} ms" if x < 1 else f"{x:.2f} s"

    lines = ["| work | galaxy | peer | peer tool | ratio (peer / galaxy) | target | met? |",
             "|---|---|---|---|---|---|---|"]
    for work, g, p, peer, ratio, target, met in rows:
        if "memory" in work:
            gs, ps = f"{g:.0f} MB", f"{p:.0f} MB"
        else:
            gs, ps = fmt_t(g), fmt_t(p)
        rs = f"{ratio:.1f}x" if ratio else "-"
        ms = "-" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {work} | {gs} | {ps} | {peer} | {rs} | {target} | {ms} |")
    table = "\n".join(lines)
    check_lines = "\n".join(f"- [{'x' if ok else ' '}] {name}" for name, ok in checks)
    print(table)
    print(check_lines)

    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    flags = open("/proc/cpuinfo").read()
    isa = "AVX2" if " avx2" in flags else "no AVX2"
    machine = (f"{cpu}, {os.cpu_count()} cores (nproc), {isa}, {platform.system()} "
               f"{platform.release()}; Python {platform.python_version()}, gensim "
               f"{__import__('gensim').__version__}, FAISS {faiss.__version__}, scikit-learn "
               f"{__import__('sklearn').__version__}, numpy {np.__version__}")
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cmd = ("scripts/bench.sh --questions /path/to/questions-words.txt" +
           (" --quick" if args.quick else "") + (" --micro" if args.micro else ""))
    doc = f"""# Benchmarks

Embedding Galaxy against gensim, FAISS and scikit-learn on the full GloVe 6B 100d
({info['words']:,} x {info['dims']}, float32 matrix {matrix_mb:.0f} MB), measured side by side in one
run of `scripts/bench_peers.py` ({args.rounds} alternating rounds, medians). The machines are shared
and noisy: only the ratios, measured side by side, mean anything.

- Machine: {machine}
- Date: {date}
- Galaxy build: Release, portable (no `-march=native`); SIMD kernels chosen at run time.

{table}

Galaxy's one-query and PCA figures are in-process (Google Benchmark, `galaxy_benchmarks` with
`GALAXY_BENCH_DATA` = the `.galaxy` file: top-10 of a word, the word excluded, cycling over 50k
words; `man : king :: woman : ?`), the peers' too (Python timers around the call; FAISS searches 11
to drop the query word). Load, open, evaluation and memory are whole `galaxy` processes
(`galaxy info`, `galaxy eval analogies`) against gensim in a fresh Python process.

{scaling}
## Identical results

{check_lines}

## Re-run

```sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2
{cmd}
# micro-benchmarks alone (synthetic 10k / 100k / 341k x 100; add GALAXY_BENCH_DATA=file for real/*):
build-bench/galaxy_benchmarks
```

`--quick` evaluates every 10th question of each section on both sides (gensim's full evaluation
takes about 7 minutes); without it the full questions file is used.
"""
    with open(args.out, "w") as f:
        f.write(doc)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
