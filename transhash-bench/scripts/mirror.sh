#!/usr/bin/env bash
# Scores runs of quality.sh again with mirror-averaged codes (--test-time mirror: each image's
# outputs averaged with its mirror image's before the sign), from the same saved models: the
# database and the queries are encoded again, then evaluated exactly as the run was.
#
#   transhash-bench/scripts/mirror.sh RUN_DIR...
#
# RUN_DIR is a run's folder (bench-out/quality/NAME-MINUTESmin). Each gets RUN_DIR/mirror/ (codes,
# labels, report/) and a line "RUN_DIR mAP@all P@H<=2" against the run's own figures. A folder
# whose mirror/report exists is skipped (move it away to score it again).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -gt 0 ] || { echo "usage: mirror.sh RUN_DIR..." >&2; exit 2; }
field() { # summary.csv column by name
  python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))[sys.argv[2]])' "$1" "$2"
}
for run in "$@"; do
  split=$(ls "$run"/*.split 2>/dev/null | head -1)
  protocol=$(field "$run/report/summary.csv" protocol)
  [ -f "$run/model/model.json" ] && [ -n "$split" ] || { echo "mirror.sh: $run has no model/ or split file" >&2; exit 1; }
  out="$run/mirror"
  if [ ! -f "$out/report/summary.csv" ]; then
    mkdir -p "$out"
    for part in query database; do
      "$root/transhash" encode --model "$run/model" --split "$split" --protocol "$protocol" \
        --part "$part" --test-time mirror --out "$out/$part-codes.npy" --labels "$out/$part-labels.npy" >&2
    done
    "$root/transhash" eval --protocol "$protocol" --method "$(basename "$run")+mirror" \
      --query-codes "$out/query-codes.npy" --query-labels "$out/query-labels.npy" \
      --db-codes "$out/database-codes.npy" --db-labels "$out/database-labels.npy" \
      --out "$out/report" >&2
  fi
  printf '%s  plain %.4f / %.4f  mirror %.4f / %.4f\n' "$(basename "$run")" \
    "$(field "$run/report/summary.csv" map)" "$(field "$run/report/summary.csv" p_at_h2)" \
    "$(field "$out/report/summary.csv" map)" "$(field "$out/report/summary.csv" p_at_h2)"
done
