package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HashingModel;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.io.CorruptFileException;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.data.testing.TestDatasets;
import org.transhash.data.transform.Normalize;
import org.transhash.loss.DpshLoss;
import org.transhash.loss.TransHashLoss;

/** Checkpoints, resuming and the choice of the best epoch on validation images. */
class CheckpointTest {
  /** Patch 7, D 32, 2 blocks: a fraction of a second per epoch of 320 images. */
  static final VitConfig TINY = new VitConfig(28, 7, 1, 32, 2, 2, 2, 0, 0, 0, VitConfig.Stem.PATCH);

  static final TrainConfig THREE_EPOCHS =
      new TrainConfig(3, 32, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, 1e-4, 0.9, 5, 1.0, 7, true);

  static final int[] TRAIN = EndToEndTest.range(0, 320);

  static BinaryCodes codes(VitHashingModel model, NDManager manager, ImageDataset data)
      throws Exception {
    return Encoder.encode(
            model, manager, data, EndToEndTest.range(1500, 1600), Normalize.FASHION_MNIST, 100)
        .codes();
  }

  static float[] outputs(VitHashingModel model, NDManager manager, ImageDataset data)
      throws Exception {
    return Encoder.encode(
            model, manager, data, EndToEndTest.range(1500, 1600), Normalize.FASHION_MNIST, 100)
        .outputs();
  }

  /** What a run killed after epoch 2 leaves: only that epoch's checkpoint. */
  static Path killedAfterEpoch2(Path whole, Path killed) throws Exception {
    Files.createDirectories(killed.resolve("epoch-002"));
    for (String f : List.of(Checkpoint.WEIGHTS, Checkpoint.OPTIMIZER, Checkpoint.STATE)) {
      Files.copy(whole.resolve("epoch-002").resolve(f), killed.resolve("epoch-002").resolve(f));
    }
    return killed;
  }

