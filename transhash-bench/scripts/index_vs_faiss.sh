#!/usr/bin/env bash
# Side-by-side: ./transhash search against FAISS binary indexes (Debian's python3-faiss), one
# process each, same .npy files, 1,000 queries, one thread unless stated. Prints the JSON lines
# of both and checks that our distances equal FAISS IndexBinaryFlat's for every query.
#   transhash-bench/scripts/index_vs_faiss.sh [WORK_DIR]      (needs python3-faiss, python3-numpy)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
faiss="${FAISS_BENCH:-$root/../shared/bench/faiss_binary.py}"
work="${1:-/tmp/transhash-index-bench}"
mkdir -p "$work"
cd "$work"
py=/usr/bin/python3
th="$root/transhash"
"$th" --version >/dev/null   # build first, outside the timings

same_distances() {  # faiss_dist ours_dist
  $py -c "import numpy as np,sys; a=np.load(sys.argv[1]); b=np.load(sys.argv[2]); \
print('distances equal to FAISS flat:', bool((a==b).all()), a.shape)" "$1" "$2"
}

for bits in 64 256; do
  [ -f "db$bits.npy" ] || $py "$faiss" generate --n 1000000 --bits $bits --seed 0 --out "db$bits.npy"
  [ -f "q$bits.npy" ] || $py "$faiss" generate --n 1000 --bits $bits --seed 1 --out "q$bits.npy"
  for k in 10 100; do
    echo "## uniform random, $bits bits, k=$k"
    $py "$faiss" search --db "db$bits.npy" --queries "q$bits.npy" --k $k --threads 1 --out-dist "faiss_d.npy"
    "$th" search --db "db$bits.npy" --queries "q$bits.npy" --k $k --threads 1 --out-dist "ours_d.npy"
    same_distances faiss_d.npy ours_d.npy
    "$th" search --db "db$bits.npy" --queries "q$bits.npy" --k $k --threads 1 --index mih
    $py "$faiss" search --db "db$bits.npy" --queries "q$bits.npy" --k $k --threads 2
    "$th" search --db "db$bits.npy" --queries "q$bits.npy" --k $k --threads 2
  done
done

[ -f cdb64.npy ] || $py "$root/transhash-bench/scripts/clustered_codes.py" --n 1000000 --queries 10000 \
    --bits 64 --centres 1000 --flip 0.1 --seed 0 --db cdb64.npy --query-out cq64_10k.npy
[ -f cq64.npy ] || $py -c "import numpy as np; np.save('cq64.npy', np.load('cq64_10k.npy')[:1000])"
for k in 10 100; do
  echo "## clustered (1,000 centres, flip 0.1), 64 bits, k=$k"
  $py "$faiss" search --db cdb64.npy --queries cq64.npy --k $k --threads 1 --out-dist faiss_d.npy
  "$th" search --db cdb64.npy --queries cq64.npy --k $k --index mih --out-dist ours_d.npy
  same_distances faiss_d.npy ours_d.npy
  "$th" search --db cdb64.npy --queries cq64.npy --k $k --index linear
  $py "$faiss" search --db cdb64.npy --queries cq64.npy --k $k --threads 1 --index multihash --truth-dist faiss_d.npy
  $py "$faiss" search --db cdb64.npy --queries cq64.npy --k $k --threads 1 --index hnsw --truth-dist faiss_d.npy
done
echo "## clustered, 64 bits, k=10, 10,000 queries: thread scaling"
for t in 1 2; do
  "$th" search --db cdb64.npy --queries cq64_10k.npy --k 10 --index mih --threads $t
  "$th" search --db cdb64.npy --queries cq64_10k.npy --k 10 --index linear --threads $t
done
$py "$faiss" search --db cdb64.npy --queries cq64_10k.npy --k 10 --threads 2
