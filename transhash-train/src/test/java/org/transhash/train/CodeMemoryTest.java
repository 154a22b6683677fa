package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transhash.api.InvalidInputException;

/** The ring of remembered outputs: oldest first, bounded, and saved and restored as it was. */
class CodeMemoryTest {

  /** A batch of images {@code first..first+n}: head 0 holds (id, -id), head 1 id, label id % 3. */
  private static void addBatch(CodeMemory memory, NDManager manager, int first, int n) {
    float[] global = new float[n * 2];
    float[] local = new float[n];
    float[] labels = new float[n * 3];
    for (int i = 0; i < n; i++) {
      int id = first + i;
      global[2 * i] = id;
      global[2 * i + 1] = -id;
      local[i] = id;
      labels[i * 3 + id % 3] = 1;
    }
    memory.add(
        new NDList(manager.create(global, new Shape(n, 2)), manager.create(local, new Shape(n, 1))),
        manager.create(labels, new Shape(n, 3)));
  }

  @Test
  void keepsTheLatestImagesOldestFirst() {
    try (NDManager manager = NDManager.newBaseManager()) {
      CodeMemory memory = new CodeMemory(5);
      addBatch(memory, manager, 0, 3);
      assertFalse(memory.isFull());
      assertArrayEquals(new float[] {0, 1, 2}, memory.heads(manager).get(1).toFloatArray());
      addBatch(memory, manager, 3, 3);
      addBatch(memory, manager, 6, 3);
      assertTrue(memory.isFull());
      NDList heads = memory.heads(manager);
      assertEquals(new Shape(5, 2), heads.get(0).getShape());
      assertArrayEquals(new float[] {4, 5, 6, 7, 8}, heads.get(1).toFloatArray());
      assertArrayEquals(
          new float[] {4, -4, 5, -5, 6, -6, 7, -7, 8, -8}, heads.get(0).toFloatArray());
      NDArray labels = memory.labels(manager);
      assertEquals(new Shape(5, 3), labels.getShape());
      assertArrayEquals(
          new float[] {0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, labels.toFloatArray());
    }
  }

  @Test
  void aRestoredMemoryReadsAsTheSavedOne() {
    try (NDManager manager = NDManager.newBaseManager()) {
      CodeMemory memory = new CodeMemory(5);
      for (int first = 0; first < 12; first += 3) {
        addBatch(memory, manager, first, 3);
      }
      Map<String, NDArray> state = memory.state(manager);
      CodeMemory restored = new CodeMemory(5);
      restored.restore(state);
      // the next batch lands on the same images in both
      addBatch(memory, manager, 12, 2);
      addBatch(restored, manager, 12, 2);
      for (int k = 0; k < 2; k++) {
        assertArrayEquals(
            memory.heads(manager).get(k).toFloatArray(),
            restored.heads(manager).get(k).toFloatArray());
      }
      assertArrayEquals(
          memory.labels(manager).toFloatArray(), restored.labels(manager).toFloatArray());

      CodeMemory none = new CodeMemory(5);
      none.restore(Map.of()); // a checkpoint of a run without a memory
      assertEquals(0, none.size());
      CodeMemory smaller = new CodeMemory(4);
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> smaller.restore(state));
      assertTrue(e.getMessage().contains("5 images"), e.getMessage());
    }
  }
}
