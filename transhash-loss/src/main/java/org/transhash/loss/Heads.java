package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * Shared helpers over hash heads. Losses multiply by Java numbers before they reduce: on PyTorch a
 * 0-d float32 result times a Java double becomes float64, and casting it back loses the gradient.
 */
final class Heads {
  private Heads() {}

  /** The heads concatenated along the bit axis: the whole code, as single-head losses see it. */
  static NDArray concat(NDList heads) {
    InvalidInputException.check(!heads.isEmpty(), "no hash head given");
    for (NDArray h : heads) {
      InvalidInputException.check(
          h.getShape().dimension() == 2, "each head must be (batch, bits), got %s", h.getShape());
    }
    return heads.size() == 1 ? heads.singletonOrThrow() : NDArrays.concat(heads, 1);
  }

  /** log(1 + exp(x)) without overflow: max(x, 0) + log(1 + exp(-|x|)). */
  static NDArray softplus(NDArray x) {
    return Scalars.maximum(x, 0).add(x.abs().neg().exp().add(1).log());
  }

  /** Row-normalised copy of h (rows of zeros stay zero). */
  static NDArray normalizeRows(NDArray h) {
    return h.div(Scalars.maximum(h.norm(new int[] {1}, true), 1e-12));
  }

  /** The N x N inner products of the rows of h. */
  static NDArray inner(NDArray h) {
    return h.matMul(h.transpose());
  }

  /**
   * Checks that labels are a (batch, classes) multi-hot matrix for {@code batch} images.
   *
   * @return the number of classes
   * @throws InvalidInputException for another shape or a value that is not 0 or 1
   */
  static int checkLabels(NDArray labels, int batch) {
    return checkLabels(labels, batch, false);
  }

  /**
   * Checks that labels are a (batch, classes) matrix for {@code batch} images, multi-hot or, with
   * {@code fractions}, mixed: every value in [0, 1].
   *
   * @return the number of classes
   */
  static int checkLabels(NDArray labels, int batch, boolean fractions) {
    InvalidInputException.check(
        labels.getShape().dimension() == 2 && labels.getShape().get(0) == batch,
        "labels must be (batch, classes) multi-hot with batch %d, got %s",
        batch,
        labels.getShape());
    int classes = (int) labels.getShape().get(1);
    checkLabelValues(
        labels.toType(DataType.FLOAT32, false).toFloatArray(), classes, fractions, "labels");
    return classes;
  }

  /**
   * Checks label values: 0 or 1, or with {@code fractions} anything in [0, 1].
   *
   * @param flags a (rows, classes) label matrix, row-major
   * @param what what the labels are, for the message
   */
  static void checkLabelValues(float[] flags, int classes, boolean fractions, String what) {
    for (int k = 0; k < flags.length; k++) {
      float v = flags[k];
      if (fractions ? !(v >= 0 && v <= 1) : v != 0 && v != 1) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                fractions
                    ? "%s must lie in [0, 1], got %s at row %d, class %d"
                    : "%s must be 0 or 1 (multi-hot), got %s at row %d, class %d: mixed labels"
                        + " need a loss that accepts them, such as transhash or dch",
                what,
                v,
                k / classes,
                k % classes));
      }
    }
  }

  /**
   * The mean over pairs i != j of w_ij [log(1 + exp(theta_ij)) - s_ij theta_ij], the negative
   * log-likelihood of the inner-product model theta = scale * u_i . u_j (DPSH, DHN, HashNet).
   *
   * @param weights per-pair weights, zero on the diagonal (the off-diagonal mask for unweighted)
   */
  static NDArray pairwiseLikelihood(
      NDArray u, double scale, NDArray similarity, NDArray weights, long pairs) {
    NDArray theta = Scalars.mul(inner(u), scale);
    return Scalars.div(softplus(theta).sub(similarity.mul(theta)).mul(weights), pairs).sum();
  }

  /**
   * The unweighted {@link #pairwiseLikelihood} of a batch's pairs with theta = (1/2) u_i . u_j: the
   * likelihood DPSH and DHN share.
   *
   * @param u the concatenated heads, (batch, bits)
   * @param labels multi-hot labels, (batch, classes)
   */
  static NDArray halfInnerProductLikelihood(NDArray u, NDArray labels) {
    PairSimilarity pairs = PairSimilarity.of(labels, (int) u.getShape().get(0));
    return pairwiseLikelihood(
        u,
        0.5,
        pairs.similarity(u.getManager(), u.getDataType()),
        pairs.offDiagonal(u.getManager(), u.getDataType()),
        pairs.pairs());
  }

  /** sum_k log cosh(|u_ik| - 1) per row, stably: |x| + log(1 + exp(-2|x|)) - log 2. */
  static NDArray logCoshToOne(NDArray u) {
    NDArray x = u.abs().sub(1).abs();
    return x.add(Scalars.mul(x, -2).exp().add(1).log()).sub(Math.log(2)).sum(new int[] {1});
  }

  /**
   * Softmax cross-entropy when every image has exactly one label, else the mean binary
   * cross-entropy of sigmoid(logits) against the multi-hot labels.
   */
  static NDArray classificationLoss(NDArray logits, NDArray labels) {
    NDArray y = labels.toType(logits.getDataType(), false);
    float[] counts =
        labels
            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
            .sum(new int[] {1})
            .toFloatArray();
    boolean single = true;
    for (float c : counts) {
      single &= c == 1;
    }
    if (single) {
      NDArray max = logits.max(new int[] {1}, true).stopGradient();
      NDArray logSumExp = logits.sub(max).exp().sum(new int[] {1}, true).log().add(max);
      return logSumExp.sub(logits.mul(y).sum(new int[] {1}, true)).mean();
    }
    return y.mul(softplus(logits.neg())).add(y.neg().add(1).mul(softplus(logits))).mean();
  }
}
