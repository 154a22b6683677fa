package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * DTSH, Deep Supervised Hashing with Triplet Labels (Wang, Shi, Kitani, ACCV 2016): every triplet
 * of the batch with s_ij = 1 and s_ik = 0 (anchor i, positive j, negative k) contributes the
 * negative log-likelihood that the anchor is closer to the positive by a margin, with a
 * quantization penalty towards b = sign(u):
 *
 * <pre>
 * theta_ij = (1/2) u_i . u_j,   d = theta_ij - theta_ik - m
 * L = mean over triplets log(1 + exp(-d)) + lambda mean_i ||b_i - u_i||^2
 * </pre>
 *
 * Defaults: m = bits / 4 (the paper tunes it; DeepHash-style ports use a quarter of the length),
 * lambda = 0.1. Deviation: means instead of sums; a batch without a valid triplet contributes only
 * its quantization term.
 */
public final class DtshLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "dtsh";

  private final double marginPerBit;
  private final double lambda;

  /**
   * @param marginPerBit the margin m divided by the code length
   * @param lambda weight of the quantization penalty
   */
  public DtshLoss(double marginPerBit, double lambda) {
    InvalidInputException.check(marginPerBit >= 0 && lambda >= 0, "margin and lambda must be >= 0");
    this.marginPerBit = marginPerBit;
    this.lambda = lambda;
  }

  /** DTSH with m = bits / 4 and lambda = 0.1. */
  public DtshLoss() {
    this(0.25, 0.1);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray u = Heads.concat(heads);
    int n = (int) u.getShape().get(0);
    PairSimilarity pairs = PairSimilarity.of(labels, n);
    double[] valid = new double[n * n * n];
    long count = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (pairs.similar[i * n + j] != 1) {
          continue;
        }
        for (int k = 0; k < n; k++) {
          if (k != i && pairs.similar[i * n + k] == 0) {
            valid[(i * n + j) * n + k] = 1;
            count++;
          }
        }
      }
    }
    NDArray theta = Scalars.mul(Heads.inner(u), 0.5);
    double margin = marginPerBit * u.getShape().get(1);
    // d[i][j][k] = theta[i][j] - theta[i][k] - m
    NDArray d = theta.expandDims(2).sub(theta.expandDims(1)).sub(margin);
    NDArray mask = u.getManager().create(valid, new Shape(n, n, n)).toType(u.getDataType(), false);
    NDArray triplets = Scalars.div(Heads.softplus(d.neg()).mul(mask), Math.max(count, 1)).sum();
    NDArray b = u.sign().stopGradient();
    return triplets.add(Scalars.mul(b.sub(u).square().sum(new int[] {1}), lambda).mean());
  }
}
