package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.InvalidInputException;
import org.transhash.api.io.CorruptFileException;

class TrainingLogTest {

  @Test
  void readsEpochLinesInOrderAndTheLaterOfARepeatedEpoch(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("train.jsonl");
    Files.writeString(
        log,
        String.join(
            "\n",
            "{\"epoch\":1,\"mean_loss\":6.0,\"validation_map\":0.5,\"seconds\":50.0}",
            "{\"loss\":5.3,\"step\":50,\"lr\":0.001,\"epoch\":2}",
            "{\"epoch\":2,\"mean_loss\":5.5,\"validation_map\":0.6,\"seconds\":99.0}",
            "",
            // resumed from epoch 1's checkpoint: epoch 2 again, then 3 with a non-finite mAP
            "{\"epoch\":2,\"mean_loss\":5.4,\"validation_map\":0.61,\"seconds\":101.0}",
            "{\"epoch\":3,\"mean_loss\":5.2,\"validation_map\":null,\"seconds\":150.0}",
            ""));

    List<TrainingLog.Epoch> epochs = TrainingLog.read(log);

    assertEquals(3, epochs.size());
    assertEquals(new TrainingLog.Epoch(1, 6.0, 0.5, 50.0), epochs.get(0));
    assertEquals(new TrainingLog.Epoch(2, 5.4, 0.61, 101.0), epochs.get(1));
    assertTrue(epochs.get(1).validated());
    assertFalse(epochs.get(2).validated());
  }

  @Test
  void aLineThatIsNotAnEpochLineNamesTheFileAndLine(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("train.jsonl");
    Files.writeString(
        log, "{\"epoch\":1,\"mean_loss\":6.0,\"seconds\":50.0}\n{\"epoch\":2,\"mean_loss\":5.0}\n");
    CorruptFileException missing =
        assertThrows(CorruptFileException.class, () -> TrainingLog.read(log));
    assertEquals(2, missing.position());
    assertTrue(missing.getMessage().contains("seconds is missing"), missing.getMessage());

    Files.writeString(log, "{\"epoch\":\"one\",\"mean_loss\":6.0,\"seconds\":50.0}\n");
    assertEquals(
        1, assertThrows(CorruptFileException.class, () -> TrainingLog.read(log)).position());

    Files.writeString(log, "[1, 2]\n");
    assertTrue(
        assertThrows(CorruptFileException.class, () -> TrainingLog.read(log))
            .getMessage()
            .contains("not a JSON object"));
  }

  @Test
  void curvesNeedAnEpochWithTheMetric(@TempDir Path dir) throws Exception {
    List<TrainingLog.Epoch> plain = List.of(new TrainingLog.Epoch(1, 2.0, Double.NaN, 10));
    Path png = dir.resolve("c.png");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                LearningCurves.plot(
                    Map.of("plain", plain),
                    LearningCurves.Metric.VALIDATION_MAP,
                    LearningCurves.Axis.EPOCH,
                    png));
    assertTrue(e.getMessage().contains("plain") && e.getMessage().contains("validation split"));
    assertFalse(Files.exists(png));

    LearningCurves.plot(
        Map.of("plain", plain), LearningCurves.Metric.LOSS, LearningCurves.Axis.MINUTES, png);
    assertTrue(Files.size(png) > 1000);
  }
}
