package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.transhash.api.InvalidInputException;

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
    return x.maximum(0).add(x.abs().neg().exp().add(1).log());
  }

  /** Row-normalised copy of h (rows of zeros stay zero). */
  static NDArray normalizeRows(NDArray h) {
    return h.div(h.norm(new int[] {1}, true).maximum(1e-12));
  }

  /** The N x N inner products of the rows of h. */
  static NDArray inner(NDArray h) {
    return h.matMul(h.transpose());
  }
}
