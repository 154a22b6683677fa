package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transhash.api.InvalidInputException;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.loss.DshLoss;
import org.transhash.loss.TransHashLoss;

class BatchMixingTest {
  private static final int N = 4;
  private static final int CHANNELS = 2;
  private static final int HEIGHT = 14;
  private static final int WIDTH = 12;
  private static final int PER = CHANNELS * HEIGHT * WIDTH;
  private static final int[] SHAPE = {N, CHANNELS, HEIGHT, WIDTH};
  private static final int CLASSES = 5;

  /** Image i is the constant i + 1; its label is class i. */
  private static float[] images() {
    float[] data = new float[N * PER];
    for (int k = 0; k < data.length; k++) {
      data[k] = k / PER + 1;
    }
    return data;
  }

  private static float[] labels() {
    float[] flags = new float[N * CLASSES];
    for (int i = 0; i < N; i++) {
      flags[i * CLASSES + i] = 1;
    }
    return flags;
  }

  @Test
  void offLeavesTheBatchAndDrawsNothing() {
    for (BatchMixing off : new BatchMixing[] {BatchMixing.NONE, new BatchMixing(0.2, 1, 0)}) {
      assertTrue(off.isOff());
      float[] images = images();
      float[] labels = labels();
      SplittableRandom random = new SplittableRandom(3);
      off.mix(images, labels, SHAPE, random);
      assertArrayEquals(images(), images);
      assertArrayEquals(labels(), labels);
      assertEquals(new SplittableRandom(3).nextLong(), random.nextLong(), "nothing drawn");
    }
  }

  @Test
  void mixupBlendsEachImageWithItsPartnerInItsLabelsShares() {
    BatchMixing mixup = new BatchMixing(0.4, 0, 1);
    for (long seed = 0; seed < 10; seed++) {
      float[] images = images();
      float[] labels = labels();
      mixup.mix(images, labels, SHAPE, new SplittableRandom(seed));
      double lambda = labels[0];
      assertTrue(lambda > 0 && lambda < 1, "lambda " + lambda);
      for (int i = 0; i < N; i++) {
        int partner = N - 1 - i;
        assertEquals(lambda, labels[i * CLASSES + i], 1e-6);
        assertEquals(1 - lambda, labels[i * CLASSES + partner], 1e-6);
        assertEquals(1, rowSum(labels, i), 1e-6);
        double expected = lambda * (i + 1) + (1 - lambda) * (partner + 1);
        for (int k = 0; k < PER; k++) {
          assertEquals(expected, images[i * PER + k], 1e-5, "image " + i + " value " + k);
        }
      }
    }
  }

  @Test
  void cutMixPastesOneRectangleAndLabelsTheShareOfPixelsKept() {
    BatchMixing cutMix = new BatchMixing(0, 1, 1);
    int boxes = 0;
    for (long seed = 0; seed < 20; seed++) {
      float[] images = images();
      float[] labels = labels();
      cutMix.mix(images, labels, SHAPE, new SplittableRandom(seed));
      boolean[] pasted = null;
      for (int i = 0; i < N; i++) {
        int partner = N - 1 - i;
        boolean[] fromPartner = new boolean[HEIGHT * WIDTH];
        for (int c = 0; c < CHANNELS; c++) {
          for (int p = 0; p < HEIGHT * WIDTH; p++) {
            float v = images[i * PER + c * HEIGHT * WIDTH + p];
            assertTrue(v == i + 1 || v == partner + 1, "a pixel of one of the two: " + v);
            boolean other = v == partner + 1 && partner != i;
            if (c == 0) {
              fromPartner[p] = other;
            } else {
              assertEquals(fromPartner[p], other, "every channel takes the same rectangle");
            }
          }
        }
        if (pasted == null) {
          pasted = fromPartner;
        } else {
          assertArrayEquals(pasted, fromPartner, "one rectangle for the whole batch");
        }
        int count = 0;
        for (boolean b : fromPartner) {
          count += b ? 1 : 0;
        }
        double partnerShare = (double) count / (HEIGHT * WIDTH);
        assertEquals(partnerShare, labels[i * CLASSES + partner], 1e-6, "seed " + seed);
        assertEquals(1 - partnerShare, labels[i * CLASSES + i], 1e-6, "seed " + seed);
        if (i == 0 && count > 0) {
          boxes++;
        }
      }
      assertRectangle(pasted);
    }
    assertTrue(boxes >= 10, "most draws paste something: " + boxes);
  }

