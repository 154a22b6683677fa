package org.transhash.index;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.transhash.api.InvalidInputException;

/**
 * Exact k-NN and radius search by multi-index hashing (Norouzi, Punjani and Fleet, "Fast exact
 * search in Hamming space with multi-index hashing", TPAMI 2014). Each code is cut into {@code m}
 * disjoint substrings, each indexed in its own hash table. By the pigeonhole principle a code
 * within distance {@code d} of the query matches it within {@code floor(d / m)} bits in at least
 * one substring, so probing every table at growing substring radii finds all codes within a growing
 * guaranteed radius; the search stops once the k-th best distance found lies inside it. Results are
 * identical to {@link LinearScanIndex}: same distances, same (distance, insertion order) ranking.
 *
 * <p>When the codes are spread so evenly that probing would cost more than scanning (uniform random
 * codes, for instance), a query gives up after a budget of about a third of a scan and is answered
 * by the scan instead; after two such queries in a row the index goes straight to the scan,
 * re-trying the tables on one query in 64, then (while retries keep failing) in 128, 256, ... up to
 * 4,096.
 *
 * <pre>{@code
 * MultiIndexHashingIndex index = MultiIndexHashingIndex.builder(64).build(); // m from n at first add
 * index.add(codes, ids);
 * Neighbours top10 = index.search(queries, 10);
 * }</pre>
 */
public final class MultiIndexHashingIndex extends AbstractHammingIndex {
  /** The name written into index files. */
  public static final String NAME = "mih";

  /** Cost of one table probe, in units of one code scanned (measured; see BENCHMARKS.md). */
  static final int PROBE_COST = 100;

  /** Cost of checking one bucket entry held inline, in units of one code scanned. */
  static final int INLINE_ENTRY_COST = 2;

  /** Cost of checking one bucket entry through the store (codes over 128 bits). */
  static final int ENTRY_COST = 30;

  /** Fallbacks in a row after which queries go straight to the scan. */
  static final int FALLBACKS_BEFORE_SKIPPING = 2;

  /** After that, one query in this many tries the tables again; doubled after each failed try. */
  static final int RETRY_EVERY = 64;

  /** The most the retry interval backs off to. */
  static final int MAX_RETRY_EVERY = 4096;

  /** Default share of a scan's cost a query may spend in the tables before it falls back. */
  public static final double DEFAULT_BUDGET = 0.3;

  private final double budget;
  private final java.util.concurrent.atomic.LongAdder scanned =
      new java.util.concurrent.atomic.LongAdder();

  private int substrings;
  private int[] starts;
  private int[] lengths;
  private SubstringTable[] tables;
  private int indexed; // codes 0..indexed-1 are in the tables; the rest (the tail) are scanned
  private final AtomicInteger fallbackStreak = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicInteger retryEvery = new AtomicInteger(RETRY_EVERY);
  private final ThreadLocal<Scratch> scratch = new ThreadLocal<>();

  /** Per-thread search state, reused from query to query: no allocation per search. */
  private static final class Scratch {
    final TopK top;
    int[] stamps;
    int stamp;

    Scratch(int bits, int size) {
      top = new TopK(bits);
      stamps = new int[size];
    }

    /** A fresh stamp; visited marks of earlier queries stop counting. */
    int nextStamp() {
      if (++stamp == Integer.MAX_VALUE) {
        Arrays.fill(stamps, 0);
        stamp = 1;
      }
      return stamp;
    }
  }

  private Scratch scratch() {
    Scratch s = scratch.get();
    if (s == null || s.top.bits() != store.bits) {
      s = new Scratch(store.bits, store.size);
      scratch.set(s);
    }
    if (s.stamps.length < store.size) {
      s.stamps = Arrays.copyOf(s.stamps, Math.max(store.size, s.stamps.length * 3 / 2));
    }
    return s;
  }

  private MultiIndexHashingIndex(Builder builder) {
    super(builder.bits, builder.threads, builder.expected);
    InvalidInputException.check(builder.budget > 0, "budget must be > 0, got %s", builder.budget);
    this.budget = builder.budget;
    if (builder.substrings > 0) {
      configure(builder.substrings);
    }
  }

  /**
   * @param bits bits per code, 8..4096
   * @return a builder
   */
  public static Builder builder(int bits) {
    return new Builder(bits);
  }

