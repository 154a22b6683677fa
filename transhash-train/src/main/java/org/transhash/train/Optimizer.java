package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD with momentum and AdamW, written on NDArrays so that every temporary lives in the step's
 * manager (DJL's optimisers attach their temporaries to the parameters' manager).
 */
final class Optimizer {
  private final TrainConfig config;
  private final Map<String, NDArray> first = new HashMap<>();
  private final Map<String, NDArray> second = new HashMap<>();
  private int updates;

  Optimizer(TrainConfig config) {
    this.config = config;
  }

  /**
   * Updates one parameter from its gradient.
   *
   * @param id the parameter's name
   * @param weight its array (updated in place)
   * @param gradient its gradient, owned by the step's manager
   * @param lr this parameter's learning rate now
   */
  void update(String id, NDArray weight, NDArray gradient, double lr) {
    NDManager step = gradient.getManager();
    if (config.optimizer() == TrainConfig.OptimizerKind.SGD) {
      NDArray g =
          config.weightDecay() > 0
              ? gradient.add(local(weight.mul(config.weightDecay()), step))
              : gradient;
      NDArray velocity = first.computeIfAbsent(id, k -> weight.zerosLike());
      velocity.muli(config.momentum()).addi(g);
      weight.subi(local(velocity.mul(lr), step));
    } else {
      double b1 = 0.9;
      double b2 = 0.999;
      NDArray m = first.computeIfAbsent(id, k -> weight.zerosLike());
      NDArray v = second.computeIfAbsent(id, k -> weight.zerosLike());
      m.muli(b1).addi(gradient.mul(1 - b1));
      v.muli(b2).addi(gradient.square().mul(1 - b2));
      int t = updates + 1;
      NDArray mHat = local(m.div(1 - Math.pow(b1, t)), step);
      NDArray vHat = local(v.div(1 - Math.pow(b2, t)), step);
      NDArray direction = mHat.div(vHat.sqrt().add(1e-8));
      if (config.weightDecay() > 0) {
        direction = direction.add(local(weight.mul(config.weightDecay()), step));
      }
      weight.subi(direction.mul(lr));
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
