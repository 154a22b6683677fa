package org.transhash.index;

/**
 * Exact search by scanning every code: XOR and popcount over contiguous {@code long} words, with
 * counting-bucket top-k selection. Batches of queries are processed in blocks that share each
 * cache-sized chunk of the database, and spread over {@link #threads()} threads.
 *
 * <pre>{@code
 * LinearScanIndex index = LinearScanIndex.builder(64).optThreads(2).build();
 * index.add(codes, ids);
 * Neighbours top10 = index.search(queries, 10);
 * }</pre>
 *
 * <p>Results are sorted by (distance, insertion order). Thread-safe: see {@link
 * org.transhash.api.HammingIndex}; searches share a read lock, writers take a write lock.
 */
public final class LinearScanIndex extends AbstractHammingIndex {
  /** The name written into index files. */
  public static final String NAME = "linear";

  private static final int QUERY_BLOCK = 16;
  private static final int CHUNK_BYTES = 1 << 18;

  private LinearScanIndex(Builder builder) {
    super(builder.bits, builder.threads, builder.expected);
  }

  /**
   * @param bits bits per code, 8..4096
   * @return a builder
   */
  public static Builder builder(int bits) {
    return new Builder(bits);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void searchRange(
      long[] queries, int from, int to, Request request, int[][] positions, int[][] distances) {
    int[] all = new int[to - from];
    for (int q = from; q < to; q++) {
      all[q - from] = q;
    }
    scanBlocked(store, queries, all, all.length, request, positions, distances);
  }

  /**
   * Scans the whole store for the listed queries, in blocks of queries that share each cache-sized
   * chunk of codes.
   */
  static void scanBlocked(
      CodeStore store,
      long[] queries,
      int[] queryIndices,
      int count,
      Request request,
      int[][] positions,
      int[][] distances) {
    int wpc = store.wordsPerCode;
    int chunk = Math.max(256, CHUNK_BYTES / (8 * wpc));
    TopK[] tops = new TopK[Math.min(QUERY_BLOCK, count)];
    for (int t = 0; t < tops.length; t++) {
      tops[t] = new TopK(store.bits);
    }
    for (int blockStart = 0; blockStart < count; blockStart += QUERY_BLOCK) {
      int blockEnd = Math.min(count, blockStart + QUERY_BLOCK);
      for (int b = blockStart; b < blockEnd; b++) {
        reset(tops[b - blockStart], request, true);
      }
      for (int start = 0; start < store.size; start += chunk) {
        int end = Math.min(store.size, start + chunk);
        for (int b = blockStart; b < blockEnd; b++) {
          Scan.scan(store, queries, queryIndices[b] * wpc, start, end, tops[b - blockStart]);
        }
      }
      for (int b = blockStart; b < blockEnd; b++) {
        drainInto(tops[b - blockStart], queryIndices[b], positions, distances);
      }
    }
  }

  static void reset(TopK top, Request request, boolean ordered) {
    if (request.radius()) {
      top.resetRadius(request.maxDistance(), ordered);
    } else {
      top.reset(request.k(), ordered);
    }
  }

  /** Builds a {@link LinearScanIndex}. */
  public static final class Builder {
    private final int bits;
    private int threads = 1;
    private int expected = 1024;

    private Builder(int bits) {
      this.bits = bits;
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
     * @param expected codes expected, to size the storage (default 1,024; it grows as needed)
     * @return this builder
     */
    public Builder optExpectedSize(int expected) {
      this.expected = expected;
      return this;
    }

    /** The index, empty. */
    public LinearScanIndex build() {
      return new LinearScanIndex(this);
    }
  }
}
