#!/usr/bin/env python3
"""Writes clustered binary codes as .npy (uint8, numpy packbits order), for index benchmarks.

Draws `centres` random codes; each output code copies a random centre and flips each bit with
probability `flip`. The database and the queries come from one draw, so queries fall in the same
clusters as the database (as real query images do).

  clustered_codes.py --n 1000000 --queries 1000 --bits 64 --centres 1000 --flip 0.1 --seed 0 \
      --db db.npy --query-out q.npy
"""
import argparse

import numpy as np

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("--n", type=int, required=True)
p.add_argument("--queries", type=int, required=True)
p.add_argument("--bits", type=int, required=True)
p.add_argument("--centres", type=int, default=1000)
p.add_argument("--flip", type=float, default=0.1)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--db", required=True)
p.add_argument("--query-out", required=True)
a = p.parse_args()
rng = np.random.default_rng(a.seed)
centres = rng.integers(0, 2, size=(a.centres, a.bits), dtype=np.uint8)
total = a.n + a.queries
out = np.empty((total, a.bits // 8), dtype=np.uint8)
step = 100_000
for start in range(0, total, step):
    m = min(step, total - start)
    bits = centres[rng.integers(0, a.centres, size=m)] ^ (rng.random((m, a.bits)) < a.flip)
    out[start:start + m] = np.packbits(bits.astype(np.uint8), axis=1)
np.save(a.db, out[:a.n])
np.save(a.query_out, out[a.n:])
