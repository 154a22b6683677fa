package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD with momentum and AdamW. SGD is written on NDArrays so that every temporary lives in the
 * step's manager (DJL's optimisers attach their temporaries to the parameters' manager). AdamW runs
 * as one native call a parameter (the engine's fused update, which keeps its temporaries in native
 * code and creates no NDArray): written op by op it made about 1,500 calls a step into the engine
 * for the default model's 99 arrays and took 35 ms of a 0.6 s step, the fused update 17 ms ({@code
 * AdamWBenchmark} in transhash-bench; BENCHMARKS.md).
 */
final class Optimizer {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;
  private final TrainConfig config;
  private final Map<String, NDArray> first = new HashMap<>();
  private final Map<String, NDArray> second = new HashMap<>();
  private int updates;

  Optimizer(TrainConfig config) {
    this.config = config;
  }

  /**
   * Updates one parameter from its gradient. With AdamW the engine also zeroes the weight's own
   * gradient array (when it has one) after the update.
   *
   * @param id the parameter's name
   * @param weight its array (updated in place)
   * @param gradient its gradient, owned by the step's manager (left unchanged unless it is the
   *     weight's own gradient array, which AdamW zeroes)
   * @param gradientScale what the gradient is multiplied by first (global-norm clipping's factor)
   * @param lr this parameter's learning rate now
   */
  void update(String id, NDArray weight, NDArray gradient, double gradientScale, double lr) {
    if (config.optimizer() == TrainConfig.OptimizerKind.SGD) {
      NDManager step = gradient.getManager();
      NDArray g = gradientScale == 1 ? gradient : gradient.mul(gradientScale);
      if (config.weightDecay() > 0) {
        g = g.add(local(weight.mul(config.weightDecay()), step));
      }
      NDArray velocity = first.computeIfAbsent(id, k -> weight.zerosLike());
      velocity.muli(config.momentum()).addi(g);
      weight.subi(local(velocity.mul(lr), step));
    } else {
      NDArray m = first.computeIfAbsent(id, k -> weight.zerosLike());
      NDArray v = second.computeIfAbsent(id, k -> weight.zerosLike());
      // AdamW as PyTorch writes it, w -= lr * (mHat / (sqrt(vHat) + eps) + wd * w) with mHat and
      // vHat the bias-corrected moments, in the engine's form: the corrections folded into the
      // learning rate and epsilon, m * lr * sqrt(c2) / c1 / (sqrt(v) + eps * sqrt(c2))
      int t = updates + 1;
      double c1 = 1 - Math.pow(BETA1, t);
      double c2 = Math.sqrt(1 - Math.pow(BETA2, t));
      weight
          .getNDArrayInternal()
          .adamUpdate(
              new NDList(weight, gradient, m, v),
              new NDList(weight),
              (float) lr,
              (float) (lr * c2 / c1),
              (float) config.weightDecay(),
              (float) gradientScale,
              -1, // no element-wise clipping
              (float) BETA1,
              (float) BETA2,
              (float) (EPSILON * c2),
              false,
              true);
    }
  }

  /**
   * Moves a temporary computed from a parameter or a state array (and so owned by their long-lived
   * manager) into the step's manager, which frees it when the step ends.
   */
  private static NDArray local(NDArray temporary, NDManager step) {
    temporary.attach(step);
    return temporary;
  }

  /** Marks the end of a step (AdamW's bias correction counts steps). */
  void stepDone() {
    updates++;
  }

  /**
   * The state to checkpoint: {@code first/NAME} (momentum or AdamW's first moment) and {@code
   * second/NAME} (AdamW's second moment).
   */
  Map<String, NDArray> state() {
    Map<String, NDArray> out = new java.util.TreeMap<>();
    first.forEach((k, v) -> out.put("first/" + k, v));
    second.forEach((k, v) -> out.put("second/" + k, v));
    return out;
  }

  /**
   * Continues from a checkpoint's state.
   *
   * @param state arrays named as {@link #state()} names them, owned by the long-lived manager
   * @param steps the updates done so far (AdamW's bias correction)
   */
  void restore(Map<String, NDArray> state, int steps) {
    close();
    state.forEach(
        (k, v) -> {
          if (k.startsWith("first/")) {
            first.put(k.substring("first/".length()), v);
          } else if (k.startsWith("second/")) {
            second.put(k.substring("second/".length()), v);
          }
        });
    updates = steps;
  }

  /** Drops every state array (for a reset). */
  void close() {
    first.values().forEach(NDArray::close);
    second.values().forEach(NDArray::close);
    first.clear();
    second.clear();
  }
}
