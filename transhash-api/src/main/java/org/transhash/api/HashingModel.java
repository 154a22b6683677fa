package org.transhash.api;

import ai.djl.nn.Block;
import java.util.List;

/**
 * Extension point: a network that maps a batch of images {@code (N, C, H, W)} to one or more hash
 * heads. The block's forward pass returns an {@code NDList} with one {@code (N, bits_h)} array per
 * head, in the order of {@link #headBits()}; the code of an image is the concatenation of its
 * heads, binarised by sign.
 *
 * <p>A forward pass that multiplies, divides, raises to a power or clamps by a constant does so
 * through {@link Scalars}, not DJL's {@code mul(Number)} and the like: their constant can be freed
 * before the backward pass reads it ({@link Scalars} says why).
 *
 * <p>This interface needs DJL's API on the class path (the dependency is optional in transhash-api,
 * so code that only searches and evaluates never loads it).
 *
 * <pre>{@code
 * HashingModel model = ...;                       // for example "vit-dual", 32 bits, K = 2
 * model.headBits();                               // [16, 8, 8]: global, then local heads
 * NDList heads = model.block().forward(ps, new NDList(images), false);
 * }</pre>
 */
public interface HashingModel {

  /** Stable name, written into saved models, for example {@code "vit-dual"}. */
  String name();

  /** The network; its forward pass returns one array per head. */
  Block block();

  /** Bits of each head, in output order. */
  List<Integer> headBits();

  /** Total code length: the sum of {@link #headBits()}. */
  default int bits() {
    return headBits().stream().mapToInt(Integer::intValue).sum();
  }
}
