package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.transhash.api.InvalidInputException;

/**
 * The pairs of one batch, computed on the host from the labels (they carry no gradient): s_ij =
 * min(1, a_i . a_j) for i != j, a_i the label row of image i, which on multi-hot labels is 1 when
 * images i and j share a label and 0 otherwise; the similar and dissimilar mass |S1| = sum s_ij and
 * |S0| = sum (1 - s_ij) over the |S| pairs; and the balanced weights of DCH / HashNet / TransHash:
 * |S| / |S1| for similar pairs, |S| / |S0| for dissimilar ones, 0 on the diagonal (and for a kind
 * of pair the batch does not have).
 *
 * <p>{@link #of} takes multi-hot labels only; {@link #mixed} also takes fractional ones (a mixed
 * image's share of each class, {@link org.transhash.api.HashingLoss#acceptsMixedLabels}), whose
 * pairs are similar to a degree: a pair then weighs s_ij |S| / |S1| as a similar pair and (1 -
 * s_ij) |S| / |S0| as a dissimilar one, so either kind still sums to |S|.
 *
 * <p>With a cross-batch memory the matrices are rectangular, (N, N + M): the batch's images as
 * rows, the batch and then the M remembered images as columns; the diagonal of the first N columns
 * (each image with itself) is the only pair left out.
 */
final class PairSimilarity {
  /** Below this a kind of pair is absent: rounding of fractional labels, not a pair. */
  private static final double NO_MASS = 1e-9;

  final int n;
  final int columns;
  final double[] similar; // n * columns, in [0, 1] (0/1 from multi-hot labels), diagonal 0
  final double similarMass;
  final double dissimilarMass;

  private PairSimilarity(
      int n, int columns, double[] similar, double similarMass, double dissimilarMass) {
    this.n = n;
    this.columns = columns;
    this.similar = similar;
    this.similarMass = similarMass;
    this.dissimilarMass = dissimilarMass;
  }

  /**
   * @param labels (batch, classes) multi-hot: every value 0 or 1
   * @throws InvalidInputException for another shape or a value that is not 0 or 1
   */
  static PairSimilarity of(NDArray labels, int batch) {
    return build(labels, batch, null, false);
  }

  /**
   * @param labels (batch, classes), every value in [0, 1]: multi-hot or mixed
   */
  static PairSimilarity mixed(NDArray labels, int batch) {
    return build(labels, batch, null, true);
  }

  /**
   * @param labels (batch, classes), every value in [0, 1]: multi-hot or mixed
   * @param memoryLabels (M, classes) labels of the remembered images, likewise
   */
  static PairSimilarity mixed(NDArray labels, int batch, NDArray memoryLabels) {
    return build(labels, batch, memoryLabels, true);
  }

  private static PairSimilarity build(
      NDArray labels, int batch, NDArray memoryLabels, boolean fractions) {
    InvalidInputException.check(
        batch >= 2, "a batch needs at least 2 images to form pairs, got %d", batch);
    int c = Heads.checkLabels(labels, batch, fractions);
    int n = batch;
    float[] rows = labels.toType(DataType.FLOAT32, false).toFloatArray();
    float[] flags = rows;
    int columns = n;
    if (memoryLabels != null) {
      Shape m = memoryLabels.getShape();
      InvalidInputException.check(
          m.dimension() == 2 && m.get(1) == c,
          "the memory's labels must be (M, %d) like the batch's, got %s",
          c,
          m);
      float[] remembered = memoryLabels.toType(DataType.FLOAT32, false).toFloatArray();
      Heads.checkLabelValues(remembered, c, fractions, "the memory's labels");
      flags = Arrays.copyOf(rows, rows.length + remembered.length);
      System.arraycopy(remembered, 0, flags, rows.length, remembered.length);
      columns = n + (int) m.get(0);
    }
    double[] s = new double[n * columns];
    double similarMass = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < columns; j++) {
        if (i == j) {
          continue;
        }
        double shared = 0;
        for (int k = 0; k < c; k++) {
          shared += (double) flags[i * c + k] * flags[j * c + k];
        }
        s[i * columns + j] = Math.min(1, shared);
        similarMass += s[i * columns + j];
      }
    }
    double pairs = (double) n * columns - n;
    return new PairSimilarity(n, columns, s, similarMass, pairs - similarMass);
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

  /** The balanced weights, s_ij |S|/|S1| + (1 - s_ij) |S|/|S0|: one or the other on 0/1 pairs. */
  NDArray balancedWeights(NDManager manager, DataType type) {
    return weights(manager, type, similarWeight(), dissimilarWeight());
  }

  /** The similar part of the balanced weights, s_ij |S|/|S1|, 0 on the diagonal. */
  NDArray similarWeights(NDManager manager, DataType type) {
    return weights(manager, type, similarWeight(), 0);
  }

  /** The dissimilar part of the balanced weights, (1 - s_ij) |S|/|S0|, 0 on the diagonal. */
  NDArray dissimilarWeights(NDManager manager, DataType type) {
    return weights(manager, type, 0, dissimilarWeight());
  }

  private double similarWeight() {
    return similarMass < NO_MASS ? 0 : pairs() / similarMass;
  }

  private double dissimilarWeight() {
    return dissimilarMass < NO_MASS ? 0 : pairs() / dissimilarMass;
  }

  /** s_ij ws + (1 - s_ij) wd off the diagonal, 0 on it. */
  private NDArray weights(NDManager manager, DataType type, double ws, double wd) {
    double[] w = new double[n * columns];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < columns; j++) {
        if (i != j) {
          double s = similar[i * columns + j];
          w[i * columns + j] = s * ws + (1 - s) * wd;
        }
      }
    }
    return manager.create(w, new Shape(n, columns)).toType(type, false);
  }
}
