#!/usr/bin/env python3
"""A straightforward numpy implementation of the retrieval protocol, for side-by-side timing and
cross-checking of `transhash eval`: the full queries x database Hamming matrix, a stable argsort
per query, then mAP@K, precision/recall every 100 ranks, P@N and the radius metrics, as
EVALUATION.md defines them (stable ties, zero-relevant queries counted as 0, single-label ids).

  eval_numpy.py generate --nq 1000 --ndb 64000 --bits 64 --classes 10 --seed 0 --prefix DIR/x
  eval_numpy.py eval --query-codes Q.npy --db-codes D.npy --query-labels QL.npy --db-labels DL.npy
      [--topk K] [--bit-range FROM:TO]   prints one JSON line: seconds and the headline figures;
      --bit-range evaluates bits FROM..TO-1 of every code alone (one head of a dual-stream code:
      the global head is bits 0:B/2, local head k bits B/2+k*B/(2K) onwards)
"""
import argparse, json, sys, time

import numpy as np

POP = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def generate(a):
    rng = np.random.default_rng(a.seed)
    centres = rng.integers(0, 2, size=(a.classes, a.bits), dtype=np.uint8)
    for name, n in (("query", a.nq), ("db", a.ndb)):
        labels = rng.integers(0, a.classes, size=n)
        bits = centres[labels] ^ (rng.random((n, a.bits)) < a.flip)
        np.save(f"{a.prefix}{name}_codes.npy", np.packbits(bits.astype(np.uint8), axis=1))
        np.save(f"{a.prefix}{name}_labels.npy", labels.astype(np.int64))


def evaluate(a):
    q = np.load(a.query_codes); d = np.load(a.db_codes)
    ql = np.load(a.query_labels); dl = np.load(a.db_labels)
    bits = q.shape[1] * 8
    if a.bit_range:
        start, stop = (int(x) for x in a.bit_range.split(":"))
        if not 0 <= start < stop <= q.shape[1] * 8:
            sys.exit(f"--bit-range {a.bit_range} is outside the codes' {q.shape[1] * 8} bits")
        q, d = (np.packbits(np.unpackbits(c, axis=1)[:, start:stop], axis=1) for c in (q, d))
        bits = stop - start  # packbits pads with zero bits, equal in every code
    t = time.perf_counter()
    n = d.shape[0]
    k = n if a.topk in (None, "all") else min(int(a.topk), n)
    dist = np.zeros((q.shape[0], n), dtype=np.int32)      # the queries x database matrix
    for b in range(q.shape[1]):
        dist += POP[np.bitwise_xor(q[:, b:b + 1], d[None, :, b])]
    ranks = np.arange(1, n + 1)
    aps, curve_p, curve_r, radius_p = [], [], [], []
    steps = np.minimum(np.arange(100, n + 100, 100), n) - 1
    for i in range(q.shape[0]):
        order = np.argsort(dist[i], kind="stable")
        rel = (dl[order] == ql[i]).astype(np.float64)
        cum = np.cumsum(rel)
        total = cum[-1]
        hits = cum[k - 1]
        aps.append(0.0 if hits == 0 else float(np.sum((cum[:k] / ranks[:k]) * rel[:k]) / hits))
        curve_p.append(cum[steps] / ranks[steps])
        curve_r.append(cum[steps] / max(total, 1))
        within = np.searchsorted(dist[i][order], np.arange(bits + 1), side="right")
        radius_p.append(np.where(within > 0, cum[np.maximum(within - 1, 0)] / np.maximum(within, 1), 0.0))
    took = time.perf_counter() - t
    print(json.dumps({"impl": "numpy", "nq": int(q.shape[0]), "n": int(n), "bits": bits,
                      "k": "all" if k == n else k, "seconds": round(took, 3),
                      "map": round(float(np.mean(aps)), 6),
                      "p_at_h2": round(float(np.mean([r[2] for r in radius_p])), 6),
                      "p_at_1000": round(float(np.mean([c[9] for c in curve_p])), 6) if n >= 1000 else None}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--nq", type=int, required=True)
    g.add_argument("--ndb", type=int, required=True)
    g.add_argument("--bits", type=int, default=64)
    g.add_argument("--classes", type=int, default=10)
    g.add_argument("--flip", type=float, default=0.2)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--prefix", required=True)
    e = sub.add_parser("eval")
    for f in ("--query-codes", "--db-codes", "--query-labels", "--db-labels"):
        e.add_argument(f, required=True)
    e.add_argument("--topk")
    e.add_argument("--bit-range")
    a = p.parse_args()
    generate(a) if a.cmd == "generate" else evaluate(a)


if __name__ == "__main__":
    main()