  /** The marked pixels form one axis-aligned rectangle (or none). */
  private static void assertRectangle(boolean[] marked) {
    int top = HEIGHT;
    int bottom = -1;
    int left = WIDTH;
    int right = -1;
    int count = 0;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        if (marked[y * WIDTH + x]) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
          count++;
        }
      }
    }
    if (count > 0) {
      assertEquals((bottom - top + 1) * (right - left + 1), count, "a filled rectangle");
    }
  }

  private static double rowSum(float[] labels, int row) {
    double sum = 0;
    for (int c = 0; c < CLASSES; c++) {
      sum += labels[row * CLASSES + c];
    }
    return sum;
  }

  @Test
  void batchesAreMixedWithTheProbabilityAndBothKindsAtEvenOdds() {
    BatchMixing both = new BatchMixing(1, 1, 0.4);
    SplittableRandom random = new SplittableRandom(5);
    int mixed = 0;
    int blended = 0;
    int batches = 2000;
    for (int b = 0; b < batches; b++) {
      float[] images = images();
      float[] labels = labels();
      both.mix(images, labels, SHAPE, random);
      if (labels[0] != 1) {
        mixed++;
        float v = images[0];
        if (v != 1 && v != N) { // neither image 0's nor its partner's: a blend
          blended++;
        }
      }
    }
    assertEquals(0.4, (double) mixed / batches, 0.04);
    assertEquals(0.5, (double) blended / mixed, 0.07);
  }

  @Test
  void theSameSeedMixesTheSameWay() {
    BatchMixing both = new BatchMixing(0.2, 1, 0.5);
    float[][] runs = new float[2][];
    for (int r = 0; r < 2; r++) {
      SplittableRandom random = new SplittableRandom(8);
      float[] images = images();
      for (int b = 0; b < 5; b++) {
        both.mix(images, labels(), SHAPE, random);
      }
      runs[r] = images;
    }
    assertArrayEquals(runs[0], runs[1]);
  }

  @Test
  void theShareFollowsBetaOfAlphaAndAlpha() {
    for (double alpha : new double[] {0.2, 1, 2}) {
      SplittableRandom random = new SplittableRandom(13);
      int draws = 40_000;
      double sum = 0;
      double squares = 0;
      for (int k = 0; k < draws; k++) {
        double x = BatchMixing.symmetricBeta(alpha, random);
        assertTrue(x >= 0 && x <= 1, "in [0, 1]: " + x);
        sum += x;
        squares += x * x;
      }
      double mean = sum / draws;
      double variance = squares / draws - mean * mean;
      assertEquals(0.5, mean, 0.01, "alpha " + alpha);
      assertEquals(1 / (4 * (2 * alpha + 1)), variance, 0.004, "alpha " + alpha);
    }
  }

  @Test
  void badValuesAreRefused() {
    assertThrows(InvalidInputException.class, () -> new BatchMixing(-0.1, 0, 1));
    assertThrows(InvalidInputException.class, () -> new BatchMixing(0, Double.NaN, 1));
    assertThrows(InvalidInputException.class, () -> new BatchMixing(0.2, 0, 1.5));
    assertThrows(InvalidInputException.class, () -> new BatchMixing(0.2, 0, Double.NaN));
  }

  @Test
  void theTrainerRefusesMixingWithoutAugmentationOrWithALossOfMultiHotLabelsOnly() {
    TrainConfig augmented =
        new TrainConfig(
            1, 32, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, 0.05, 0.9, 10, 1.0, 0, true);
    BatchMixing mixup = new BatchMixing(0.2, 0, 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      Trainer plain =
          new Trainer(
              EndToEndTest.CONFIG,
              VitHashingModel.dualStream(EndToEndTest.SMALL, 32, 2),
              TransHashLoss.builder().build(),
              manager);
      plain.optBatchMixing(BatchMixing.NONE);
      InvalidInputException off =
          assertThrows(InvalidInputException.class, () -> plain.optBatchMixing(mixup));
      assertTrue(off.getMessage().contains("needs the augmentation on"), off.getMessage());
      Trainer dsh =
          new Trainer(
              augmented,
              VitHashingModel.dualStream(EndToEndTest.SMALL, 32, 2),
              new DshLoss(),
              manager);
      InvalidInputException loss =
          assertThrows(InvalidInputException.class, () -> dsh.optBatchMixing(mixup));
      assertTrue(loss.getMessage().contains("dsh does not take mixed labels"), loss.getMessage());
      new Trainer(
              augmented,
              VitHashingModel.dualStream(EndToEndTest.SMALL, 32, 2),
              TransHashLoss.builder().build(),
              manager)
          .optBatchMixing(mixup);
    }
  }
}
