package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.transhash.api.ImageDataset;
import org.transhash.backbone.vit.VitConfig;
import org.transhash.backbone.vit.VitHashingModel;
import org.transhash.data.testing.TestDatasets;
import org.transhash.data.transform.Normalize;
import org.transhash.loss.TransHashLoss;

/** The moving average of the weights, batch norm's running statistics included. */
class WeightAverageTest {
  /** The convolutional stem (batch norm), D 32, 2 blocks: ten steps take a second or two. */
  static final VitConfig TINY_CONV =
      new VitConfig(28, 4, 1, 32, 2, 2, 2, 0, 0, 0, VitConfig.Stem.CONV);

  static final TrainConfig ONE_EPOCH =
      new TrainConfig(1, 32, TrainConfig.OptimizerKind.ADAMW, 1e-3, 1, 1e-4, 0.9, 2, 1.0, 3, true);

  /** The first batch norm's running mean after one epoch on 320 images. */
  static float[] runningMeanAfterOneEpoch(double averageDecay) throws IOException {
    ImageDataset data = TestDatasets.fashionMnistMini();
    try (NDManager manager = NDManager.newBaseManager()) {
      VitHashingModel model = VitHashingModel.dualStream(TINY_CONV, 16, 2);
      new Trainer(ONE_EPOCH, model, TransHashLoss.builder().build(), manager)
          .optWeightAverage(averageDecay)
          .train(data, EndToEndTest.range(0, 320), Normalize.FASHION_MNIST, null);
      return model.block().getParameters().stream()
          .filter(p -> p.getValue().getType() == Parameter.Type.RUNNING_MEAN)
          .findFirst()
          .orElseThrow()
          .getValue()
          .getArray()
          .toFloatArray();
    }
  }

  @Test
  void theModelEndsWithAveragedRunningStatisticsNotTheRawOnes() throws IOException {
    float[] raw = runningMeanAfterOneEpoch(0);
    float[] averaged = runningMeanAfterOneEpoch(0.99);
    assertEquals(raw.length, averaged.length);
    // the raw statistics of a run with the average are those of the run without it (the average
    // only reads them; two runs agree to about 1e-6 here, CPU convolutions are not bit-exact); what
    // the model ends with must be their average, which still remembers the first of the ten steps
    double largest = 0;
    double moved = 0;
    for (int i = 0; i < raw.length; i++) {
      largest = Math.max(largest, Math.abs(raw[i]));
      moved = Math.max(moved, Math.abs(raw[i] - averaged[i]));
    }
    assertTrue(largest > 0, "the statistics moved from their initial zeros");
    assertTrue(
        moved > 0.01 * largest,
        "averaged and raw running means differ by at most "
            + moved
            + " (raw up to "
            + largest
            + ")");
  }
}
