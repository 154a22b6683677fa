package org.transhash.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.transhash.api.testing.GarbageCollections;

/** Constants whose gradients survive a garbage collection between forward and backward. */
class ScalarsTest {
  private static final float[] X = {0.5f, -2f, 3f, 1e-13f};

  /** x's gradient of sum(f(x)), with a garbage collection between the forward and backward pass. */
  private static float[] gradientAcrossACollection(Function<NDArray, NDArray> f, DataType type) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(X).toType(type, false);
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = f.apply(x).sum();
        GarbageCollections.collectAndReuseFreedBuffers();
        collector.backward(y);
      }
      return x.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  @Test
  void gradientsSurviveACollection() {
    assertArrayEquals(
        new float[] {3, 3, 3, 3},
        gradientAcrossACollection(x -> Scalars.mul(x, 3), DataType.FLOAT32));
    assertArrayEquals(
        new float[] {0.25f, 0.25f, 0.25f, 0.25f},
        gradientAcrossACollection(x -> Scalars.div(x, 4), DataType.FLOAT32));
    assertArrayEquals(
        new float[] {1, -4, 6, 2e-13f},
        gradientAcrossACollection(x -> Scalars.pow(x, 2), DataType.FLOAT32),
        1e-6f);
    assertArrayEquals(
        new float[] {1, 0, 1, 0},
        gradientAcrossACollection(x -> Scalars.maximum(x, 1e-12), DataType.FLOAT32));
    assertArrayEquals(
        new float[] {0, 1, 0, 1},
        gradientAcrossACollection(x -> Scalars.minimum(x, 1e-12), DataType.FLOAT32));
    assertArrayEquals(
        new float[] {3, 3, 3, 3},
        gradientAcrossACollection(x -> Scalars.mul(x, 3), DataType.FLOAT64));
  }

  /**
   * The trap itself: DJL's own {@code mul(Number)} loses its constant when the collector runs
   * between forward and backward. If this ever passes, DJL has fixed it and {@link Scalars} can go.
   */
  @Test
  void djlsNumberOverloadLosesItsConstant() {
    assertNotEquals(3f, gradientAcrossACollection(x -> x.mul(3.0), DataType.FLOAT32)[0]);
  }

  @Test
  void forwardValuesMatchDjlsNumberOverloads() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(X);
      double c = 1 / Math.sqrt(24);
      assertArrayEquals(x.mul(c).toFloatArray(), Scalars.mul(x, c).toFloatArray(), 0f);
      assertArrayEquals(x.div(20.0).toFloatArray(), Scalars.div(x, 20).toFloatArray(), 0f);
      assertArrayEquals(x.pow(-1).toFloatArray(), Scalars.pow(x, -1).toFloatArray(), 0f);
      assertArrayEquals(
          x.maximum(1e-12).toFloatArray(), Scalars.maximum(x, 1e-12).toFloatArray(), 0f);
      assertEquals(DataType.FLOAT32, Scalars.mul(x, c).getDataType());
      NDArray wide = x.toType(DataType.FLOAT64, false);
      assertArrayEquals(wide.mul(c).toDoubleArray(), Scalars.mul(wide, c).toDoubleArray(), 0);
    }
  }
}
