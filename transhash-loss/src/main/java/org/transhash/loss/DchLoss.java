package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.transhash.api.CrossBatchLoss;

/**
 * DCH, Deep Cauchy Hashing (Cao, Long, Liu, Wang, CVPR 2018): the Cauchy pairwise likelihood with
 * balanced pair weights and the Cauchy quantization loss, on the whole code as one head. It is
 * TransHash's per-head loss applied once to the concatenated heads (TransHash builds on DCH), with
 * DCH's defaults gamma = 20, lambda = 0.1. Deviation: the cosine is clamped at 0.99 as in {@link
 * TransHashLoss}, where DCH adds no guard. It takes a cross-batch memory as TransHash does, on the
 * concatenated code, and mixed labels as TransHash does.
 */
public final class DchLoss implements CrossBatchLoss {
  /** The name written into reports. */
  public static final String NAME = "dch";

  private final TransHashLoss perHead;

  /**
   * @param gamma Cauchy scale (DCH's default 20)
   * @param lambda quantization weight (DCH's default 0.1)
   */
  public DchLoss(double gamma, double lambda) {
    this.perHead = TransHashLoss.builder().optGamma(gamma).optLambda(lambda).optName(NAME).build();
  }

  /** DCH with its paper's defaults. */
  public DchLoss() {
    this(20, 0.1);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** True, as {@link TransHashLoss#acceptsMixedLabels()}. */
  @Override
  public boolean acceptsMixedLabels() {
    return true;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray code = Heads.concat(heads);
    int n = (int) code.getShape().get(0);
    return perHead.headLoss(code, PairSimilarity.mixed(labels, n));
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels, NDList memory, NDArray memoryLabels) {
    NDArray code = Heads.concat(heads);
    NDArray remembered = Heads.concat(memory);
    int n = (int) code.getShape().get(0);
    return perHead.headLoss(
        code,
        TransHashLoss.withMemory(code, remembered, memoryLabels),
        PairSimilarity.mixed(labels, n, memoryLabels));
  }
}
