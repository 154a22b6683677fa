package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OptimizerTest {
  /** Minimises ||w - target||^2 with the gradient computed by hand: both optimisers converge. */
  @ParameterizedTest
  @EnumSource(TrainConfig.OptimizerKind.class)
  void convergesOnAQuadraticWithoutKeepingTemporaries(TrainConfig.OptimizerKind kind) {
    TrainConfig config = new TrainConfig(1, 2, kind, 0.05, 1, 0, 0.9, 0, 0, 0, false);
    Optimizer optimizer = new Optimizer(config);
    try (NDManager root = NDManager.newBaseManager()) {
      NDArray w = root.zeros(new Shape(4));
      NDArray target = root.create(new float[] {1, -2, 3, 0.5f});
      int heldAfterFirstSteps = -1;
      for (int i = 0; i < 400; i++) {
        if (i == 10) {
          heldAfterFirstSteps = root.getManagedArrays().size();
        }
        try (NDManager step = root.newSubManager()) {
          NDArray difference = w.sub(target);
          difference.attach(step);
          optimizer.update("w", w, difference.mul(2), 0.05);
          optimizer.stepDone();
        }
      }
      // every temporary is freed with its step: the root holds as many arrays after 400 steps as
      // after 10
      assertEquals(heldAfterFirstSteps, root.getManagedArrays().size());
      float error = w.sub(target).abs().max().getFloat();
      assertTrue(error < 0.05, kind + " ends " + error + " away");
    }
  }
}
