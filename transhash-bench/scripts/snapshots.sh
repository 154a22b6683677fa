#!/usr/bin/env bash
# Scores finished runs of quality.sh with two snapshots of one run at test time: the epoch
# validation kept and the last epoch, each image's continuous outputs averaged over the two
# before the sign (a snapshot ensemble: no extra training, twice the encoding). Prints each
# snapshot alone and the two ensembles, scored as the run was (mAP@all, P@H<=2).
#
#   transhash-bench/scripts/snapshots.sh [--test-time mirror|none|mirror-shift] RUN_DIR...
#
#   kept   the model the run saved (OUT/model: the epoch validation kept)
#   last   the newest checkpoint (OUT/checkpoints/epoch-NNN)
#   ens    sign of the sum of the two snapshots' outputs
#   ensn   the same with each image's outputs scaled to unit length first, so that neither
#          snapshot outweighs the other through the size of its outputs
#
# RUN_DIR is a run's folder (bench-out/quality/NAME-MINUTESmin); each gets RUN_DIR/snap/ (codes,
# outputs, labels and one report folder a variant). Encodings already there are reused.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/transhash-bench/scripts/run_dirs.sh"
usage() { echo "usage: snapshots.sh [--test-time mirror|none|mirror-shift] RUN_DIR..." >&2; exit 2; }
test_time=mirror
while [ $# -gt 0 ]; do
  case "$1" in
    --test-time) [ $# -ge 2 ] || usage; test_time="$2"; shift 2 ;;
    -*) echo "snapshots.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
check_test_time snapshots.sh "$test_time"
[ $# -gt 0 ] || usage
for run in "$@"; do
  split=$(ls "$run"/*.split 2>/dev/null | head -1 || true)
  newest=$(ls -d "$run"/checkpoints/epoch-* 2>/dev/null | sort | tail -1 || true)
  [ -f "$run/model/model.json" ] && [ -n "$split" ] && [ -n "$newest" ] \
    && [ -f "$run/report/summary.csv" ] \
    || { echo "snapshots.sh: $run has no model/, split file, checkpoints/epoch-* or report/" >&2; exit 1; }
  protocol=$(field "$run/report/summary.csv" protocol)
  out="$run/snap"
  [ "$test_time" = mirror ] || out="$run/snap-$test_time"
  mkdir -p "$out"
  for snapshot in kept last; do
    weights=()
    [ "$snapshot" = last ] && weights=(--weights "$newest/weights.safetensors")
    for part in query database; do
      [ -f "$out/$snapshot-$part-outputs.npy" ] && continue
      "$root/transhash" encode --model "$run/model" "${weights[@]}" --split "$split" \
        --protocol "$protocol" --part "$part" --test-time "$test_time" \
        --out "$out/$snapshot-$part-codes.npy" --labels "$out/$part-labels.npy" \
        --outputs "$out/$snapshot-$part-outputs.tmp.npy" >&2
      mv "$out/$snapshot-$part-outputs.tmp.npy" "$out/$snapshot-$part-outputs.npy"
    done
  done
  python3 - "$out" <<'PY'
import sys
import numpy as np

out = sys.argv[1]
for part in ("query", "database"):
    kept = np.load(f"{out}/kept-{part}-outputs.npy")
    last = np.load(f"{out}/last-{part}-outputs.npy")
    unit = lambda u: u / np.maximum(np.linalg.norm(u, axis=1, keepdims=True), 1e-12)
    # bit 1 where the output is >= 0, numpy's packbits order: the encoder's rule
    np.save(f"{out}/ens-{part}-codes.npy", np.packbits(kept + last >= 0, axis=1))
    np.save(f"{out}/ensn-{part}-codes.npy", np.packbits(unit(kept) + unit(last) >= 0, axis=1))
PY
  line="$run  $(basename "$newest")"
  for variant in kept last ens ensn; do
    [ -f "$out/$variant/summary.csv" ] || "$root/transhash" eval --protocol "$protocol" \
      --method "$variant" --query-codes "$out/$variant-query-codes.npy" \
      --query-labels "$out/query-labels.npy" --db-codes "$out/$variant-database-codes.npy" \
      --db-labels "$out/database-labels.npy" --out "$out/$variant" > /dev/null
    line="$line  $variant $(printf '%.4f / %.4f' "$(field "$out/$variant/summary.csv" map)" \
      "$(field "$out/$variant/summary.csv" p_at_h2)")"
  done
  echo "$line"
done
