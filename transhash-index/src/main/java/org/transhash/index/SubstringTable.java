package org.transhash.index;

/**
 * One hash table of multi-index hashing: the positions of the indexed codes grouped by the value of
 * one substring, stored contiguously (sorted by key, then position). Short substrings address an
 * offsets array directly; long ones map keys to buckets through a hash map. For codes of at most
 * 128 bits each entry also holds a copy of the whole code, so checking a bucket's candidates reads
 * memory in sequence instead of jumping into the store.
 */
final class SubstringTable {
  /** Longest substring addressed directly (2^22 offsets: 16 MiB). */
  private static final int MAX_DIRECT_BITS = 22;

  final int start;
  final int length;
  final int[] positions;
  final long[] codes; // inline copies, or null
  private final int[] offsets;
  private final LongIntMap buckets; // null when addressed directly

  private SubstringTable(
      int start, int length, int[] positions, long[] codes, int[] offsets, LongIntMap buckets) {
    this.start = start;
    this.length = length;
    this.positions = positions;
    this.codes = codes;
    this.offsets = offsets;
    this.buckets = buckets;
  }

  /** Indexes codes {@code 0..count-1} of the store (deleted ones included; searches skip them). */
  static SubstringTable build(CodeStore store, int count, int start, int length) {
    int wpc = store.wordsPerCode;
    long[] keys = new long[count];
    for (int pos = 0; pos < count; pos++) {
      keys[pos] = MultiIndexHashingIndex.extract(store.words, pos * wpc, start, length);
    }
    boolean direct = length <= MAX_DIRECT_BITS && (1L << length) <= 4L * Math.max(count, 1 << 16);
    LongIntMap buckets = null;
    int[] bucketOf = new int[count];
    int bucketCount;
    if (direct) {
      bucketCount = 1 << length;
      for (int pos = 0; pos < count; pos++) {
        bucketOf[pos] = (int) keys[pos];
      }
    } else {
      buckets = new LongIntMap(count);
      bucketCount = 0;
      for (int pos = 0; pos < count; pos++) {
        int b = buckets.get(keys[pos]);
        if (b < 0) {
          b = bucketCount++;
          buckets.put(keys[pos], b);
        }
        bucketOf[pos] = b;
      }
    }
    int[] offsets = new int[bucketCount + 1];
    for (int pos = 0; pos < count; pos++) {
      offsets[bucketOf[pos] + 1]++;
    }
    for (int b = 0; b < bucketCount; b++) {
      offsets[b + 1] += offsets[b];
    }
    int[] fill = java.util.Arrays.copyOf(offsets, bucketCount);
    int[] positions = new int[count];
    boolean inline = wpc <= 2;
    long[] codes = inline ? new long[count * wpc] : null;
    for (int pos = 0; pos < count; pos++) {
      int e = fill[bucketOf[pos]]++;
      positions[e] = pos;
      if (inline) {
        System.arraycopy(store.words, pos * wpc, codes, e * wpc, wpc);
      }
    }
    return new SubstringTable(start, length, positions, codes, offsets, buckets);
  }

  /** First entry of the bucket of {@code key}; with {@link #end} the bucket's range. */
  int begin(long key) {
    if (buckets == null) {
      return offsets[(int) key];
    }
    int b = buckets.get(key);
    return b < 0 ? 0 : offsets[b];
  }

  /** One past the last entry of the bucket of {@code key}. */
  int end(long key) {
    if (buckets == null) {
      return offsets[(int) key + 1];
    }
    int b = buckets.get(key);
    return b < 0 ? 0 : offsets[b + 1];
  }

  long bytes() {
    return 4L * positions.length
        + (codes == null ? 0 : 8L * codes.length)
        + 4L * offsets.length
        + (buckets == null ? 0 : buckets.bytes());
  }
}
