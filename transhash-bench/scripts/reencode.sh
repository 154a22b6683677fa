#!/usr/bin/env bash
# Scores finished runs of quality.sh again from their saved models, another way than the run did:
# with another test-time augmentation, or with the last epoch's weights instead of the kept
# epoch's. The database and the queries are encoded again, then evaluated exactly as the run was.
#
#   transhash-bench/scripts/reencode.sh [--test-time mirror|none|mirror-shift] [--last] RUN_DIR...
#
#   --test-time mirror  each image's outputs averaged with its mirror image's before the sign
#                       (the default; what scripts/mirror.sh did)
#   --test-time none    each image as it is (for runs trained with --test-time mirror)
#   --test-time mirror-shift  the mirror's two views and the image moved one pixel up and one down
#                       (four forward passes an image)
#   --last              the newest checkpoint (OUT/checkpoints/epoch-NNN) in place of the epoch
#                       validation kept
#
# RUN_DIR is a run's folder (bench-out/quality/NAME-MINUTESmin). Each gets RUN_DIR/TEST_TIME/, or
# RUN_DIR/TEST_TIME-epoch-NNN/ with --last (codes, labels, report/), and a line
# "RUN_DIR  as trained MAP / P@H<=2  VARIANT MAP / P@H<=2". A folder whose report exists is
# skipped (move it away to score it again).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/transhash-bench/scripts/run_dirs.sh"
usage() { echo "usage: reencode.sh [--test-time mirror|none|mirror-shift] [--last] RUN_DIR..." >&2; exit 2; }
test_time=mirror
last=false
while [ $# -gt 0 ]; do
  case "$1" in
    --test-time) [ $# -ge 2 ] || usage; test_time="$2"; shift 2 ;;
    --last) last=true; shift ;;
    -*) echo "reencode.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
check_test_time reencode.sh "$test_time"
[ $# -gt 0 ] || usage
for run in "$@"; do
  split=$(ls "$run"/*.split 2>/dev/null | head -1 || true)
  [ -f "$run/model/model.json" ] && [ -n "$split" ] && [ -f "$run/report/summary.csv" ] \
    || { echo "reencode.sh: $run has no model/, split file or report/" >&2; exit 1; }
  protocol=$(field "$run/report/summary.csv" protocol)
  weights=()
  variant="$test_time"
  if $last; then
    newest=$(ls -d "$run"/checkpoints/epoch-* 2>/dev/null | sort | tail -1 || true)
    [ -n "$newest" ] || { echo "reencode.sh: $run has no checkpoints/epoch-*" >&2; exit 1; }
    weights=(--weights "$newest/weights.safetensors")
    variant="$test_time-$(basename "$newest")"
  fi
  out="$run/$variant"
  if [ ! -f "$out/report/summary.csv" ]; then
    mkdir -p "$out"
    for part in query database; do
      "$root/transhash" encode --model "$run/model" "${weights[@]}" --split "$split" \
        --protocol "$protocol" --part "$part" --test-time "$test_time" \
        --out "$out/$part-codes.npy" --labels "$out/$part-labels.npy" >&2
    done
    "$root/transhash" eval --protocol "$protocol" --method "$(basename "$run")+$variant" \
      --query-codes "$out/query-codes.npy" --query-labels "$out/query-labels.npy" \
      --db-codes "$out/database-codes.npy" --db-labels "$out/database-labels.npy" \
      --out "$out/report" >&2
  fi
  printf '%s  as trained %.4f / %.4f  %s %.4f / %.4f\n' "$(basename "$run")" \
    "$(field "$run/report/summary.csv" map)" "$(field "$run/report/summary.csv" p_at_h2)" \
    "$variant" "$(field "$out/report/summary.csv" map)" "$(field "$out/report/summary.csv" p_at_h2)"
done
