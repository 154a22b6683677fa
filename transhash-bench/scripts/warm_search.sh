#!/usr/bin/env bash
# Warm queries per second with 1 and 2 threads (5 repetitions each): DB.npy Q.npy INDEX K
#   transhash-bench/scripts/warm_search.sh /tmp/bench/cdb64.npy /tmp/bench/cq64_10k.npy mih 10
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$root" && mvn -B -q --no-transfer-progress -DskipTests -Djacoco.skip=true \
    -Dspotless.check.skip=true package -pl transhash-bench -am) >&2
exec java -cp "$root/transhash-bench/target/classes:$(cat "$root/transhash-bench/target/classpath.txt")" \
  org.transhash.bench.WarmSearch "$@"
