#!/usr/bin/python3
"""Side-by-side layout benchmark: our UMAP and t-SNE (`galaxy project --method umap|tsne`) against
umap-learn and scikit-learn's Barnes-Hut TSNE, on the same words (the most frequent N of the bundled
galaxy), the same parameters (3D, cosine, n_neighbors 15, min_dist 0.1, perplexity 30), with time
and recall@10 measured the same way for every layout (below). PCA is listed for reference.

recall@10: for each word, the share of its 10 true cosine neighbours (full dimensions, exact) that
are among its 10 nearest points in the layout (Euclidean), averaged over all words.

Writes a Markdown section between the markers <!-- layouts:begin --> and <!-- layouts:end --> of
BENCHMARKS.md (appended when the markers are missing), and prints it.

  scripts/bench_layouts.py --build build [--sizes 10000,45000] [--tsne-peer-sizes 10000]
"""
import argparse
import os
import platform
import re
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def read_galaxy(path):
    """The vectors (float32, rows x dims) of a .galaxy file (geometry/binary_format.h)."""
    with open(path, "rb") as f:
        header = f.read(64)
    magic, version, storage, rows, dims, _, offset = struct.unpack_from("<8sIIQIIQ", header)
    assert magic == b"EGALAXY\0", path
    dtype = np.float32 if storage == 0 else np.float16
    vectors = np.fromfile(path, dtype=dtype, count=rows * dims, offset=offset)
    return vectors.reshape(rows, dims).astype(np.float32)


def true_neighbours(vectors, k=10, chunk=2048):
    """Exact top-k by cosine (self excluded), ties by the lower row."""
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-30)
    n = len(unit)
    out = np.empty((n, k), dtype=np.int64)
    for start in range(0, n, chunk):
        sims = unit[start:start + chunk] @ unit.T
        rows = np.arange(start, min(n, start + chunk))
        sims[rows - start, rows] = -np.inf
        part = np.argpartition(-sims, k, axis=1)[:, :k + 1]
        for i, cand in enumerate(part):
            order = sorted(cand, key=lambda c: (-sims[i, c], c))[:k]
            out[start + i] = order
    return out


def recall_at_10(layout, truth):
    from scipy.spatial import cKDTree
    tree = cKDTree(layout)
    _, near = tree.query(layout, k=11)
    hits = 0
    for r in range(len(layout)):
        mine = [c for c in near[r] if c != r][:10]
        hits += len(set(mine) & set(truth[r].tolist()))
    return hits / (10.0 * len(layout))


def read_layout_tsv(path, dims):
    values = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            values.append([float(x) for x in parts[-dims:]])
    return np.asarray(values, dtype=np.float32)


def run_galaxy(galaxy, data, rows, method, dims=3):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "layout.tsv")
        cmd = [galaxy, "project", "--method", method, "--dims", str(dims), "--data", data,
               "--limit", str(rows), "--out", out]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr}")
        detail = ""
        m = re.search(r"knn graph ([\d.]+) s \((\w+), k=(\d+)\)\tlayout ([\d.]+) s", proc.stderr)
        if m:
            detail = f"graph {m.group(1)} s ({m.group(2)}), layout {m.group(4)} s"
        return read_layout_tsv(out, dims), seconds, detail


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--data", default=os.path.join(ROOT, "assets/glove-6B-100d-top45k.galaxy"))
    ap.add_argument("--sizes", default="10000,45000")
    ap.add_argument("--tsne-peer-sizes", default="10000",
                    help="sizes scikit-learn's t-SNE runs on (it takes minutes per 10k words)")
    ap.add_argument("--no-peers", action="store_true", help="only our layouts")
    ap.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    args = ap.parse_args()
    galaxy = os.path.join(args.build, "galaxy")
    vectors_all = read_galaxy(args.data)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    tsne_peer_sizes = {int(s) for s in args.tsne_peer_sizes.split(",") if s}
    rows_out = []
    for n in sizes:
        vectors = vectors_all[:n]
        log(f"[{n}] true neighbours")
        truth = true_neighbours(vectors)
        results = {}
        for method in ("pca", "umap", "tsne"):
            log(f"[{n}] galaxy {method}")
            layout, seconds, detail = run_galaxy(galaxy, args.data, n, method)
            results["galaxy " + method] = (seconds, recall_at_10(layout, truth), detail)
        if not args.no_peers:
            try:
                import umap  # Debian: umap-learn
                log(f"[{n}] umap-learn")
                start = time.perf_counter()
                layout = umap.UMAP(n_neighbors=15, min_dist=0.1, n_components=3,
                                   metric="cosine").fit_transform(vectors)
                results["umap-learn"] = (time.perf_counter() - start, recall_at_10(layout, truth),
                                         f"umap-learn {umap.__version__}")
            except ImportError as error:
                results["umap-learn"] = (None, None, f"not installed ({error})")
            if n in tsne_peer_sizes:
                import sklearn
                from sklearn.manifold import TSNE
                log(f"[{n}] scikit-learn TSNE (minutes)")
                start = time.perf_counter()
                layout = TSNE(n_components=3, perplexity=30, metric="cosine", init="pca",
                              method="barnes_hut", n_jobs=-1).fit_transform(vectors)
                results["scikit-learn TSNE"] = (time.perf_counter() - start,
                                                recall_at_10(layout, truth),
                                                f"scikit-learn {sklearn.__version__}")
            else:
                results["scikit-learn TSNE"] = (None, None, "not run at this size (minutes)")
        rows_out.append((n, results))

    def fmt_s(x):
        return "—" if x is None else f"{x:.1f} s" if x >= 1 else f"{x * 1000:.0f} ms"

    def fmt_r(x):
        return "—" if x is None else f"{x:.3f}"

    lines = ["<!-- layouts:begin -->", "## Layouts: UMAP and t-SNE side by side", "",
             f"`scripts/bench_layouts.py`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
             f"{cpu_name()}, {os.cpu_count()} cores. The most frequent N words of the bundled "
             "galaxy, 3D, cosine; n_neighbors 15, min_dist 0.1 (UMAP), perplexity 30 (t-SNE). "
             "Time is the whole run (kNN graph included; ours: the `galaxy project` process, "
             "loading included); recall@10 is measured the same way for every layout.", "",
             "| words | layout | time | recall@10 | ratio (peer / ours) | notes |",
             "|---:|---|---:|---:|---:|---|"]
    for n, results in rows_out:
        peers = {"galaxy umap": "umap-learn", "galaxy tsne": "scikit-learn TSNE"}
        for name, (seconds, recall, detail) in results.items():
            ratio = ""
            peer = peers.get(name)
            if peer and results.get(peer, (None,))[0] and seconds:
                ratio = f"{results[peer][0] / seconds:.1f}x"
            lines.append(f"| {n:,} | {name} | {fmt_s(seconds)} | {fmt_r(recall)} | {ratio} | "
                         f"{detail} |")
    lines.append("<!-- layouts:end -->")
    section = "\n".join(lines) + "\n"
    print(section)
    text = open(args.out, encoding="utf-8").read() if os.path.exists(args.out) else ""
    if "<!-- layouts:begin -->" in text and "<!-- layouts:end -->" in text:
        head, rest = text.split("<!-- layouts:begin -->", 1)
        tail = rest.split("<!-- layouts:end -->", 1)[1].lstrip("\n")
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
