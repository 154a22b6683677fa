#!/usr/bin/env bash
# Scores sets of test-time views of a finished quality.sh run from its saved model: each view is
# encoded once, each set averages its views' outputs before the sign (as --test-time does) and is
# evaluated on the run's queries against its database (every STRIDE-th database image with
# --stride, for a quicker look). One JSON line per set on stdout.
#
#   transhash-bench/scripts/test_time_views.sh [--stride 4] RUN_DIR VIEWSET...
#
# VIEWSET: views joined by '+', each DOWN,RIGHT or DOWN,RIGHT,m (moved by whole pixels, zeros
# where the image leaves, then mirrored with m). 0,0 is --test-time none, 0,0+0,0,m mirror,
# 0,0+0,0,m+-1,0+1,0 mirror-shift. Example (BENCHMARKS.md, "More views at test time"):
#   transhash-bench/scripts/test_time_views.sh --stride 4 bench-out/quality/narrow-d2-mirror-32-seed0-30min \
#       0,0 0,0+0,0,m 0,0+0,0,m+-1,0+1,0 0,0+0,0,m+-2,0+2,0 0,0+0,0,m+0,-2+0,2
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -Djacoco.skip=true \
    -Dspotless.check.skip=true package -pl transhash-bench -am) >&2
exec java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$root/transhash-bench/target/classes:$(cat "$root/transhash-bench/target/classpath.txt")" \
  org.transhash.bench.TestTimeViews "$@"
