package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transhash.api.InvalidInputException;

/**
 * A cross-batch memory (Wang et al., CVPR 2020): the continuous outputs of the images trained on
 * last, per head, with their labels, copied to the host (they carry no gradient) into a ring of a
 * fixed number of images. A {@link org.transhash.api.CrossBatchLoss} pairs each batch with them. It
 * is read oldest first, so a memory restored from a checkpoint reads as the one that was saved.
 */
final class CodeMemory {
  static final String PREFIX = "memory/";
  private static final String LABELS = PREFIX + "labels";

  private final int capacity;
  private float[][] heads; // per head, capacity * bits of that head
  private int[] bits;
  private float[] labels; // capacity * classes
  private int classes;
  private int size;
  private int next;

  /**
   * @param capacity images remembered, at least 1
   */
  CodeMemory(int capacity) {
    InvalidInputException.check(capacity >= 1, "the memory must hold >= 1 image, got %d", capacity);
    this.capacity = capacity;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == capacity;
  }

  /**
   * Remembers a batch, replacing the oldest images once full.
   *
   * @param batchHeads one (N, bits_h) array per head
   * @param batchLabels (N, classes) multi-hot
   */
  void add(NDList batchHeads, NDArray batchLabels) {
    int n = (int) batchLabels.getShape().get(0);
    float[][] rows = new float[batchHeads.size()][];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = batchHeads.get(k).toType(DataType.FLOAT32, false).toFloatArray();
    }
    float[] labelRows = batchLabels.toType(DataType.FLOAT32, false).toFloatArray();
    if (heads == null) {
      bits = new int[rows.length];
      heads = new float[rows.length][];
      for (int k = 0; k < rows.length; k++) {
        bits[k] = rows[k].length / n;
        heads[k] = new float[capacity * bits[k]];
      }
      classes = labelRows.length / n;
      labels = new float[capacity * classes];
    }
    InvalidInputException.check(
        rows.length == heads.length && labelRows.length == n * classes,
        "the memory holds %d heads of %d classes, got %d heads of %d",
        heads.length,
        classes,
        rows.length,
        labelRows.length / n);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < rows.length; k++) {
        System.arraycopy(rows[k], i * bits[k], heads[k], next * bits[k], bits[k]);
      }
      System.arraycopy(labelRows, i * classes, labels, next * classes, classes);
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    }
  }

  /** The remembered outputs, oldest first: one (size, bits_h) array per head. */
  NDList heads(NDManager manager) {
    NDList out = new NDList(heads.length);
    for (int k = 0; k < heads.length; k++) {
      out.add(manager.create(oldestFirst(heads[k], bits[k]), new Shape(size, bits[k])));
    }
    return out;
  }

  /** Their labels, oldest first, (size, classes). */
  NDArray labels(NDManager manager) {
    return manager.create(oldestFirst(labels, classes), new Shape(size, classes));
  }

  /** The memory for a checkpoint: {@code memory/head0..}, {@code memory/labels}, oldest first. */
  Map<String, NDArray> state(NDManager manager) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    if (size == 0) {
      return out;
    }
    NDList h = heads(manager);
    for (int k = 0; k < h.size(); k++) {
      out.put(PREFIX + "head" + k, h.get(k));
    }
    out.put(LABELS, labels(manager));
    return out;
  }

  /**
   * Continues from a checkpoint's {@link #state}; without one (or with an empty one) it starts
   * empty.
   */
  void restore(Map<String, NDArray> state) {
    heads = null;
    size = 0;
    next = 0;
    NDArray savedLabels = state.get(LABELS);
    if (savedLabels == null) {
      return;
    }
    NDList saved = new NDList();
    for (int k = 0; state.containsKey(PREFIX + "head" + k); k++) {
      saved.add(state.get(PREFIX + "head" + k));
    }
    int n = (int) savedLabels.getShape().get(0);
    InvalidInputException.check(
        n <= capacity,
        "the checkpoint's memory holds %d images, more than this run's %d",
        n,
        capacity);
    add(saved, savedLabels);
  }

  private float[] oldestFirst(float[] ring, int width) {
    float[] out = new float[size * width];
    int oldest = size < capacity ? 0 : next;
    for (int i = 0; i < size; i++) {
      int slot = (oldest + i) % capacity;
      System.arraycopy(ring, slot * width, out, i * width, width);
    }
    return out;
  }
}
