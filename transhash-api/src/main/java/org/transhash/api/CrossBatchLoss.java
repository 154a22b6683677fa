package org.transhash.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A pairwise {@link HashingLoss} that can also pair a batch with the outputs of earlier batches: a
 * cross-batch memory (Wang et al., CVPR 2020), which the trainer keeps and passes in. Each image of
 * the batch then forms pairs with the other images of its batch and with every remembered one; the
 * remembered outputs are constants (no gradient flows into them). With an empty memory the value is
 * that of {@link #evaluate(NDList, NDArray)}.
 *
 * <pre>{@code
 * CrossBatchLoss loss = TransHashLoss.builder().build();
 * NDArray value = loss.evaluate(heads, labels, rememberedHeads, rememberedLabels);
 * }</pre>
 */
public interface CrossBatchLoss extends HashingLoss {

  /**
   * The loss of a batch whose pairs include the remembered images.
   *
   * @param heads one {@code (N, bits_h)} array per head, as the model returned them
   * @param labels {@code (N, C)} multi-hot labels
   * @param memory one {@code (M, bits_h)} array per head: earlier outputs, without gradient
   * @param memoryLabels {@code (M, C)} their multi-hot labels
   * @return a scalar
   */
  NDArray evaluate(NDList heads, NDArray labels, NDList memory, NDArray memoryLabels);
}
