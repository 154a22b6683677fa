package org.transhash.index;

import java.util.Arrays;

/**
 * An open-addressing map from {@code long} keys to non-negative {@code int} values, without boxing:
 * id-to-position lookups and multi-index hash tables over millions of codes.
 */
final class LongIntMap {
  private static final int ABSENT = -1;
  private long[] keys;
  private int[] values;
  private boolean[] used;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int capacity =
        Integer.highestOneBit(Math.max(4, (int) Math.min(1 << 30, expected * 2L)) - 1) << 1;
    allocate(capacity);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    used = new boolean[capacity];
    mask = capacity - 1;
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  int size() {
    return size;
  }

  /** The value for {@code key}, or -1. */
  int get(long key) {
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return ABSENT;
  }

  /** Sets {@code key} to {@code value} (non-negative); returns the previous value or -1. */
  int put(long key, int value) {
    if ((size + 1) * 2L > keys.length) {
      grow();
    }
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        int old = values[i];
        values[i] = value;
        return old;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = key;
    values[i] = value;
    size++;
    return ABSENT;
  }

  /** Removes {@code key}; returns its value or -1. */
  int remove(long key) {
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        int old = values[i];
        // backward-shift deletion keeps probe chains intact without tombstones
        int gap = i;
        int j = (i + 1) & mask;
        while (used[j]) {
          int home = hash(keys[j]) & mask;
          boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
          if (movable) {
            keys[gap] = keys[j];
            values[gap] = values[j];
            gap = j;
          }
          j = (j + 1) & mask;
        }
        used[gap] = false;
        size--;
        return old;
      }
      i = (i + 1) & mask;
    }
    return ABSENT;
  }

  void clear() {
    Arrays.fill(used, false);
    size = 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    allocate(keys.length * 2);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  /** Approximate heap bytes. */
  long bytes() {
    return keys.length * 13L;
  }
}
