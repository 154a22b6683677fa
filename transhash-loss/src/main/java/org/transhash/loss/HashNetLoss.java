package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * HashNet (Cao, Long, Wang, Yu, ICCV 2017): weighted maximum likelihood over pairs with the
 * adaptive sigmoid of the inner product, on h = tanh(beta z):
 *
 * <pre>
 * L = mean_{i != j} w_ij [ log(1 + exp(alpha h_i . h_j)) - alpha s_ij h_i . h_j ]
 * </pre>
 *
 * with HashNet's balanced weights w_ij = |S|/|S1| (similar) and |S|/|S0| (dissimilar). Deviation:
 * HashNet raises beta during training by continuation; a loss here keeps no state, so beta is a
 * fixed option (default 1), and a trainer may build a new loss with a larger beta per stage.
 * Default alpha = 0.1.
 */
public final class HashNetLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "hashnet";

  private final double alpha;
  private final double beta;

  /**
   * @param alpha scale of the inner product in the sigmoid
   * @param beta sharpness of tanh(beta z)
   */
  public HashNetLoss(double alpha, double beta) {
    InvalidInputException.check(
        alpha > 0 && beta > 0, "alpha and beta must be > 0, got %s and %s", alpha, beta);
    this.alpha = alpha;
    this.beta = beta;
  }

  /** HashNet with alpha = 0.1 and beta = 1. */
  public HashNetLoss() {
    this(0.1, 1);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray h = Scalars.mul(Heads.concat(heads), beta).tanh();
    int n = (int) h.getShape().get(0);
    PairSimilarity pairs = PairSimilarity.of(labels, n);
    return Heads.pairwiseLikelihood(
        h,
        alpha,
        pairs.similarity(h.getManager(), h.getDataType()),
        pairs.balancedWeights(h.getManager(), h.getDataType()),
        pairs.pairs());
  }
}
