#!/usr/bin/env bash
# Side-by-side: ./transhash eval against a straightforward numpy implementation of the same
# protocol (eval_numpy.py: full distance matrix, stable argsort), same .npy files. Prints both
# JSON/text outputs; the mAP@all and P@H<=2 of both must agree.
#   transhash-bench/scripts/eval_vs_numpy.sh [WORK_DIR]     (needs python3-numpy)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/transhash-eval-bench}"
mkdir -p "$work"
py=/usr/bin/python3
np_eval="$root/transhash-bench/scripts/eval_numpy.py"
"$root/transhash" --version >/dev/null
for size in "1000 64000" "10000 60000"; do
  set -- $size
  prefix="$work/e${1}x${2}_"
  [ -f "${prefix}db_codes.npy" ] || $py "$np_eval" generate --nq "$1" --ndb "$2" --bits 64 --prefix "$prefix"
  echo "## $1 queries x $2 database, 64 bits, mAP@all with all curves"
  for threads in 1 2; do
    "$root/transhash" eval --query-codes "${prefix}query_codes.npy" --db-codes "${prefix}db_codes.npy" \
      --query-labels "${prefix}query_labels.npy" --db-labels "${prefix}db_labels.npy" \
      --threads $threads --out "$work/report_${1}_t$threads"
  done
  $py "$np_eval" eval --query-codes "${prefix}query_codes.npy" --db-codes "${prefix}db_codes.npy" \
    --query-labels "${prefix}query_labels.npy" --db-labels "${prefix}db_labels.npy"
done
