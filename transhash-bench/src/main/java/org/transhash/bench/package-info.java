/** JMH benchmarks; run with {@code transhash-bench/scripts/run_jmh.sh}. Never deployed. */
package org.transhash.bench;
