package org.transhash.index;

/**
 * Collects the nearest codes of one query by counting buckets: one list of positions per Hamming
 * distance 0..bits, and a limit that falls as soon as k candidates are held, so that after the
 * first few thousand codes almost every candidate is rejected by one comparison. No heap, no
 * per-candidate allocation; the scratch is reused from query to query.
 *
 * <p>In ordered mode (candidates offered in position order, as a scan does) a later candidate at
 * the k-th distance can never displace an earlier one, so the limit excludes that distance. In
 * unordered mode (multi-index hashing) it is kept and the output sorts each bucket.
 */
final class TopK {
  private final int[][] buckets;
  private final int[] counts;
  private int k;
  private int limit;
  private int held; // candidates held, counted until k is first reached
  private int kth; // the k-th smallest distance held, once k are held
  private int below; // candidates held at distances below kth
  private boolean ordered;
  private int maxDistance;

  TopK(int bits) {
    buckets = new int[bits + 1][];
    counts = new int[bits + 1];
    for (int d = 0; d <= bits; d++) {
      buckets[d] = new int[4];
    }
  }

  /** Bits of the codes this collector is sized for. */
  int bits() {
    return counts.length - 1;
  }

  /** Starts a k-NN query. */
  void reset(int k, boolean ordered) {
    java.util.Arrays.fill(counts, 0);
    this.k = k;
    this.ordered = ordered;
    this.limit = counts.length;
    this.held = 0;
    this.kth = Integer.MAX_VALUE;
    this.maxDistance = counts.length - 1;
  }

  /** Starts a radius query: every candidate within {@code radius} is kept. */
  void resetRadius(int radius, boolean ordered) {
    reset(Integer.MAX_VALUE, ordered);
    this.limit = radius + 1;
    this.maxDistance = radius;
  }

  /** Candidates at a distance below this are worth offering. */
  int limit() {
    return limit;
  }

  /** The k-th smallest distance held, or Integer.MAX_VALUE while fewer than k are held. */
  int kthDistance() {
    return kth;
  }

  /** Offers a candidate; callers check {@code distance < limit()} first. */
  void offer(int distance, int position) {
    int[] bucket = buckets[distance];
    int n = counts[distance];
    if (n == bucket.length) {
      bucket = buckets[distance] = java.util.Arrays.copyOf(bucket, n * 2);
    }
    bucket[n] = position;
    counts[distance] = n + 1;
    if (kth == Integer.MAX_VALUE) {
      if (++held == k) {
        // k reached for the first time: find the k-th distance
        int cumulative = 0;
        int t = 0;
        while (cumulative + counts[t] < k) {
          cumulative += counts[t++];
        }
        kth = t;
        below = cumulative;
        limit = ordered ? t : t + 1;
      }
      return;
    }
    if (distance < kth) {
      // the k-th distance can only fall; walking it down costs O(bits) per query in all
      below++;
      int t = kth;
      while (below >= k) {
        t--;
        below -= counts[t];
      }
      kth = t;
      limit = ordered ? t : t + 1;
    }
  }

  /**
   * Writes the result in (distance, position) order, at most k entries. Entries beyond the k-th
   * distance may still sit in their buckets; the walk stops before them.
   *
   * @return the number written
   */
  int drain(int[] positions, int[] distances, int offset) {
    int out = 0;
    for (int d = 0; d <= maxDistance && out < k; d++) {
      int n = counts[d];
      if (n == 0) {
        continue;
      }
      int take = Math.min(n, k - out);
      if (!ordered) {
        java.util.Arrays.sort(buckets[d], 0, n);
      }
      System.arraycopy(buckets[d], 0, positions, offset + out, take);
      java.util.Arrays.fill(distances, offset + out, offset + out + take, d);
      out += take;
    }
    return out;
  }

  /** How many entries {@link #drain} will write. */
  int resultCount() {
    long total = 0;
    for (int d = 0; d <= maxDistance && total < k; d++) {
      total += counts[d];
    }
    return (int) Math.min(total, k);
  }
}
