#!/usr/bin/python3
"""Side-by-side speed comparison of Embedding Galaxy with gensim, FAISS and scikit-learn.

One run, one machine, alternating rounds (galaxy, peers, galaxy, peers, ...); prints medians and
ratios (peer time / galaxy time) and writes BENCHMARKS.md. Also checks that the answers agree:
top-10 neighbours and the 3CosAdd analogy identical to gensim, PCA components equal to sklearn's to
1e-4 up to sign, and the same correct count in the analogy evaluation.

Galaxy figures: the CLI (`galaxy info`, `galaxy eval analogies`) for whole-program work, and the
Google Benchmark binary (`galaxy_benchmarks`, GALAXY_BENCH_DATA=the .galaxy file,
--benchmark_format=json) for one query / PCA, where process start-up would dominate.

Also, unless switched off: a scaling table (galaxy's load, open, top-10, analogy, PCA and peak
memory on the first 10k / 100k words of GloVe, all 341k, and a seeded 1,000,000 x 300 file generated
once into data/scaling/, about 2.6 GB of text), and the frame time of the real renderer
(galaxy_frame_bench under xvfb-run) on the bundled 45k galaxy and on all 341k words.

Usage (Debian's /usr/bin/python3 with python3-gensim, python3-faiss, python3-sklearn):
  scripts/bench_peers.py --questions /path/questions-words.txt [--quick] [--rounds 3]
                         [--no-scaling] [--no-frames]
"""
import argparse
import datetime
import json
import os
import platform
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

