package org.transhash.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.transhash.api.io.CorruptFileException;
import org.transhash.api.io.Npy;
import org.transhash.api.io.NpyArray;

/**
 * Immutable labels of {@code count} items over {@code classCount} classes: either one class id per
 * item (single-label data such as CIFAR-10) or a set of classes per item (multi-label data such as
 * NUS-WIDE). Two items are relevant to each other when their label sets share at least one class.
 *
 * <pre>{@code
 * Labels single = Labels.ofClassIds(new int[] {0, 2, 2}, 10);
 * single.relevant(1, 2);                                        // true: both are class 2
 * Labels multi = Labels.ofMultiHot(new boolean[][] {{true, false, true}, {false, false, true}});
 * multi.relevant(0, 1);                                         // true: they share class 2
 * }</pre>
 */
public final class Labels {
  private final int count;
  private final int classCount;
  private final int wordsPerRow;
  private final long[] words;
  private final int[] classIds; // null for multi-label

  private Labels(int count, int classCount, long[] words, int[] classIds) {
    this.count = count;
    this.classCount = classCount;
    this.wordsPerRow = (classCount + 63) >>> 6;
    this.words = words;
    this.classIds = classIds;
  }

  /**
   * Single-label data: one class id per item.
   *
   * @param classIds ids in {@code 0..classCount-1} (copied)
   * @param classCount number of classes, at least 1
   * @return the labels
   * @throws InvalidInputException when an id is out of range
   */
  public static Labels ofClassIds(int[] classIds, int classCount) {
    InvalidInputException.check(classCount >= 1, "classCount must be >= 1, got %d", classCount);
    int wpr = (classCount + 63) >>> 6;
    long[] words = new long[Math.multiplyExact(classIds.length, wpr)];
    for (int i = 0; i < classIds.length; i++) {
      int c = classIds[i];
      InvalidInputException.check(
          c >= 0 && c < classCount, "label of item %d is %d, outside 0..%d", i, c, classCount - 1);
      words[i * wpr + (c >>> 6)] |= 1L << (c & 63);
    }
    return new Labels(classIds.length, classCount, words, classIds.clone());
  }

  /**
   * Single-label data with as many classes as the largest id needs.
   *
   * @param classIds non-negative ids
   * @return the labels
   */
  public static Labels ofClassIds(int[] classIds) {
    int max = Arrays.stream(classIds).max().orElse(0);
    return ofClassIds(classIds, max + 1);
  }

  /**
   * Multi-label data from 0/1 rows.
   *
   * @param rows one row of {@code classCount} flags per item, all of the same width
   * @return the labels
   */
  public static Labels ofMultiHot(boolean[][] rows) {
    InvalidInputException.check(rows.length > 0, "no rows: cannot infer the class count");
    int classCount = rows[0].length;
    byte[] flat = new byte[Math.multiplyExact(rows.length, classCount)];
    for (int i = 0; i < rows.length; i++) {
      InvalidInputException.check(
          rows[i].length == classCount,
          "row %d has %d classes, row 0 has %d",
          i,
          rows[i].length,
          classCount);
      for (int c = 0; c < classCount; c++) {
        flat[i * classCount + c] = (byte) (rows[i][c] ? 1 : 0);
      }
    }
    return ofMultiHot(flat, rows.length, classCount);
  }

  /**
   * Multi-label data from a row-major 0/1 matrix.
   *
   * @param flags {@code count * classCount} values, each 0 or 1
   * @param count number of items
   * @param classCount number of classes, at least 1
   * @return the labels
   * @throws InvalidInputException when a value is neither 0 nor 1
   */
  public static Labels ofMultiHot(byte[] flags, int count, int classCount) {
    InvalidInputException.check(classCount >= 1, "classCount must be >= 1, got %d", classCount);
    InvalidInputException.check(
        flags.length == (long) count * classCount,
        "expected %d x %d flags, got %d",
        count,
        classCount,
        flags.length);
    int wpr = (classCount + 63) >>> 6;
    long[] words = new long[Math.multiplyExact(count, wpr)];
    for (int i = 0; i < count; i++) {
      for (int c = 0; c < classCount; c++) {
        byte v = flags[i * classCount + c];
        InvalidInputException.check(
            v == 0 || v == 1, "multi-hot value at item %d, class %d is %d, not 0 or 1", i, c, v);
        if (v == 1) {
          words[i * wpr + (c >>> 6)] |= 1L << (c & 63);
        }
      }
    }
    return new Labels(count, classCount, words, null);
  }

