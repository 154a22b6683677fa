package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.transhash.api.InvalidInputException;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.loss.TransHashLoss;

/** The batches of repeated augmentation, and the configurations it refuses. */
class RepeatedAugmentationTest {

  @Test
  void eachBatchHoldsEachOfItsImagesRepeatsTimesInARow() {
    int n = 40;
    int batch = 8;
    int[] order = Trainer.shuffled(n, 7);
    int[] twice = Trainer.repeated(order, 2);
    assertEquals(n, twice.length, "an epoch keeps its steps");
    for (int from = 0; from + batch <= n; from += batch) {
      int[] b = Arrays.copyOfRange(twice, from, from + batch);
      Set<Integer> distinct = new HashSet<>();
      for (int k = 0; k < batch; k += 2) {
        assertEquals(b[k], b[k + 1], "the two views of one image are neighbours");
        distinct.add(b[k]);
      }
      assertEquals(batch / 2, distinct.size(), Arrays.toString(b));
    }
    // the epoch visits the first half of the shuffle, each image once per pair of positions
    int[] firstHalf = Arrays.copyOf(order, n / 2);
    int[] visited = new int[n / 2];
    for (int k = 0; k < n / 2; k++) {
      visited[k] = twice[2 * k];
    }
    assertArrayEquals(firstHalf, visited);
    assertSame(order, Trainer.repeated(order, 1), "1: the order unchanged");
  }

  @Test
  void refusesViewsThatDoNotFitTheBatchOrNoAugmentation() {
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(EndToEndTest.SMALL, 32, 2);
      TransHashLoss loss = TransHashLoss.builder().build();
      TrainConfig augmented =
          new TrainConfig(
              1, 32, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, 0.05, 0.9, 10, 1.0, 0, true);
      Trainer trainer = new Trainer(augmented, model, loss, manager);
      trainer.optRepeatedAugmentation(4); // 8 images, 4 views each
      for (int views : new int[] {0, 3, 32, 64}) {
        InvalidInputException e =
            assertThrows(InvalidInputException.class, () -> trainer.optRepeatedAugmentation(views));
        assertTrue(e.getMessage().contains("views"), e.getMessage());
      }
      Trainer plain = new Trainer(EndToEndTest.CONFIG, model, loss, manager);
      plain.optRepeatedAugmentation(1);
      InvalidInputException off =
          assertThrows(InvalidInputException.class, () -> plain.optRepeatedAugmentation(2));
      assertTrue(off.getMessage().contains("augmentation on"), off.getMessage());
    }
  }
}