# Linux carries a process's resident set across fork and exec into its peak (ru_maxrss / "Maximum
# resident set size"), so a child started straight from this Python, which holds numpy, gensim,
# FAISS and scikit-learn (~130 MB), would report at least that. Children are therefore started from
# a small intermediate: GNU time when installed (~2 MB), else a minimal Python (`-S`, ~9 MB).
PEAK_HELPER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured_child(cmd):
    """Runs cmd; returns (wall seconds, peak RSS of cmd alone in kB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        if os.path.exists("/usr/bin/time"):
            wrapped = ["/usr/bin/time", "-q", "-f", "%M", "-o", report.name] + cmd
        else:
            wrapped = ["/usr/bin/python3", "-S", "-c", PEAK_HELPER, report.name] + cmd
        t0 = time.perf_counter()
        proc = subprocess.run(wrapped, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
        report.seek(0)
        return elapsed, int(report.read().split()[-1]), proc.stdout


GENSIM_LOAD = r"""
import sys, time, json
from gensim.models import KeyedVectors
t0 = time.perf_counter()
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=False, no_header=True)
t = time.perf_counter() - t0
print(json.dumps({"seconds": t}))
"""


def gensim_load_child(text_path):
    _, maxrss_kb, out = measured_child([sys.executable, "-c", GENSIM_LOAD, text_path])
    return dict(json.loads(out), maxrss_kb=maxrss_kb)


def galaxy_info_child(galaxy, path):
    """Wall time and peak RSS of one `galaxy info` run."""
    elapsed, maxrss_kb, out = measured_child([galaxy, "info", "--data", path])
    fields = dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)
    return {"seconds": elapsed, "maxrss_kb": maxrss_kb,
            "load_seconds": float(fields.get("load_seconds", "nan")),
            "words": int(fields.get("words", "0")), "dims": int(fields.get("dimensions", "0"))}


def micro(bench, galaxy_file, min_time, pattern="^real/"):
    env = dict(os.environ, GALAXY_BENCH_DATA=galaxy_file)
    _, out = run([bench, f"--benchmark_filter={pattern}", "--benchmark_format=json",
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


def galaxy_peak_child(galaxy, args):
    """Peak RSS (kB) of one galaxy subcommand, e.g. ["neighbors", "king", "--data", FILE]."""
    return measured_child([galaxy] + args)[1]


# --- scaling: the same galaxy figures at 10k, 100k, 341k words and on a generated 1M x 300 file --

def write_synthetic_text(path, rows, dims, seed=300, chunk=10000):
    """GloVe-style text: words w0000000, w0000001, ...; values normal(0, 0.4), seeded, as %.5f.
    Vectorised (a lookup table of every "d.ddddd"), about a minute for 1,000,000 x 300."""
    import numpy as np
    rng = np.random.default_rng(seed)
    word_digits = max(7, len(str(rows - 1)))
    q_all = np.arange(1000000)
    table = np.empty((1000000, 7), dtype=np.uint8)  # "d.ddddd" of q / 1e5
    table[:, 1] = ord(".")
    for col, power in zip((0, 2, 3, 4, 5, 6), (5, 4, 3, 2, 1, 0)):
        table[:, col] = ord("0") + (q_all // 10 ** power) % 10
    row_bytes = 1 + word_digits + dims * 9 + 1
    partial = path + ".partial"
    with open(partial, "wb") as out:
        for r0 in range(0, rows, chunk):
            n = min(chunk, rows - r0)
            values = rng.normal(0.0, 0.4, size=(n, dims)).astype(np.float32)
            q = np.minimum(np.rint(np.abs(values) * 1e5), 999999).astype(np.int32)
            buf = np.empty((n, row_bytes), dtype=np.uint8)
            buf[:, 0] = ord("w")
            ids = np.arange(r0, r0 + n)
            for k in range(word_digits):
                buf[:, word_digits - k] = ord("0") + (ids // 10 ** k) % 10
            cells = buf[:, 1 + word_digits:-1].reshape(n, dims, 9)  # " -d.ddddd"
            cells[:, :, 0] = ord(" ")
            cells[:, :, 1] = ord("-")
            cells[:, :, 2:] = table[q]
            buf[:, -1] = ord("\n")
            keep = np.ones((n, row_bytes), dtype=bool)  # the minus only where negative
            keep[:, 1 + word_digits:-1].reshape(n, dims, 9)[:, :, 1] = (values < 0) & (q != 0)
            out.write(buf[keep].tobytes())
    os.replace(partial, path)


def head_rows(src, rows, path):
    """The first `rows` lines of a GloVe text file (the most frequent words)."""
    partial = path + ".partial"
    with open(src, "rb") as inp, open(partial, "wb") as out:
        for i, line in enumerate(inp):
            if i == rows:
                break
            out.write(line)
    os.replace(partial, path)


def scaling_inputs(galaxy, args):
    """[(label, text file, .galaxy file)], generated into data/scaling/ once and reused."""
    folder = os.path.join(ROOT, "data", "scaling")
    os.makedirs(folder, exist_ok=True)
    inputs = []
    for rows in (10000, 100000):
        text = os.path.join(folder, f"glove.6B.100d.top{rows}.txt")
        if not os.path.exists(text):
            head_rows(args.text, rows, text)
        inputs.append((f"GloVe top {rows:,}", text))
    inputs.append(("GloVe all", args.text))
    text = os.path.join(folder, "synthetic-1000000x300.txt")
    if not os.path.exists(text):
        log("scaling: generating the 1,000,000 x 300 text file (once, about 2.6 GB)")
        write_synthetic_text(text, 1000000, 300)
    inputs.append(("seeded normal(0, 0.4)", text))
    out = []
    for label, text in inputs:
        if text == args.text:
            binary = args.galaxy_file
        else:
            binary = os.path.splitext(text)[0] + ".galaxy"
            if not os.path.exists(binary):
                run([galaxy, "convert", text, binary])
        out.append((label, text, binary))
    return out


def scaling_section(galaxy, bench, args):
    inputs = scaling_inputs(galaxy, args)
    pattern = "^real/(topk10|analogy_add|pca3)$"
    runs = {text: {"load": [], "open": [], "rss": [], "micro": []} for _, text, _ in inputs}
    shape = {}
    for r in range(args.rounds):
        for label, text, binary in inputs:
            log(f"scaling round {r + 1}/{args.rounds}: {os.path.basename(text)}")
            info = galaxy_info_child(galaxy, text)
            shape[text] = (info["words"], info["dims"])
            runs[text]["load"].append(info["seconds"])
            runs[text]["rss"].append(info["maxrss_kb"])
            runs[text]["open"].append(galaxy_info_child(galaxy, binary)["seconds"])
            runs[text]["micro"].append(micro(bench, binary, 0.3, pattern))

    def fmt(seconds):
        if seconds >= 1:
            return f"{seconds:.2f} s"
        return f"{seconds * 1e3:.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.0f} us"

    heads = [f"{shape[t][0]:,} x {shape[t][1]}<br>{label}" for label, t, _ in inputs]
    lines = ["| galaxy work | " + " | ".join(heads) + " |", "|---" * (len(inputs) + 1) + "|"]

    def time_row(name, pick, dims_power=1):
        unit = "ns/wd" if dims_power == 1 else "ns/wd²"
        cells = []
        for _, text, _ in inputs:
            t = pick(runs[text])
            words, dims = shape[text]
            cells.append(f"{fmt(t)}<br>{t / (words * dims ** dims_power) * 1e9:.3g} {unit}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    med = statistics.median
    time_row("load text to ready-to-query (`galaxy info`, whole process)", lambda r: med(r["load"]))
    time_row("open .galaxy (`galaxy info`, whole process)", lambda r: med(r["open"]))
    time_row("exact top-10 cosine, one query",
             lambda r: med(m["real/topk10"] for m in r["micro"]))
    time_row("one analogy query, 3CosAdd", lambda r: med(m["real/analogy_add"] for m in r["micro"]))
    time_row("PCA to 3 (per word x dimension²)", lambda r: med(m["real/pca3"] for m in r["micro"]),
             dims_power=2)
    cells = []
    for _, text, _ in inputs:
        words, dims = shape[text]
        peak_mb = med(runs[text]["rss"]) * 1.024e-3  # kB of 1024 bytes -> MB of 10^6
        cells.append(f"{peak_mb:.0f} MB<br>{peak_mb / (words * dims * 4 / 1e6):.2f}x matrix")
    lines.append("| peak memory of `galaxy info` on the text file | " + " | ".join(cells) + " |")
    return ("\n## Scaling\n\n"
            "Galaxy's figures on the first 10,000 and 100,000 words of GloVe 6B 100d (the file's "
            "first lines, the most frequent words), on all of it, and on a generated 1,000,000 x "
            "300 text file (seeded, `data/scaling/`, generated once and reused; 2.6 GB). Same "
            f"measurements as above, {args.rounds} rounds, medians. **ns/wd** is the time divided "
            "by words x dimensions: when it stays flat along a row, the cost is linear in words x"
            " dimensions. Whole-process figures (load, open) carry a few milliseconds of process "
            "start-up, which dominates the smallest file; the 3CosAdd query adds the three input "
            "vectors before one top-k search. One query's scan is memory-bound once the int8 copy"
            " (words x dimensions bytes) outgrows the CPU cache, which the 10k and 100k sets fit."
            " PCA forms the dimensions x dimensions covariance, so it is linear in words and "
            "quadratic in dimensions: its row shows ns per word x dimension² (**ns/wd²**). Peak "
            "memory carries a fixed ~25 MB (two 8 MiB text blocks, the program), which dominates "
            "the small files and fades to the matrix alone at 1,000,000 x 300.\n\n" +
            "\n".join(lines) + "\n")


# --- frame time: the real renderer under Xvfb + Mesa (llvmpipe) --------------------------------

def frame_section(frame_bench, files, rounds):
    if not os.path.exists(frame_bench):
        return ("\n## Frame time\n\nNot measured: `galaxy_frame_bench` is not built "
                f"({frame_bench}).\n")
    results = {path: [] for path in files}
    for r in range(rounds):
        for path in files:
            log(f"frame time round {r + 1}/{rounds}: {os.path.basename(path)}")
            _, out = run(["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", frame_bench, path])
            results[path].append(dict(line.split("\t", 1) for line in out.splitlines()
                                      if "\t" in line))
    gpu = "none"
    try:
        listed = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True)
        if listed.returncode == 0 and listed.stdout.strip():
            gpu = listed.stdout.strip().splitlines()[0]
    except OSError:
        pass
    if gpu == "none" and os.path.isdir("/dev/dri") and any(
            name.startswith("renderD") for name in os.listdir("/dev/dri")):
        gpu = "a DRM render node (/dev/dri)"
    first = results[files[0]][0]
    budget_key = [k for k in first if k.startswith("moving_")][0]
    budget = budget_key.split("_")[1]
    lines = ["| stars | frame size | all stars (ms per frame) | "
             f"camera moving: {int(budget):,} most frequent stars (ms per frame) |",
             "|---|---|---|---|"]
    for path in files:
        runs_ = results[path]
        all_ms = statistics.median(float(x["all_stars_ms"]) for x in runs_)
        lod_ms = statistics.median(float(x[budget_key]) for x in runs_)
        lines.append(f"| {int(runs_[0]['stars']):,} (`{os.path.relpath(path, ROOT)}`) | "
                     f"{runs_[0]['size']} | {all_ms:.1f} | {lod_ms:.1f} |")
    renderer = first.get("renderer", "unknown")
    software = any(k in renderer.lower() for k in ("llvmpipe", "softpipe", "swrast"))
    if gpu == "none":
        gpu_line = ("No GPU figure: this machine has no GPU (no `nvidia-smi` device, no "
                    "`/dev/dri` render node), so only the software renderer was measured. On a "
                    "machine with one, run `galaxy_frame_bench FILE` in a desktop session, "
                    "without xvfb-run.")
    elif software:
        gpu_line = (f"This machine has a GPU ({gpu}), but Xvfb renders in software; for the GPU "
                    "figure run `galaxy_frame_bench FILE` in a desktop session, without xvfb-run.")
    else:
        gpu_line = f"GPU: {gpu}."
    return ("\n## Frame time\n\n"
            "`galaxy_frame_bench` (tests/frame_bench/frame_time.cpp): the real renderer drawing "
            "the star field offscreen while the camera orbits, median of 15 frames after 2 warm-up "
            f"frames, {rounds} runs, medians; run under "
            "`xvfb-run -a -s \"-screen 0 1920x1080x24\"`. Renderer: "
            f"{renderer}. The window draws every star when the camera rests and only the "
            f"{int(budget):,} most frequent while it moves.\n\n" + "\n".join(lines) +
            f"\n\n{gpu_line}\n")


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
    ap.add_argument("--no-scaling", action="store_true",
                    help="skip the scaling table (10k / 100k / 341k words and a generated "
                         "1,000,000 x 300 file)")
    ap.add_argument("--no-frames", action="store_true",
                    help="skip the frame-time section (galaxy_frame_bench under xvfb-run)")
    ap.add_argument("--bundled", default=os.path.join(ROOT, "assets/glove-6B-100d-top45k.galaxy"))
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
    # What a query process holds on top: the cosine index (unit-normalised float32 + int8 copies).
    query_rss_kb = galaxy_peak_child(galaxy, ["neighbors", "king", "--data", args.text])

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
        pca.fit_transform(kv.vectors)  # the timed call; its output is not needed
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
        scaling = ("\n## Micro-benchmarks (synthetic data)\n\n"
                   "Google Benchmark, real time per operation, same run. Parse = GloVe text load "
                   "(both cores); TopK = the two-pass exact search (int8 bound + float32 re-rank); "
                   "TopKScalar = the same with the scalar kernels forced; TopKFullScan = every "
                   "float32 score + heap (the reference it must reproduce). Cost grows linearly "
                   "with rows.\n\n" + "\n".join(lines_s) + "\n")

    def guarded_section(title, make):
        try:
            return make()
        except (SystemExit, OSError, ValueError, KeyError, IndexError) as error:
            log(f"{title} failed: {error}")
            return f"\n## {title}\n\nNot measured in this run: {str(error).splitlines()[0]}\n"

    scaling_table = "" if args.no_scaling else guarded_section(
        "Scaling", lambda: scaling_section(galaxy, bench, args))
    frames = "" if args.no_frames else guarded_section("Frame time", lambda: frame_section(
        os.path.join(args.build, "tests", "galaxy_frame_bench"), [args.bundled, args.galaxy_file],
        args.rounds))

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
    rows.append(("peak memory of `galaxy neighbors` on the text file: load + cosine index (MB)",
                 query_rss_kb / 1024 * 1.048576, None, "-", None, "(info)", None))

    def fmt_t(x):
        if x is None:
            return "-"
        return f"{x * 1e3:.2f} ms" if x < 1 else f"{x:.2f} s"

    lines = ["| work | galaxy | peer | peer tool | ratio (peer / galaxy) | target | met? |",
             "|---|---|---|---|---|---|---|"]
    for work, g, p, peer, ratio, target, met in rows:
        if "memory" in work:
            gs, ps = f"{g:.0f} MB", (f"{p:.0f} MB" if p else "-")
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
           (" --quick" if args.quick else "") + (" --micro" if args.micro else "") +
           (" --no-scaling" if args.no_scaling else "") + (" --no-frames" if args.no_frames else ""))
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

Peak memory is the whole process's maximum resident set (GNU time's "Maximum resident set
size", started from a small process so none of the benchmark script's own memory is counted), in
MB of 10^6 bytes. "Ready-to-query" is the loaded vectors plus the word lookup table, which is all
`galaxy info` builds: the text is read in 8 MiB blocks parsed on every core and appended, block by
block, to the one final matrix. A query command also builds the cosine index (a unit-normalised
float32 copy and an int8 copy, 1.25x the matrix more), shown in the `galaxy neighbors` row for
reference; gensim's figure is its load alone.
{scaling_table}{frames}{scaling}
## Identical results

{check_lines}

## Re-run

```sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2
{cmd}
# micro-benchmarks alone (synthetic 10k / 100k / 341k x 100; add GALAXY_BENCH_DATA=file for real/*):
build-bench/galaxy_benchmarks
# frame time alone (software GL under Xvfb; on a desktop with a GPU, without xvfb-run):
xvfb-run -a -s "-screen 0 1920x1080x24" build-bench/tests/galaxy_frame_bench data/glove.6B.100d.galaxy
```

`--quick` evaluates every 10th question of each section on both sides (gensim's full evaluation
takes about 7 minutes); without it the full questions file is used.
"""
    # The layout section (scripts/bench_layouts.py) is measured separately: keep it.
    if os.path.exists(args.out):
        old = open(args.out, encoding="utf-8").read()
        if "<!-- layouts:begin -->" in old and "<!-- layouts:end -->" in old:
            kept = old[old.index("<!-- layouts:begin -->"):old.index("<!-- layouts:end -->")]
            doc = doc.rstrip("\n") + "\n\n" + kept + "<!-- layouts:end -->\n"
    with open(args.out, "w") as f:
        f.write(doc)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