  /**
   * The default number of substrings: substrings of about {@code log2(n) - 4} bits (at least 8, at
   * most 62). Norouzi et al. suggest {@code log2(n)} bits, one bucket per code; with buckets stored
   * contiguously and checked in sequence, fewer probes of fuller buckets are cheaper: on 1M
   * clustered 64-bit codes, 4 substrings answer twice as many queries per second as 3 (see
   * BENCHMARKS.md).
   *
   * @param bits bits per code
   * @param n number of codes expected
   * @return the number of substrings
   */
  public static int defaultSubstrings(int bits, int n) {
    double log2 = Math.log(Math.max(n, 2)) / Math.log(2);
    double length = Math.min(62, Math.max(8, log2 - 4));
    int m = (int) Math.round(bits / length);
    return Math.max((bits + 61) / 62, Math.min(Math.max(1, bits / 8), Math.max(1, m)));
  }

  private void configure(int m) {
    InvalidInputException.check(
        m >= (store.bits + 61) / 62 && m <= store.bits,
        "substrings must be in %d..%d for %d-bit codes (at most 62 bits each), got %d",
        (store.bits + 61) / 62,
        store.bits,
        store.bits,
        m);
    substrings = m;
    starts = new int[m];
    lengths = new int[m];
    int base = store.bits / m;
    int extra = store.bits % m;
    for (int j = 0, start = 0; j < m; j++) {
      lengths[j] = base + (j < extra ? 1 : 0);
      starts[j] = start;
      start += lengths[j];
    }
    tables = new SubstringTable[0];
    indexed = 0;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The number of substrings (hash tables), or 0 before the first codes are added. */
  public int substrings() {
    lock.readLock().lock();
    try {
      return substrings;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  Map<String, String> options() {
    return Map.of("substrings", Integer.toString(substrings));
  }

  @Override
  void added(int from, int to) {
    if (substrings == 0) {
      configure(defaultSubstrings(store.bits, to));
    }
    // codes added after the last build are scanned until the tail is worth indexing
    if (store.size - indexed > indexed / 16) {
      rebuild();
    }
  }

  @Override
  void compacted() {
    rebuild();
  }

  private void rebuild() {
    SubstringTable[] built = new SubstringTable[substrings];
    for (int j = 0; j < substrings; j++) {
      built[j] = SubstringTable.build(store, store.size, starts[j], lengths[j]);
    }
    tables = built;
    indexed = store.size;
  }

  /** Bits {@code start..start+length-1} of a code (MSB-first), as a number; length <= 62. */
  static long extract(long[] words, int offset, int start, int length) {
    int w = start >>> 6;
    int shift = start & 63;
    long high = words[offset + w] << shift;
    if (shift + length > 64) {
      high |= words[offset + w + 1] >>> (64 - shift);
    }
    return high >>> (64 - length);
  }

  @Override
  void searchRange(
      long[] queries, int from, int to, Request request, int[][] positions, int[][] distances) {
    int[] toScan = new int[to - from];
    int scanCount = 0;
    if (substrings == 0 || store.size == 0) {
      for (int q = from; q < to; q++) {
        toScan[scanCount++] = q;
      }
    } else {
      Scratch scratch = scratch();
      for (int q = from; q < to; q++) {
        boolean skip =
            fallbackStreak.get() >= FALLBACKS_BEFORE_SKIPPING
                && skipped.incrementAndGet() % retryEvery.get() != 0;
        if (skip || !probe(queries, q, request, scratch.top, scratch.stamps, scratch.nextStamp())) {
          toScan[scanCount++] = q;
          if (!skip && fallbackStreak.incrementAndGet() > FALLBACKS_BEFORE_SKIPPING) {
            // a retry failed too: back off, so that codes the tables never suit cost ~nothing
            retryEvery.updateAndGet(r -> Math.min(r * 2, MAX_RETRY_EVERY));
          }
        } else {
          if (fallbackStreak.get() != 0) {
            fallbackStreak.set(0); // written only when it changes: no cache-line ping-pong
            retryEvery.set(RETRY_EVERY);
          }
          drainInto(scratch.top, q, positions, distances);
        }
      }
    }
    if (scanCount > 0) {
      scanned.add(scanCount);
      LinearScanIndex.scanBlocked(store, queries, toScan, scanCount, request, positions, distances);
    }
  }

  /** Searches the tables for one query; false when it ran over budget and must scan. */
  private boolean probe(long[] queries, int q, Request request, TopK top, int[] stamps, int stamp) {
    int wpc = store.wordsPerCode;
    int offset = q * wpc;
    LinearScanIndex.reset(top, request, false);
    if (indexed < store.size) {
      Scan.scan(store, queries, offset, indexed, store.size, top);
    }
    if (indexed == 0) {
      return true;
    }
    double budget = this.budget * store.size;
    long work = 0;
    int entryCost = tables.length > 0 && tables[0].codes != null ? INLINE_ENTRY_COST : ENTRY_COST;
    int target = request.radius() ? request.maxDistance() : Integer.MAX_VALUE;
    long[] keys = new long[substrings];
    int maxLength = 0;
    for (int j = 0; j < substrings; j++) {
      keys[j] = extract(queries, offset, starts[j], lengths[j]);
      maxLength = Math.max(maxLength, lengths[j]);
    }
    long q0 = queries[offset];
    long q1 = wpc > 1 ? queries[offset + 1] : 0;
    for (int r = 0; r <= maxLength; r++) {
      for (int j = 0; j < substrings; j++) {
        SubstringTable table = tables[j];
        int length = lengths[j];
        if (r <= length) {
          long mask = (1L << r) - 1;
          long end = 1L << length;
          while (mask < end) {
            long key = keys[j] ^ mask;
            int from = table.begin(key);
            int to = table.end(key);
            work += PROBE_COST + (long) entryCost * (to - from);
            for (int e = from; e < to; e++) {
              int d;
              if (table.codes == null) {
                d = Scan.distance(store, table.positions[e], queries, offset);
              } else if (wpc == 1) {
                d = Long.bitCount(table.codes[e] ^ q0);
              } else {
                d =
                    Long.bitCount(table.codes[2 * e] ^ q0)
                        + Long.bitCount(table.codes[2 * e + 1] ^ q1);
              }
              if (d < top.limit()) {
                int pos = table.positions[e];
                if (stamps[pos] != stamp) {
                  stamps[pos] = stamp;
                  if (store.deletedCount == 0 || !store.deleted.get(pos)) {
                    top.offer(d, pos);
                  }
                }
              }
            }
            if (work > budget) {
              return false;
            }
            if (mask == 0) {
              break;
            }
            long c = mask & -mask;
            long ripple = mask + c;
            mask = (((ripple ^ mask) >>> 2) / c) | ripple;
          }
        }
        // tables 0..j searched to radius r, the others to r - 1: every code within this is found
        long guaranteed = (long) substrings * r + j;
        if (guaranteed >= store.bits
            || (request.radius() ? guaranteed >= target : top.kthDistance() <= guaranteed)) {
          return true;
        }
      }
    }
    return true;
  }

  /** Queries answered by the scan fallback since the index was made (a tuning statistic). */
  public long scannedQueries() {
    return scanned.sum();
  }

  /** Approximate bytes of memory per code: packed words, id, and the substring tables. */
  public long bytesPerCode() {
    lock.readLock().lock();
    try {
      long bytes = 0;
      for (SubstringTable t : tables) {
        bytes += t.bytes();
      }
      return 8L * store.wordsPerCode + 8 + bytes / Math.max(1, store.size);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Builds a {@link MultiIndexHashingIndex}. */
  public static final class Builder {
    private final int bits;
    private int threads = 1;
    private int expected = 1024;
    private int substrings;
    private double budget = DEFAULT_BUDGET;

    private Builder(int bits) {
      this.bits = bits;
    }

    /**
     * @param substrings number of substrings (hash tables); by default {@link #defaultSubstrings}
     *     of the first batch added
     * @return this builder
     */
    public Builder optSubstrings(int substrings) {
      this.substrings = substrings;
      return this;
    }

    /**
     * @param threads threads a batch of queries is spread over (default 1)
     * @return this builder
     */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * @param budget share of a scan's cost a query may spend probing the tables before it is
     *     answered by a scan instead (default {@value #DEFAULT_BUDGET}); {@code
     *     Double.POSITIVE_INFINITY} never falls back
     * @return this builder
     */
    public Builder optFallbackBudget(double budget) {
      this.budget = budget;
      return this;
    }

    /**
     * @param expected codes expected, to size the tables (default 1,024; they grow as needed)
     * @return this builder
     */
    public Builder optExpectedSize(int expected) {
      this.expected = expected;
      return this;
    }

    /** The index, empty. */
    public MultiIndexHashingIndex build() {
      return new MultiIndexHashingIndex(this);
    }
  }
}
