#!/usr/bin/env bash
# LSH, ITQ and SH on Fashion-MNIST pixels, fmnist protocol (seed 0), 16/32/64 bits: mAP@all, P@H<=2.
#   transhash-bench/scripts/shallow_baselines.sh [FASHION_MNIST_FOLDER]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -Djacoco.skip=true \
    -Dspotless.check.skip=true package -pl transhash-bench -am) >&2
exec java -Xmx8g -cp "$root/transhash-bench/target/classes:$(cat "$root/transhash-bench/target/classpath.txt")" \
  org.transhash.bench.ShallowBaselines "$@"
