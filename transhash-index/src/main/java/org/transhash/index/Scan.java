package org.transhash.index;

import java.util.BitSet;

/**
 * The exhaustive Hamming scan: XOR, {@link Long#bitCount} (one POPCNT instruction) and one
 * comparison against the collector's limit per code. Specialised for 1, 2 and 4 words per code (64,
 * 128 and 256 bits) so the JIT keeps the query in registers.
 */
final class Scan {
  private Scan() {}

  /** Offers codes {@code from..to-1} of {@code store} to {@code top}, in position order. */
  static void scan(CodeStore store, long[] query, int queryOffset, int from, int to, TopK top) {
    long[] words = store.words;
    BitSet deleted = store.deletedCount == 0 ? null : store.deleted;
    switch (store.wordsPerCode) {
      case 1 -> scan1(words, query[queryOffset], from, to, top, deleted);
      case 2 -> scan2(words, query[queryOffset], query[queryOffset + 1], from, to, top, deleted);
      case 4 -> scan4(words, query, queryOffset, from, to, top, deleted);
      default -> scanAny(words, store.wordsPerCode, query, queryOffset, from, to, top, deleted);
    }
  }

  private static void scan1(long[] words, long q, int from, int to, TopK top, BitSet deleted) {
    int limit = top.limit();
    for (int i = from; i < to; i++) {
      int d = Long.bitCount(words[i] ^ q);
      if (d < limit && (deleted == null || !deleted.get(i))) {
        top.offer(d, i);
        limit = top.limit();
      }
    }
  }

  private static void scan2(
      long[] words, long q0, long q1, int from, int to, TopK top, BitSet deleted) {
    int limit = top.limit();
    for (int i = from; i < to; i++) {
      int d = Long.bitCount(words[2 * i] ^ q0) + Long.bitCount(words[2 * i + 1] ^ q1);
      if (d < limit && (deleted == null || !deleted.get(i))) {
        top.offer(d, i);
        limit = top.limit();
      }
    }
  }

  private static void scan4(
      long[] words, long[] q, int o, int from, int to, TopK top, BitSet deleted) {
    long q0 = q[o];
    long q1 = q[o + 1];
    long q2 = q[o + 2];
    long q3 = q[o + 3];
    int limit = top.limit();
    for (int i = from; i < to; i++) {
      int b = 4 * i;
      int d =
          Long.bitCount(words[b] ^ q0)
              + Long.bitCount(words[b + 1] ^ q1)
              + Long.bitCount(words[b + 2] ^ q2)
              + Long.bitCount(words[b + 3] ^ q3);
      if (d < limit && (deleted == null || !deleted.get(i))) {
        top.offer(d, i);
        limit = top.limit();
      }
    }
  }

  private static void scanAny(
      long[] words, int wpc, long[] q, int o, int from, int to, TopK top, BitSet deleted) {
    int limit = top.limit();
    for (int i = from; i < to; i++) {
      int b = wpc * i;
      int d = 0;
      for (int w = 0; w < wpc; w++) {
        d += Long.bitCount(words[b + w] ^ q[o + w]);
      }
      if (d < limit && (deleted == null || !deleted.get(i))) {
        top.offer(d, i);
        limit = top.limit();
      }
    }
  }

  /** Hamming distance between stored code {@code i} and a query. */
  static int distance(CodeStore store, int i, long[] query, int queryOffset) {
    int wpc = store.wordsPerCode;
    long[] words = store.words;
    int d = 0;
    for (int w = 0; w < wpc; w++) {
      d += Long.bitCount(words[i * wpc + w] ^ query[queryOffset + w]);
    }
    return d;
  }
}
