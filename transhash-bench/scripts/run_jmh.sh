#!/usr/bin/env bash
# Builds the benchmarks and runs JMH with the given arguments (a benchmark name pattern, -p ...).
#   transhash-bench/scripts/run_jmh.sh HammingScanBenchmark -p bits=64
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -Djacoco.skip=true \
    -Dspotless.check.skip=true package -pl transhash-bench -am) >&2
exec java -cp "$root/transhash-bench/target/classes:$(cat "$root/transhash-bench/target/classpath.txt")" \
  org.openjdk.jmh.Main "$@"
