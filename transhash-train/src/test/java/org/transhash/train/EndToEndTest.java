package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.backbone.vit.VitWeights;
import org.transhash.data.testing.TestDatasets;
import org.transhash.data.transform.Normalize;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.RetrievalEvaluator;
import org.transhash.loss.TransHashLoss;

/**
 * Trains a small dual-stream ViT with the TransHash loss on the committed Fashion-MNIST fixture:
 * 1,500 training images (the database), 500 test images (the queries).
 */
class EndToEndTest {
  /** 28 x 28 grey, convolutional stem, 49 tokens, D 64, 2 blocks, 2 heads: seconds per epoch. */
  static final VitConfig SMALL = new VitConfig(28, 4, 1, 64, 2, 2, 2, 0, 0, 0, VitConfig.Stem.CONV);

  static final int BITS = 32;

  static final TrainConfig CONFIG =
      new TrainConfig(
          4, 32, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, 0.05, 0.9, 10, 1.0, 0, false);

  static int[] range(int from, int to) {
    int[] r = new int[to - from];
    Arrays.setAll(r, i -> from + i);
    return r;
  }

  static double map(org.transhash.api.HashingModel model, NDManager manager, ImageDataset data)
      throws Exception {
    int[] db = range(0, data.officialTrainCount());
    int[] queries = range(data.officialTrainCount(), data.size());
    Encoder.Encoded d = Encoder.encode(model, manager, data, db, Normalize.FASHION_MNIST, 256);
    Encoder.Encoded q = Encoder.encode(model, manager, data, queries, Normalize.FASHION_MNIST, 256);
    Labels dl = data.labels().select(db);
    Labels ql = data.labels().select(queries);
    return RetrievalEvaluator.evaluate(q.codes(), ql, d.codes(), dl, EvalOptions.defaults()).map();
  }

  @Test
  void trainingLowersTheLossLogsAndReloadsToTheSameCodes(@TempDir Path dir) throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    try (NDManager manager = NDManager.newBaseManager()) {
      ai.djl.engine.Engine.getInstance().setRandomSeed(0);
      VitHashingModel untrained = VitHashingModel.dualStream(SMALL, BITS, 2);
      untrained.block().initialize(manager, DataType.FLOAT32, new Shape(32, 1, 28, 28));
      double before = map(untrained, manager, data);

      VitHashingModel model = VitHashingModel.dualStream(SMALL, BITS, 2);
      Path log = dir.resolve("train.jsonl");
      Trainer.Result result =
          new Trainer(CONFIG, model, TransHashLoss.builder().build(), manager)
              .train(data, range(0, data.officialTrainCount()), Normalize.FASHION_MNIST, log);
      double after = map(model, manager, data);
      System.out.printf(
          "mAP@all untrained %.4f, trained %.4f, losses %s%n", before, after, result.epochLosses());
      assertTrue(after > before + 0.15, "untrained " + before + ", trained " + after);
      assertTrue(
          result.epochLosses().get(3) < result.epochLosses().get(0),
          result.epochLosses().toString());
      assertEquals(
          4, Files.readAllLines(log).stream().filter(l -> l.contains("mean_loss")).count());
      // the step lines keep one key order from run to run (Map.of's changes with each JVM)
      List<String> stepLines =
          Files.readAllLines(log).stream().filter(l -> !l.contains("mean_loss")).toList();
      assertFalse(stepLines.isEmpty());
      for (String line : stepLines) {
        assertTrue(line.matches("\\{\"step\":\\d+,\"epoch\":\\d+,\"loss\":.*,\"lr\":.*\\}"), line);
      }

      Path weights = dir.resolve("model.safetensors");
      VitWeights.save(model.block(), weights);
      VitHashingModel reloaded = VitHashingModel.dualStream(SMALL, BITS, 2);
      reloaded.block().initialize(manager, DataType.FLOAT32, new Shape(32, 1, 28, 28));
      VitWeights.load(reloaded.block(), weights, manager, false);
      int[] some = range(0, 64);
      assertEquals(
          Encoder.encode(model, manager, data, some, Normalize.FASHION_MNIST, 32).codes(),
          Encoder.encode(reloaded, manager, data, some, Normalize.FASHION_MNIST, 32).codes());
    }
  }

  @Test
  void aDivergingLossStopsTheRunNamingTheStep() {
    ImageDataset data = TestDatasets.fashionMnistMini();
    TrainConfig explosive =
        new TrainConfig(1, 32, TrainConfig.OptimizerKind.SGD, 1e12, 1, 0, 0.9, 0, 0, 0, false);
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(SMALL, BITS, 2);
      TrainingException e =
          assertThrows(
              TrainingException.class,
              () ->
                  new Trainer(explosive, model, TransHashLoss.builder().build(), manager)
                      .train(data, range(0, 320), Normalize.FASHION_MNIST, null));
      assertTrue(e.getMessage().contains("epoch 1, step"), e.getMessage());
    }
  }

  @Test
  void scheduleWarmsUpThenDecays() {
    TrainConfig c =
        new TrainConfig(1, 8, TrainConfig.OptimizerKind.SGD, 0.1, 1, 0, 0.9, 10, 0, 0, false);
    assertEquals(0.01, c.learningRateAt(0, 100), 1e-12);
    assertEquals(0.1, c.learningRateAt(9, 100), 1e-12);
    assertEquals(0.1, c.learningRateAt(10, 100), 1e-12);
    assertEquals(0.05, c.learningRateAt(55, 100), 1e-12);
    assertEquals(0.0, c.learningRateAt(100, 100), 1e-12);
  }
}
