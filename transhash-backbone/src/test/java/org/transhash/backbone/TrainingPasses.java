package org.transhash.backbone;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.transhash.api.HashingModel;
import org.transhash.api.testing.GarbageCollections;

/** One seeded training pass of a model, for tests that compare gradients. */
public final class TrainingPasses {
  private TrainingPasses() {}

  /**
   * The gradient of every trainable parameter after one training pass on the images, flattened into
   * one array; the gradients are zeroed afterwards. The engine's seed is set first, so two calls
   * draw the same dropout.
   *
   * @param model an initialised model
   * @param manager the manager of the pass's arrays
   * @param images a batch of images
   * @param collectBeforeBackward whether to run a garbage collection (and reuse the memory it
   *     frees) between the forward and the backward pass
   * @return the gradients, parameter after parameter
   */
  public static float[] gradients(
      HashingModel model, NDManager manager, NDArray images, boolean collectBeforeBackward) {
    List<NDArray> trained = new ArrayList<>();
    for (var p : model.block().getParameters()) {
      Parameter.Type type = p.getValue().getType();
      if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
        p.getValue().getArray().setRequiresGradient(true);
        trained.add(p.getValue().getArray());
      }
    }
    Engine.getInstance().setRandomSeed(3);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDList heads =
          model.block().forward(new ParameterStore(manager, false), new NDList(images), true);
      NDArray objective = null;
      for (NDArray h : heads) {
        NDArray term = h.sub(0.3).square().sum();
        objective = objective == null ? term : objective.add(term);
      }
      if (collectBeforeBackward) {
        GarbageCollections.collectAndReuseFreedBuffers();
      }
      collector.backward(objective);
    }
    NDList flat = new NDList();
    for (NDArray w : trained) {
      flat.add(w.getGradient().flatten());
    }
    float[] out = NDArrays.concat(flat).toFloatArray();
    for (NDArray w : trained) {
      w.getGradient().subi(w.getGradient());
    }
    return out;
  }
}
