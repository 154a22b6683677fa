#!/usr/bin/env bash
# DJL side of the ViT step/encode benchmark: MODE PRESET BATCH REPS (2 intra-op threads).
#   transhash-bench/scripts/vit_step.sh step small-32 64 20
#   transhash-bench/scripts/vit_step.sh profile small-28-residual-narrow-d2 64 5 /tmp/trace.json
#     (then transhash-bench/scripts/profile_summary.py /tmp/trace.json 5: each operator's time a step)
# Extra JVM flags: TRANSHASH_JAVA_OPTS (for example -Dtranshash.onednn=on, as for ./transhash).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -Djacoco.skip=true \
    -Dspotless.check.skip=true package -pl transhash-bench -am) >&2
exec java -Xmx16g ${TRANSHASH_JAVA_OPTS:-} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$root/transhash-bench/target/classes:$(cat "$root/transhash-bench/target/classpath.txt")" \
  org.transhash.bench.VitStepBenchmark "$@"