  /**
   * Reads labels from an array: integer class ids of shape {@code (n,)}, or a 0/1 matrix of shape
   * {@code (n, C)} of any integer dtype.
   *
   * @param array the array
   * @param classCount number of classes for 1-D ids, or 0 to take the largest id plus one
   * @return the labels
   */
  public static Labels fromNpy(NpyArray array, int classCount) {
    if (array.rank() == 1) {
      int[] ids = array.toIntArray();
      return classCount > 0 ? ofClassIds(ids, classCount) : ofClassIds(ids);
    }
    InvalidInputException.check(
        array.rank() == 2,
        "labels must be class ids (n,) or multi-hot (n, C), got shape %s",
        Arrays.toString(array.shape()));
    InvalidInputException.check(
        classCount <= 0 || classCount == array.dim(1),
        "expected %d classes, the multi-hot matrix has %d columns",
        classCount,
        array.dim(1));
    int[] values = array.toIntArray();
    byte[] flags = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      InvalidInputException.check(
          values[i] == 0 || values[i] == 1,
          "multi-hot value at item %d, class %d is %d, not 0 or 1",
          i / array.dim(1),
          i % array.dim(1),
          values[i]);
      flags[i] = (byte) values[i];
    }
    return ofMultiHot(flags, array.dim(0), array.dim(1));
  }

  /**
   * Reads labels from a {@code .npy} file (see {@link #fromNpy(NpyArray, int)}).
   *
   * @param path the file
   * @param classCount number of classes for 1-D ids, or 0 to infer
   * @return the labels
   * @throws IOException when the file cannot be read or holds no valid labels
   */
  public static Labels readNpy(Path path, int classCount) throws IOException {
    NpyArray array = Npy.read(path);
    try {
      return fromNpy(array, classCount);
    } catch (InvalidInputException e) {
      throw new CorruptFileException(path, -1, e.getMessage());
    }
  }

  /** The labels as int64 class ids {@code (n,)}, or a uint8 0/1 matrix {@code (n, C)}. */
  public NpyArray toNpy() {
    if (classIds != null) {
      return NpyArray.ofInt64(Arrays.stream(classIds).asLongStream().toArray(), count);
    }
    byte[] flags = new byte[Math.multiplyExact(count, classCount)];
    for (int i = 0; i < count; i++) {
      for (int c = 0; c < classCount; c++) {
        flags[i * classCount + c] = (byte) (hasLabel(i, c) ? 1 : 0);
      }
    }
    return NpyArray.ofUint8(flags, count, classCount);
  }

  /** Number of items. */
  public int count() {
    return count;
  }

  /** Number of classes. */
  public int classCount() {
    return classCount;
  }

  /** True for multi-label data (label sets), false for one class id per item. */
  public boolean isMultiLabel() {
    return classIds == null;
  }

  /**
   * The class of an item of single-label data.
   *
   * @param i item
   * @return its class id
   * @throws IllegalStateException for multi-label data
   */
  public int classId(int i) {
    if (classIds == null) {
      throw new IllegalStateException("multi-label data has no single class id per item");
    }
    return classIds[i];
  }

  /**
   * Whether an item carries a class.
   *
   * @param i item
   * @param c class
   * @return true when class {@code c} is among item {@code i}'s labels
   */
  public boolean hasLabel(int i, int c) {
    checkIndex(i);
    if (c < 0 || c >= classCount) {
      throw new IndexOutOfBoundsException("class " + c + " out of range 0.." + (classCount - 1));
    }
    return (words[i * wordsPerRow + (c >>> 6)] & (1L << (c & 63))) != 0;
  }

  /**
   * The number of classes an item carries (1 for single-label data; 0 for an unlabelled item).
   *
   * @param i item
   * @return the size of its label set
   */
  public int labelCount(int i) {
    checkIndex(i);
    int n = 0;
    for (int w = 0; w < wordsPerRow; w++) {
      n += Long.bitCount(words[i * wordsPerRow + w]);
    }
    return n;
  }

  /**
   * Whether two items of this set share a label.
   *
   * @param i first item
   * @param j second item
   * @return true when their label sets intersect
   */
  public boolean relevant(int i, int j) {
    return relevant(i, this, j);
  }

  /**
   * Whether an item of this set shares a label with an item of another set over the same classes.
   *
   * @param i item of this set (for example a query)
   * @param other the other set (for example the database)
   * @param j item of the other set
   * @return true when their label sets intersect
   */
  public boolean relevant(int i, Labels other, int j) {
    InvalidInputException.check(
        other.classCount == classCount,
        "labels over %d classes cannot be compared with labels over %d",
        classCount,
        other.classCount);
    if (classIds != null && other.classIds != null) {
      return classIds[i] == other.classIds[j];
    }
    checkIndex(i);
    other.checkIndex(j);
    for (int w = 0; w < wordsPerRow; w++) {
      if ((words[i * wordsPerRow + w] & other.words[j * wordsPerRow + w]) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The label set of an item as bits (class {@code c} is bit {@code c % 64} of word {@code c /
   * 64}).
   *
   * @param i item
   * @return a new array of {@code ceil(classCount / 64)} words
   */
  public long[] labelWords(int i) {
    checkIndex(i);
    return Arrays.copyOfRange(words, i * wordsPerRow, (i + 1) * wordsPerRow);
  }

  /**
   * The labels of the given items, in that order.
   *
   * @param rows item indices; may repeat
   * @return a new set over the same classes
   */
  public Labels select(int[] rows) {
    long[] out = new long[Math.multiplyExact(rows.length, wordsPerRow)];
    int[] ids = classIds == null ? null : new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      checkIndex(rows[r]);
      System.arraycopy(words, rows[r] * wordsPerRow, out, r * wordsPerRow, wordsPerRow);
      if (ids != null) {
        ids[r] = classIds[rows[r]];
      }
    }
    return new Labels(rows.length, classCount, out, ids);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("item " + i + " out of range 0.." + (count - 1));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels other
        && other.count == count
        && other.classCount == classCount
        && (other.classIds == null) == (classIds == null)
        && Arrays.equals(other.words, words);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * count + classCount) + Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return "Labels[count="
        + count
        + ", classes="
        + classCount
        + (classIds == null ? ", multi-label]" : "]");
  }
}