  @Test
  void aResumedRunEndsWhereAnUninterruptedOneDoes(@TempDir Path dir) throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    Path whole = dir.resolve("whole");
    float[] uninterrupted;
    Trainer.Result full;
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      full =
          new Trainer(THREE_EPOCHS, model, TransHashLoss.builder().build(), manager)
              .optCheckpoints(whole)
              .train(data, TRAIN, Normalize.FASHION_MNIST, null);
      uninterrupted = outputs(model, manager, data);
    }
    // the two newest checkpoints are kept
    assertFalse(Files.exists(whole.resolve("epoch-001")));
    assertTrue(Files.isDirectory(whole.resolve("epoch-002")));
    assertTrue(Files.isDirectory(whole.resolve("epoch-003")));

    // a run "killed" after epoch 2: only its checkpoint is left; a fresh process resumes from it
    Path killed = killedAfterEpoch2(whole, dir.resolve("killed"));
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      Trainer.Result resumed =
          new Trainer(THREE_EPOCHS, model, TransHashLoss.builder().build(), manager)
              .optCheckpoints(killed)
              .optResume(true)
              .train(data, TRAIN, Normalize.FASHION_MNIST, null);
      assertEquals(full.steps(), resumed.steps());
      assertEquals(full.epochLosses(), resumed.epochLosses());
      assertTrue(Arrays.equals(uninterrupted, outputs(model, manager, data)));
    }
  }

  @Test
  void aRunStartedAfreshReplacesAnEarlierRunsCheckpointsAndLog(@TempDir Path dir) throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    Path checkpoints = dir.resolve("checkpoints");
    Path log = dir.resolve("train.jsonl");
    trainFresh(THREE_EPOCHS, data, checkpoints, log);
    Files.writeString(checkpoints.resolve(KeptWeights.FILE), "an earlier run's best epoch");
    assertEquals(3, TrainingLog.read(log).size());

    TrainConfig oneEpoch =
        new TrainConfig(
            1, 32, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, 1e-4, 0.9, 5, 1.0, 8, true);
    trainFresh(oneEpoch, data, checkpoints, log);

    // the new run's checkpoint is the one left (not pruned as older than epochs 2 and 3), so a
    // later resume continues it; no stale best weights; the log holds the new run only
    assertEquals(Optional.of(checkpoints.resolve("epoch-001")), Checkpoint.latest(checkpoints));
    assertFalse(Files.exists(checkpoints.resolve("epoch-002")));
    assertFalse(Files.exists(checkpoints.resolve("epoch-003")));
    assertFalse(Files.exists(checkpoints.resolve(KeptWeights.FILE)));
    assertEquals(1, TrainingLog.read(log).size());
  }

  /** A run that does not resume, with checkpoints and a log. */
  private static void trainFresh(TrainConfig config, ImageDataset data, Path checkpoints, Path log)
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      HashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      new Trainer(config, model, TransHashLoss.builder().build(), manager)
          .optCheckpoints(checkpoints)
          .train(data, TRAIN, Normalize.FASHION_MNIST, log);
    }
  }

  @Test
  void theWeightAverageIsKeptAndResumed(@TempDir Path dir) throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    Path whole = dir.resolve("whole");
    float[] raw;
    float[] averaged;
    Trainer.Result plain;
    Trainer.Result withAverage;
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      plain =
          new Trainer(THREE_EPOCHS, model, TransHashLoss.builder().build(), manager)
              .train(data, TRAIN, Normalize.FASHION_MNIST, null);
      raw = outputs(model, manager, data);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      withAverage =
          new Trainer(THREE_EPOCHS, model, TransHashLoss.builder().build(), manager)
              .optWeightAverage(0.9)
              .optCheckpoints(whole)
              .train(data, TRAIN, Normalize.FASHION_MNIST, null);
      averaged = outputs(model, manager, data);
    }
    // the raw trajectories start alike (the average only reads the weights); later epochs may
    // differ in the last digits (seen once: 7.44495 vs 7.44274 in epoch 3), not pinned down yet
    assertEquals(plain.epochLosses().get(0), withAverage.epochLosses().get(0));
    assertFalse(Arrays.equals(raw, averaged), "the model ends with the average");
    Path killed = killedAfterEpoch2(whole, dir.resolve("killed"));
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      new Trainer(THREE_EPOCHS, model, TransHashLoss.builder().build(), manager)
          .optWeightAverage(0.9)
          .optCheckpoints(killed)
          .optResume(true)
          .train(data, TRAIN, Normalize.FASHION_MNIST, null);
      assertTrue(Arrays.equals(averaged, outputs(model, manager, data)));
    }
  }

  @Test
  void theCrossBatchMemoryChangesTheStepsAndIsResumed(@TempDir Path dir) throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    Path whole = dir.resolve("whole");
    Trainer.Result plain;
    Trainer.Result withMemory;
    float[] remembered;
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      plain =
          new Trainer(THREE_EPOCHS, model, TransHashLoss.builder().build(), manager)
              .train(data, TRAIN, Normalize.FASHION_MNIST, null);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      // 96 images: full after the third step of 32; used from step 12, in epoch 2
      withMemory =
          new Trainer(THREE_EPOCHS, model, TransHashLoss.builder().build(), manager)
              .optCrossBatchMemory(96, 12)
              .optCheckpoints(whole)
              .train(data, TRAIN, Normalize.FASHION_MNIST, null);
      remembered = outputs(model, manager, data);
    }
    assertEquals(plain.epochLosses().get(0), withMemory.epochLosses().get(0), "not yet used");
    assertNotEquals(plain.epochLosses().get(2), withMemory.epochLosses().get(2), "used");
    Path killed = killedAfterEpoch2(whole, dir.resolve("killed"));
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      Trainer.Result resumed =
          new Trainer(THREE_EPOCHS, model, TransHashLoss.builder().build(), manager)
              .optCrossBatchMemory(96, 12)
              .optCheckpoints(killed)
              .optResume(true)
              .train(data, TRAIN, Normalize.FASHION_MNIST, null);
      assertEquals(withMemory.epochLosses(), resumed.epochLosses());
      assertTrue(Arrays.equals(remembered, outputs(model, manager, data)));
    }
  }

  @Test
  void aLossWithoutPairsOfMemoryRefusesOne() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Trainer trainer =
          new Trainer(
              THREE_EPOCHS, VitHashingModel.dualStream(TINY, 16, 2), new DpshLoss(), manager);
      trainer.optCrossBatchMemory(0, 0);
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> trainer.optCrossBatchMemory(256, 100));
      assertTrue(e.getMessage().contains("dpsh takes no cross-batch memory"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(EpochSelection.class)
  void theEpochTheRuleChoosesIsKept(EpochSelection selection) throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    ValidationSplit v = ValidationSplit.of(EndToEndTest.range(0, 1500), 0.2, 3);
    TrainConfig fourEpochs =
        new TrainConfig(
            4, 32, TrainConfig.OptimizerKind.ADAMW, 3e-3, 1, 1e-4, 0.9, 5, 1.0, 1, true);
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY, 16, 2);
      Trainer.Result r =
          new Trainer(fourEpochs, model, TransHashLoss.builder().build(), manager)
              .optValidation(v.validation())
              .optEpochSelection(selection)
              .train(data, Arrays.copyOf(v.train(), 320), Normalize.FASHION_MNIST, null);
      List<Double> maps = r.validationMaps();
      List<Double> errors = r.validationStandardErrors();
      assertEquals(4, maps.size());
      assertEquals(4, errors.size());
      assertTrue(errors.stream().allMatch(e -> e > 0 && e < 0.5), errors.toString());
      // the rule, worked out here: the latest epoch at or above the best so far less the slack
      int expected = 0;
      double best = Double.NEGATIVE_INFINITY;
      double bestError = 0;
      for (int e = 0; e < maps.size(); e++) {
        double slack = selection == EpochSelection.ONE_SE ? bestError : 0;
        if (maps.get(e) >= best - slack) {
          expected = e + 1;
        }
        if (maps.get(e) >= best) {
          best = maps.get(e);
          bestError = errors.get(e);
        }
      }
      assertEquals(expected, r.keptEpoch(), maps + " " + errors);
      assertEquals(selection, r.epochSelection());
      // the model ends with that epoch's weights: measuring again gives the recorded figure
      double again =
          Trainer.twoFold(
                  Encoder.encode(model, manager, data, v.validation(), Normalize.FASHION_MNIST, 256)
                      .codes(),
                  data.labels().select(v.validation()))
              .map();
      assertEquals(maps.get(expected - 1), again, 1e-12, maps.toString());
    }
  }

  @Test
  void aCorruptCheckpointNamesItsFile(@TempDir Path dir) throws Exception {
    Path epoch = dir.resolve("epoch-004");
    Files.createDirectories(epoch);
    Files.writeString(epoch.resolve(Checkpoint.STATE), "{\"format\": \"transhash-checkpoint\"");
    try (NDManager manager = NDManager.newBaseManager()) {
      Trainer trainer =
          new Trainer(
                  THREE_EPOCHS,
                  VitHashingModel.dualStream(TINY, 16, 2),
                  TransHashLoss.builder().build(),
                  manager)
              .optCheckpoints(dir)
              .optResume(true);
      CorruptFileException e =
          assertThrows(
              CorruptFileException.class,
              () ->
                  trainer.train(
                      TestDatasets.fashionMnistMini(), TRAIN, Normalize.FASHION_MNIST, null));
      assertTrue(e.getMessage().contains("epoch-004"), e.getMessage());
    }
  }

  @Test
  void validationSplitsAreDisjointSeededAndChecked() {
    int[] positions = EndToEndTest.range(100, 1100);
    ValidationSplit a = ValidationSplit.of(positions, 0.1, 5);
    assertEquals(a, ValidationSplit.of(positions, 0.1, 5));
    assertFalse(a.equals(ValidationSplit.of(positions, 0.1, 6)));
    assertEquals(100, a.validation().length);
    assertEquals(900, a.train().length);
    int[] all = new int[1000];
    System.arraycopy(a.train(), 0, all, 0, 900);
    System.arraycopy(a.validation(), 0, all, 900, 100);
    Arrays.sort(all);
    assertTrue(Arrays.equals(positions, all));
    assertThrows(
        org.transhash.api.InvalidInputException.class, () -> ValidationSplit.of(positions, 0.7, 0));
    assertThrows(
        org.transhash.api.InvalidInputException.class,
        () -> ValidationSplit.of(new int[10], 0.1, 0));
  }
}
