package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of the weights (Polyak averaging), with the usual warm-up of the
 * decay, min(decay, (1 + t) / (10 + t)), so early averages are not dominated by the initialisation.
 * Batch norm's running statistics are averaged with the weights they were gathered for (as timm's
 * ModelEmaV2 does): averaged weights with the raw model's statistics would normalise with figures
 * that belong to other weights. The model is validated and saved with the averaged values; training
 * continues on the raw ones.
 */
final class WeightAverage implements AutoCloseable {
  static final String PREFIX = "ema/";
  private final double decay;
  private final NDManager own;
  private final Map<String, Parameter> parameters;
  private final Map<String, NDArray> average = new LinkedHashMap<>();
  private final Map<String, NDArray> stash = new HashMap<>();
  private int updates;

  /**
   * Starts the average at the current values.
   *
   * @param parameters what to average, by name: weights and running statistics
   */
  WeightAverage(double decay, Map<String, Parameter> parameters, NDManager manager) {
    this.decay = decay;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.own = manager.newSubManager();
    parameters.forEach(
        (k, p) -> {
          NDArray copy = p.getArray().duplicate();
          copy.attach(own);
          average.put(k, copy);
        });
  }

  /**
   * Continues from a checkpoint's state ({@link #state()} names); a weight the state lacks (a
   * checkpoint of a run without the average) starts at its current value.
   */
  void restore(Map<String, NDArray> state, int steps) {
    for (var e : average.entrySet()) {
      NDArray saved = state.get(PREFIX + e.getKey());
      NDArray from = saved != null ? saved : parameters.get(e.getKey()).getArray();
      e.getValue().set(from.toByteBuffer());
    }
    updates = steps;
  }

  /** Moves the average towards the current values; temporaries go to the step's manager. */
  void update(NDManager step) {
    double d = Math.min(decay, (1.0 + updates) / (10.0 + updates));
    for (var e : average.entrySet()) {
      NDArray share = parameters.get(e.getKey()).getArray().mul(1 - d);
      share.attach(step);
      e.getValue().muli(d).addi(share);
    }
    updates++;
  }

  /** The averaged weights, named {@code ema/NAME}, for checkpoints. */
  Map<String, NDArray> state() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    average.forEach((k, v) -> out.put(PREFIX + k, v));
    return out;
  }

  /** Puts the averaged weights into the model, keeping the raw ones aside. */
  void swapIn() {
    for (var e : average.entrySet()) {
      NDArray weight = parameters.get(e.getKey()).getArray();
      NDArray raw = weight.duplicate();
      raw.attach(own);
      stash.put(e.getKey(), raw);
      weight.set(e.getValue().toByteBuffer());
    }
  }

  /** Puts the raw weights back after {@link #swapIn}. */
  void swapOut() {
    for (var e : stash.entrySet()) {
      parameters.get(e.getKey()).getArray().set(e.getValue().toByteBuffer());
      e.getValue().close();
    }
    stash.clear();
  }

  @Override
  public void close() {
    own.close();
  }
}
