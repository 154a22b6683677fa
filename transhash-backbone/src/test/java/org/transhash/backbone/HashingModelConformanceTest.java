package org.transhash.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transhash.api.HashingModel;
import org.transhash.api.testing.GarbageCollections;

/**
 * The suite every {@link HashingModel} passes: one array per head with the declared bits, finite
 * outputs that repeat bit for bit at inference, an image coded alike alone and in a batch, a
 * gradient for every trainable parameter, and the same gradients when a garbage collection runs
 * between the forward and the backward pass (which a long run meets by chance).
 */
public abstract class HashingModelConformanceTest {
  protected NDManager manager;

  /** The model under test, not yet initialised. */
  protected abstract HashingModel newModel();

  /** The batch the suite feeds: 4 grey 28 x 28 images unless a model needs others. */
  protected Shape input() {
    return new Shape(4, 1, 28, 28);
  }

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  private HashingModel initialised() {
    HashingModel model = newModel();
    model.block().initialize(manager, DataType.FLOAT32, input());
    return model;
  }

  private NDArray images() {
    return manager.randomUniform(0, 1, input());
  }

  private NDList forward(HashingModel model, NDArray images, boolean training) {
    return model.block().forward(new ParameterStore(manager, false), new NDList(images), training);
  }

  @Test
  void headsHaveTheDeclaredBits() {
    HashingModel model = initialised();
    NDList heads = forward(model, images(), false);
    assertEquals(model.headBits().size(), heads.size(), model.name());
    for (int h = 0; h < heads.size(); h++) {
      assertEquals(new Shape(input().get(0), model.headBits().get(h)), heads.get(h).getShape());
    }
    assertEquals(model.headBits().stream().mapToInt(Integer::intValue).sum(), model.bits());
  }

  @Test
  void inferenceIsFiniteAndRepeatsBitForBit() {
    HashingModel model = initialised();
    NDArray images = images();
    float[] first = NDArrays.concat(forward(model, images, false), 1).toFloatArray();
    float[] second = NDArrays.concat(forward(model, images, false), 1).toFloatArray();
    for (float v : first) {
      assertTrue(Float.isFinite(v), model.name() + " gave " + v);
    }
    assertArrayEquals(first, second, model.name());
  }

  @Test
  void anImageIsCodedAlikeAloneAndInABatch() {
    HashingModel model = initialised();
    NDArray images = images();
    NDArray batched = NDArrays.concat(forward(model, images, false), 1);
    NDArray alone = NDArrays.concat(forward(model, images.get("1:2"), false), 1);
    assertTrue(alone.get(0).allClose(batched.get(1), 1e-4, 1e-5, false), model.name());
  }

  @Test
  void trainingReachesEveryTrainableParameter() {
    HashingModel model = initialised();
    gradients(model, images(), false)
        .forEach(
            (name, g) -> {
              boolean any = false;
              for (float v : g) {
                any |= v != 0;
              }
              assertTrue(any, model.name() + ": no gradient for " + name);
            });
  }

  @Test
  void gradientsSurviveAGarbageCollectionBeforeTheBackwardPass() {
    HashingModel model = initialised();
    NDArray images = images();
    Map<String, float[]> undisturbed = gradients(model, images, false);
    Map<String, float[]> collected = gradients(model, images, true);
    undisturbed.forEach(
        (name, g) ->
            assertArrayEquals(
                g, collected.get(name), model.name() + ": the gradient of " + name + " changed"));
  }

  private static boolean trainable(Parameter p) {
    return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
  }

  /**
   * The gradient of every trainable parameter after one seeded training pass (the same dropout each
   * time), by parameter name; the gradients are zeroed afterwards.
   */
  private Map<String, float[]> gradients(
      HashingModel model, NDArray images, boolean collectBeforeBackward) {
    Map<String, NDArray> trained = new LinkedHashMap<>();
    for (var p : model.block().getParameters()) {
      if (trainable(p.getValue())) {
        p.getValue().getArray().setRequiresGradient(true);
        trained.put(p.getKey(), p.getValue().getArray());
      }
    }
    Engine.getInstance().setRandomSeed(3);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray objective = null;
      for (NDArray h : forward(model, images, true)) {
        NDArray term = h.sub(0.3).square().sum();
        objective = objective == null ? term : objective.add(term);
      }
      if (collectBeforeBackward) {
        GarbageCollections.collectAndReuseFreedBuffers();
      }
      collector.backward(objective);
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    trained.forEach(
        (name, w) -> {
          out.put(name, w.getGradient().toFloatArray());
          w.getGradient().subi(w.getGradient());
        });
    return out;
  }
}
