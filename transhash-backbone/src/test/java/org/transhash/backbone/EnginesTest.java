package org.transhash.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EnginesTest {

  @Test
  void pytorchLoadsOfflineFromTheNativeJar() {
    assertEquals("true", System.getProperty("ai.djl.offline"));
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
      assertArrayEquals(new float[] {7, 10, 15, 22}, a.matMul(a).toFloatArray());
    }
  }
}
