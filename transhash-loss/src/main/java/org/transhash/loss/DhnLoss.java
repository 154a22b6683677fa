package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * DHN, Deep Hashing Network (Zhu, Long, Wang, Cao, AAAI 2016): the pairwise cross-entropy of the
 * inner-product likelihood and the bimodal Laplacian quantization loss, log cosh(|u| - 1):
 *
 * <pre>
 * L = mean_{i != j} [ log(1 + exp(theta_ij)) - s_ij theta_ij ] + lambda mean_i sum_k log cosh(|u_ik| - 1)
 * </pre>
 *
 * with theta_ij = (1/2) u_i . u_j as in the paper, lambda = 0.1. Deviation: means instead of sums.
 */
public final class DhnLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "dhn";

  private final double lambda;

  /**
   * @param lambda weight of the quantization loss
   */
  public DhnLoss(double lambda) {
    InvalidInputException.check(lambda >= 0, "lambda must be >= 0, got %s", lambda);
    this.lambda = lambda;
  }

  /** DHN with lambda = 0.1. */
  public DhnLoss() {
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
    NDArray quantization = Scalars.mul(Heads.logCoshToOne(u), lambda).mean();
    return likelihood.add(quantization);
  }
}
