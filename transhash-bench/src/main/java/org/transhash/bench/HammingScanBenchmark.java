package org.transhash.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.index.LinearScanIndex;
import org.transhash.index.MultiIndexHashingIndex;

/**
 * The linear scan's k-NN against the ceiling of its hot loop: a bare XOR + popcount over the same
 * packed words, summing distances (no selection at all). Both process {@code queries} queries
 * against {@code n} uniform random codes; the score is time per batch, so comparisons per second
 * are {@code n * queries / time}.
 *
 * <pre>
 * transhash-bench/scripts/run_jmh.sh HammingScanBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HammingScanBenchmark {
  @Param({"1000000"})
  int n;

  @Param({"64", "256"}) // the ceiling is written for 1 and 4 words per code
  int bits;

  @Param({"100"})
  int queries;

  long[] words;
  long[] queryWords;
  BinaryCodes queryCodes;
  HammingIndex linear;
  HammingIndex mih;

  @Setup
  public void setUp() {
    Random random = new Random(0);
    int wpc = bits / 64;
    words = new long[n * wpc];
    for (int i = 0; i < words.length; i++) {
      words[i] = random.nextLong();
    }
    queryWords = new long[queries * wpc];
    for (int i = 0; i < queryWords.length; i++) {
      queryWords[i] = random.nextLong();
    }
    BinaryCodes db = BinaryCodes.fromWords(words, n, bits);
    queryCodes = BinaryCodes.fromWords(queryWords, queries, bits);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    linear = LinearScanIndex.builder(bits).optExpectedSize(n).build();
    linear.add(db, ids);
    mih = MultiIndexHashingIndex.builder(bits).optExpectedSize(n).build();
    mih.add(db, ids);
  }

  /** The ceiling: XOR + popcount of every code against every query, distances summed. */
  @Benchmark
  public void popcountCeiling(Blackhole bh) {
    int wpc = bits / 64;
    for (int q = 0; q < queries; q++) {
      long sum = 0;
      if (wpc == 1) {
        long q0 = queryWords[q];
        for (long w : words) {
          sum += Long.bitCount(w ^ q0);
        }
      } else {
        // unrolled as the scan is, so the ceiling is not handicapped by an inner loop
        int o = q * wpc;
        long q0 = queryWords[o];
        long q1 = queryWords[o + 1];
        long q2 = queryWords[o + 2];
        long q3 = queryWords[o + 3];
        for (int i = 0; i < words.length; i += 4) {
          sum +=
              Long.bitCount(words[i] ^ q0)
                  + Long.bitCount(words[i + 1] ^ q1)
                  + Long.bitCount(words[i + 2] ^ q2)
                  + Long.bitCount(words[i + 3] ^ q3);
        }
      }
      bh.consume(sum);
    }
  }

  /** Exact 10-NN of every query with the linear scan. */
  @Benchmark
  public Object linearScanK10() {
    return linear.search(queryCodes, 10);
  }

  /** Exact 100-NN of every query with the linear scan. */
  @Benchmark
  public Object linearScanK100() {
    return linear.search(queryCodes, 100);
  }

  /** Exact 10-NN with multi-index hashing on uniform codes: it must notice and scan. */
  @Benchmark
  public Object mihK10() {
    return mih.search(queryCodes, 10);
  }
}
