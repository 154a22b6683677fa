package org.transhash.index;

import java.util.Arrays;
import java.util.BitSet;
import org.transhash.api.BinaryCodes;
import org.transhash.api.InvalidInputException;

/**
 * The codes of an index in insertion order, packed contiguously ({@code wordsPerCode} longs each),
 * with their external ids. Deleted codes stay in place, marked in a bit set, until {@link
 * #compact()} removes them keeping the order of the others. Not thread-safe: the index guards it.
 */
final class CodeStore {
  final int bits;
  final int wordsPerCode;
  long[] words;
  long[] ids;
  int size;
  final BitSet deleted = new BitSet();
  int deletedCount;
  private final LongIntMap positions;

  CodeStore(int bits, int expected) {
    this.bits = bits;
    this.wordsPerCode = BinaryCodes.wordsFor(bits);
    this.words = new long[Math.max(1, expected) * wordsPerCode];
    this.ids = new long[Math.max(1, expected)];
    this.positions = new LongIntMap(expected);
  }

  int live() {
    return size - deletedCount;
  }

  /** Appends codes; fails without change when bits differ or an id repeats. */
  void add(BinaryCodes codes, long[] newIds) {
    InvalidInputException.check(
        codes.bits() == bits, "the index holds %d-bit codes, got %d-bit codes", bits, codes.bits());
    InvalidInputException.check(
        newIds.length == codes.count(), "%d codes but %d ids", codes.count(), newIds.length);
    LongIntMap batch = new LongIntMap(newIds.length);
    for (long id : newIds) {
      InvalidInputException.check(
          positions.get(id) < 0 && batch.put(id, 0) < 0, "id %d is already in the index", id);
    }
    ensureCapacity(size + codes.count());
    codes.copyWords(0, codes.count(), words, size * wordsPerCode);
    for (int i = 0; i < newIds.length; i++) {
      ids[size + i] = newIds[i];
      positions.put(newIds[i], size + i);
    }
    size += codes.count();
  }

  private void ensureCapacity(int needed) {
    if (needed > ids.length) {
      int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, ids.length * 3L / 2));
      ids = Arrays.copyOf(ids, capacity);
      words = Arrays.copyOf(words, Math.multiplyExact(capacity, wordsPerCode));
    }
  }

  /** Marks a code deleted; returns its position, or -1 when the id is absent. */
  int delete(long id) {
    int position = positions.remove(id);
    if (position >= 0) {
      deleted.set(position);
      deletedCount++;
    }
    return position;
  }

  boolean wantsCompaction() {
    return deletedCount > 1024 && deletedCount > size / 4;
  }

  /** Removes deleted codes, keeping the order of the others. */
  void compact() {
    int out = 0;
    for (int i = 0; i < size; i++) {
      if (!deleted.get(i)) {
        if (out != i) {
          System.arraycopy(words, i * wordsPerCode, words, out * wordsPerCode, wordsPerCode);
          ids[out] = ids[i];
          positions.put(ids[out], out);
        }
        out++;
      }
    }
    size = out;
    deleted.clear();
    deletedCount = 0;
  }

  /** The live codes in order, with their ids (for saving). */
  BinaryCodes liveCodes(long[] idsOut) {
    long[] packed = new long[live() * wordsPerCode];
    int out = 0;
    for (int i = 0; i < size; i++) {
      if (!deleted.get(i)) {
        System.arraycopy(words, i * wordsPerCode, packed, out * wordsPerCode, wordsPerCode);
        idsOut[out++] = ids[i];
      }
    }
    return BinaryCodes.fromWords(packed, out, bits);
  }

  long bytesPerCode() {
    return 8L * wordsPerCode + 8 + 13 * 2;
  }
}
