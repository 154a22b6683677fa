package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.transhash.api.InvalidInputException;

/**
 * The pairs of one batch, computed on the host from the labels (they carry no gradient): s_ij = 1
 * when images i and j share a label (i != j), the counts of similar and dissimilar pairs, and the
 * balanced weights of DCH / HashNet / TransHash: |S| / |S1| for similar pairs, |S| / |S0| for
 * dissimilar ones, 0 on the diagonal (and for a kind of pair the batch does not have).
 *
 * <p>With a cross-batch memory the matrices are rectangular, (N, N + M): the batch's images as
 * rows, the batch and then the M remembered images as columns; the diagonal of the first N columns
 * (each image with itself) is the only pair left out.
 */
final class PairSimilarity {
  final int n;
  final int columns;
  final double[] similar; // n * columns, 0/1, diagonal 0
  final long similarPairs;
  final long dissimilarPairs;

  private PairSimilarity(
      int n, int columns, double[] similar, long similarPairs, long dissimilarPairs) {
    this.n = n;
    this.columns = columns;
    this.similar = similar;
    this.similarPairs = similarPairs;
    this.dissimilarPairs = dissimilarPairs;
  }

  static PairSimilarity of(NDArray labels, int batch) {
    return of(labels, batch, null);
  }

  /**
   * @param labels (batch, classes) multi-hot
   * @param memoryLabels (M, classes) multi-hot labels of the remembered images, or null for none
   */
  static PairSimilarity of(NDArray labels, int batch, NDArray memoryLabels) {
    InvalidInputException.check(
        batch >= 2, "a batch needs at least 2 images to form pairs, got %d", batch);
    Shape shape = labels.getShape();
    InvalidInputException.check(
        shape.dimension() == 2 && shape.get(0) == batch,
        "labels must be (batch, classes) multi-hot with batch %d, got %s",
        batch,
        shape);
    int n = batch;
    int c = (int) shape.get(1);
    float[] rows = labels.toType(DataType.FLOAT32, false).toFloatArray();
    float[] flags = rows;
    int columns = n;
    if (memoryLabels != null) {
      Shape m = memoryLabels.getShape();
      InvalidInputException.check(
          m.dimension() == 2 && m.get(1) == c,
          "the memory's labels must be (M, %d) multi-hot, got %s",
          c,
          m);
      float[] remembered = memoryLabels.toType(DataType.FLOAT32, false).toFloatArray();
      flags = Arrays.copyOf(rows, rows.length + remembered.length);
      System.arraycopy(remembered, 0, flags, rows.length, remembered.length);
      columns = n + (int) m.get(0);
    }
    double[] s = new double[n * columns];
    long sim = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < columns; j++) {
        if (i == j) {
          continue;
        }
        boolean shared = false;
        for (int k = 0; k < c && !shared; k++) {
          shared = flags[i * c + k] > 0 && flags[j * c + k] > 0;
        }
        if (shared) {
          s[i * columns + j] = 1;
          sim++;
        }
      }
    }
    long pairs = (long) n * columns - n;
    return new PairSimilarity(n, columns, s, sim, pairs - sim);
  }

  long pairs() {
    return (long) n * columns - n;
  }

  NDArray similarity(NDManager manager, DataType type) {
    return manager.create(similar, new Shape(n, columns)).toType(type, false);
  }

  /** 1 off the diagonal, 0 on it. */
  NDArray offDiagonal(NDManager manager, DataType type) {
    double[] m = new double[n * columns];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < columns; j++) {
        m[i * columns + j] = i == j ? 0 : 1;
      }
    }
    return manager.create(m, new Shape(n, columns)).toType(type, false);
  }

  /** The balanced weights |S|/|S1| and |S|/|S0|, 0 on the diagonal. */
  NDArray balancedWeights(NDManager manager, DataType type) {
    double ws = similarPairs == 0 ? 0 : (double) pairs() / similarPairs;
    double wd = dissimilarPairs == 0 ? 0 : (double) pairs() / dissimilarPairs;
    double[] w = new double[n * columns];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < columns; j++) {
        if (i != j) {
          w[i * columns + j] = similar[i * columns + j] == 1 ? ws : wd;
        }
      }
    }
    return manager.create(w, new Shape(n, columns)).toType(type, false);
  }
}
