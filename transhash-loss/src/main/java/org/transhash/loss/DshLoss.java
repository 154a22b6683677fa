package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * DSH, Deep Supervised Hashing (Liu, Wang, Shan, Chen, CVPR 2016): a margin contrastive loss on the
 * squared Euclidean distance of the outputs, with a regulariser pulling every output towards -1 or
 * +1:
 *
 * <pre>
 * L = mean_{i != j} [ (1/2) s_ij ||b_i - b_j||^2 + (1/2)(1 - s_ij) max(m - ||b_i - b_j||^2, 0) ]
 *     + alpha mean_i || |b_i| - 1 ||_1
 * </pre>
 *
 * with the paper's m = 2 bits and alpha = 0.01. Deviation: means instead of sums.
 */
public final class DshLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "dsh";

  private final double alpha;
  private final double marginPerBit;

  /**
   * @param alpha weight of the regulariser
   * @param marginPerBit the margin m divided by the code length
   */
  public DshLoss(double alpha, double marginPerBit) {
    InvalidInputException.check(
        alpha >= 0 && marginPerBit > 0,
        "alpha must be >= 0 and the margin > 0, got %s and %s",
        alpha,
        marginPerBit);
    this.alpha = alpha;
    this.marginPerBit = marginPerBit;
  }

  /** DSH with m = 2 bits and alpha = 0.01. */
  public DshLoss() {
    this(0.01, 2);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray b = Heads.concat(heads);
    int n = (int) b.getShape().get(0);
    PairSimilarity pairs = PairSimilarity.of(labels, n);
    NDArray squares = b.square().sum(new int[] {1}, true);
    NDArray distance =
        Scalars.maximum(squares.add(squares.transpose()).sub(Scalars.mul(Heads.inner(b), 2)), 0);
    NDArray s = pairs.similarity(b.getManager(), b.getDataType());
    NDArray off = pairs.offDiagonal(b.getManager(), b.getDataType());
    double margin = marginPerBit * b.getShape().get(1);
    NDArray pull = s.mul(distance);
    NDArray push = s.neg().add(1).mul(Scalars.maximum(distance.neg().add(margin), 0));
    NDArray contrastive = Scalars.mul(pull.add(push).mul(off), 0.5 / pairs.pairs()).sum();
    NDArray regulariser = Scalars.mul(b.abs().sub(1).abs().sum(new int[] {1}), alpha).mean();
    return contrastive.add(regulariser);
  }
}
