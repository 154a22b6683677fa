package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.transhash.api.InvalidInputException;

/**
 * The pairs of one batch, computed on the host from the labels (they carry no gradient): s_ij = 1
 * when images i and j share a label (i != j), the counts of similar and dissimilar pairs, and the
 * balanced weights of DCH / HashNet / TransHash: |S| / |S1| for similar pairs, |S| / |S0| for
 * dissimilar ones, 0 on the diagonal (and for a kind of pair the batch does not have).
 */
final class PairSimilarity {
  final int n;
  final double[] similar; // n * n, 0/1, diagonal 0
  final long similarPairs;
  final long dissimilarPairs;

  private PairSimilarity(int n, double[] similar, long similarPairs, long dissimilarPairs) {
    this.n = n;
    this.similar = similar;
    this.similarPairs = similarPairs;
    this.dissimilarPairs = dissimilarPairs;
  }

  static PairSimilarity of(NDArray labels, int batch) {
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
    float[] flags = labels.toType(DataType.FLOAT32, false).toFloatArray();
    double[] s = new double[n * n];
    long sim = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        boolean shared = false;
        for (int k = 0; k < c && !shared; k++) {
          shared = flags[i * c + k] > 0 && flags[j * c + k] > 0;
        }
        if (shared) {
          s[i * n + j] = 1;
          sim++;
        }
      }
    }
    long pairs = (long) n * (n - 1);
    return new PairSimilarity(n, s, sim, pairs - sim);
  }

  long pairs() {
    return (long) n * (n - 1);
  }

  NDArray similarity(NDManager manager, DataType type) {
    return manager.create(similar, new Shape(n, n)).toType(type, false);
  }

  /** 1 off the diagonal, 0 on it. */
  NDArray offDiagonal(NDManager manager, DataType type) {
    double[] m = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i * n + j] = i == j ? 0 : 1;
      }
    }
    return manager.create(m, new Shape(n, n)).toType(type, false);
  }

  /** The balanced weights |S|/|S1| and |S|/|S0|, 0 on the diagonal. */
  NDArray balancedWeights(NDManager manager, DataType type) {
    double ws = similarPairs == 0 ? 0 : (double) pairs() / similarPairs;
    double wd = dissimilarPairs == 0 ? 0 : (double) pairs() / dissimilarPairs;
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          w[i * n + j] = similar[i * n + j] == 1 ? ws : wd;
        }
      }
    }
    return manager.create(w, new Shape(n, n)).toType(type, false);
  }
}
