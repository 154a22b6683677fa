package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transhash.api.InvalidInputException;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.data.transform.Compose;
import org.transhash.data.transform.FloatImage;
import org.transhash.data.transform.HorizontalFlip;
import org.transhash.data.transform.ImageTransform;
import org.transhash.data.transform.Normalize;
import org.transhash.data.transform.RandomAffine;
import org.transhash.data.transform.RandomCrop;
import org.transhash.data.transform.RandomErasing;
import org.transhash.loss.TransHashLoss;

/** What the trainer does to a training image, with and without the optional augmentations. */
class TrainingAugmentationTest {
  private static final TrainConfig AUGMENTED =
      new TrainConfig(1, 32, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, 0.05, 0.9, 10, 1.0, 0, true);
  private static final Normalize NORMALIZE = Normalize.FASHION_MNIST;

  private static FloatImage image() {
    float[] data = new float[28 * 28];
    for (int i = 0; i < data.length; i++) {
      data[i] = (i * 37 % 101) / 100f;
    }
    return FloatImage.of(1, 28, 28, data);
  }

  private static void assertSameDraws(ImageTransform expected, ImageTransform actual) {
    for (long seed = 0; seed < 20; seed++) {
      assertEquals(
          expected.apply(image(), new SplittableRandom(seed)),
          actual.apply(image(), new SplittableRandom(seed)),
          "seed " + seed);
    }
  }

  @Test
  void theDefaultIsTheCropTheFlipAndTheNormalisationDrawnAsBefore() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Trainer trainer = trainer(AUGMENTED, manager);
      ImageTransform before =
          Compose.of(new RandomCrop(28, 28, 4), new HorizontalFlip(0.5), NORMALIZE);
      assertSameDraws(before, trainer.augmentation(28, 28, NORMALIZE));
      Trainer plain = trainer(EndToEndTest.CONFIG, manager);
      assertSame(NORMALIZE, plain.augmentation(28, 28, NORMALIZE), "no augmentation: normalise");
    }
  }

  @Test
  void theRotationAndScalingComeFirstAndTheErasingLast() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Trainer trainer = trainer(AUGMENTED, manager).optRandomAffine(10, 0.1).optRandomErasing(0.5);
      ImageTransform expected =
          Compose.of(
              new RandomAffine(10, 0.1),
              new RandomCrop(28, 28, 4),
              new HorizontalFlip(0.5),
              NORMALIZE,
              RandomErasing.of(0.5));
      ImageTransform augmentation = trainer.augmentation(28, 28, NORMALIZE);
      assertSameDraws(expected, augmentation);
      assertNotEquals(
          trainer(AUGMENTED, manager)
              .augmentation(28, 28, NORMALIZE)
              .apply(image(), new SplittableRandom(1)),
          augmentation.apply(image(), new SplittableRandom(1)));
    }
  }

  @Test
  void refusesTheRotationWithoutAugmentationOrOutOfBounds() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Trainer plain = trainer(EndToEndTest.CONFIG, manager);
      plain.optRandomAffine(0, 0);
      InvalidInputException off =
          assertThrows(InvalidInputException.class, () -> plain.optRandomAffine(10, 0));
      assertTrue(off.getMessage().contains("need the augmentation on"), off.getMessage());
      Trainer trainer = trainer(AUGMENTED, manager);
      assertThrows(InvalidInputException.class, () -> trainer.optRandomAffine(190, 0));
      assertThrows(InvalidInputException.class, () -> trainer.optRandomAffine(0, 1.5));
    }
  }

  private static Trainer trainer(TrainConfig config, NDManager manager) {
    return new Trainer(
        config,
        VitHashingModel.dualStream(EndToEndTest.SMALL, 32, 2),
        TransHashLoss.builder().build(),
        manager);
  }
}
