package org.transhash.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.Optional;

/**
 * Extension point: a loss over the continuous outputs of a batch. It sees the whole batch, every
 * head, and the labels as a multi-hot matrix, and keeps no state between calls: calling it twice on
 * the same batch gives the same value (DJL's evaluator listeners may do so). Constants it
 * multiplies, divides, raises to a power or clamps by go through {@link Scalars}, not DJL's {@code
 * mul(Number)} and the like, whose constant can be freed before the backward pass reads it.
 *
 * <pre>{@code
 * HashingLoss loss = ...;                         // for example "transhash"
 * NDArray multiHot = ...;                         // (N, C) float 0/1
 * NDArray value = loss.evaluate(heads, multiHot); // scalar, differentiable
 * }</pre>
 */
public interface HashingLoss {

  /** Stable name, written into saved models and reports, for example {@code "transhash"}. */
  String name();

  /**
   * The loss of a batch.
   *
   * @param heads one {@code (N, bits_h)} array per head, as the model returned them
   * @param labels {@code (N, C)} multi-hot labels, 1 where an image carries a class
   * @return a scalar
   */
  NDArray evaluate(NDList heads, NDArray labels);

  /**
   * Whether the labels may be fractions: a mixed image's share of each class, as batch mixing
   * (mixup, CutMix) gives. A loss that accepts them reads pairs as similar to the degree s_ij =
   * min(1, a_i . a_j) of their label rows, which is its 0/1 similarity on multi-hot labels, so 0/1
   * labels give the values they always did. A loss that does not refuses fractional labels.
   *
   * @return true when {@link #evaluate} takes labels in [0, 1] that are not all 0 or 1
   */
  default boolean acceptsMixedLabels() {
    return false;
  }

  /**
   * Parameters the loss owns (hash centres, a classifier), trained with the model's.
   *
   * @return the block that holds them, or empty when the loss has none
   */
  default Optional<Block> parameters() {
    return Optional.empty();
  }
}
