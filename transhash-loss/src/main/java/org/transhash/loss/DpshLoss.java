package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * DPSH, Deep Pairwise-Supervised Hashing (Li, Wang, Kang, IJCAI 2016): the pairwise likelihood with
 * theta_ij = (1/2) u_i . u_j and a quantization penalty towards b = sign(u):
 *
 * <pre>
 * L = mean_{i != j} [ log(1 + exp(theta_ij)) - s_ij theta_ij ] + eta mean_i ||b_i - u_i||^2
 * </pre>
 *
 * Deviation: means instead of the paper's sums (a constant factor that keeps learning rates
 * comparable across batch sizes). Default eta = 0.1.
 */
public final class DpshLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "dpsh";

  private final double eta;

  /**
   * @param eta weight of the quantization penalty
   */
  public DpshLoss(double eta) {
    InvalidInputException.check(eta >= 0, "eta must be >= 0, got %s", eta);
    this.eta = eta;
  }

  /** DPSH with eta = 0.1. */
  public DpshLoss() {
    this(0.1);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray u = Heads.concat(heads);
    NDArray likelihood = Heads.halfInnerProductLikelihood(u, labels);
    NDArray b = u.sign().stopGradient();
    NDArray quantization = Scalars.mul(b.sub(u).square().sum(new int[] {1}), eta).mean();
    return likelihood.add(quantization);
  }
}
