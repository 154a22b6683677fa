package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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
          optimizer.update("w", w, difference.mul(2), 1, 0.05);
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

  /**
   * AdamW runs as the engine's fused update, which folds the bias corrections into the learning
   * rate and epsilon: it must still compute PyTorch's AdamW, w -= lr (mHat / (sqrt(vHat) + eps) +
   * wd w), here in doubles, with a changing learning rate, a clipping factor, weight decay, and
   * gradients small enough (1e-7) that epsilon's place shows.
   */
  @Test
  void adamWIsPyTorchsAdamW() {
    double wd = 0.05;
    TrainConfig config =
        new TrainConfig(1, 2, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, wd, 0.9, 0, 0, 0, false);
    Optimizer optimizer = new Optimizer(config);
    SplittableRandom random = new SplittableRandom(7);
    int n = 6;
    double[] w = new double[n];
    double[] m = new double[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = random.nextDouble(-1, 1);
    }
    try (NDManager root = NDManager.newBaseManager()) {
      NDArray weight = root.create(toFloats(w));
      for (int t = 1; t <= 30; t++) {
        double lr = 1e-2 * (1 + Math.cos(t / 10.0));
        double scale = t % 3 == 0 ? 0.5 : 1;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
          g[i] = (float) (random.nextDouble(-1, 1) * (i < 2 ? 1e-7 : 1));
        }
        try (NDManager step = root.newSubManager()) {
          optimizer.update("w", weight, step.create(toFloats(g)), scale, lr);
          optimizer.stepDone();
        }
        for (int i = 0; i < n; i++) {
          double gs = (float) g[i] * scale;
          m[i] = 0.9 * m[i] + 0.1 * gs;
          v[i] = 0.999 * v[i] + 0.001 * gs * gs;
          double mHat = m[i] / (1 - Math.pow(0.9, t));
          double vHat = v[i] / (1 - Math.pow(0.999, t));
          w[i] -= lr * (mHat / (Math.sqrt(vHat) + 1e-8) + wd * w[i]);
        }
      }
      assertArrayEquals(toFloats(w), weight.toFloatArray(), 2e-5f);
    }
  }

  private static float[] toFloats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }
}
