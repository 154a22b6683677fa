package org.transhash.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transhash.api.InvalidInputException;
import org.transhash.eval.Plots;

/**
 * Learning curves of training runs read from their logs ({@link TrainingLog}): validation mAP or
 * mean loss, per epoch or over training time, one line per run in a PNG.
 *
 * <pre>{@code
 * LearningCurves.plot(
 *     Map.of("hybrid-32", TrainingLog.read(Path.of("hybrid-32/train.jsonl"))),
 *     LearningCurves.Metric.VALIDATION_MAP, LearningCurves.Axis.MINUTES, Path.of("curves.png"));
 * }</pre>
 */
public final class LearningCurves {
  private LearningCurves() {}

  /** What the vertical axis shows. */
  public enum Metric {
    /** Validation mAP after each epoch (runs trained with a validation split). */
    VALIDATION_MAP("validation mAP", "Validation mAP"),
    /** Mean training loss of each epoch. */
    LOSS("mean training loss", "Training loss");

    private final String axis;
    private final String title;

    Metric(String axis, String title) {
      this.axis = axis;
      this.title = title;
    }

    double of(TrainingLog.Epoch e) {
      return this == VALIDATION_MAP ? e.validationMap() : e.meanLoss();
    }
  }

  /** What the horizontal axis shows. */
  public enum Axis {
    /** The epoch number: compares runs step for step (per epoch). */
    EPOCH("epoch"),
    /** Training minutes: compares runs at equal time, as a time budget does. */
    MINUTES("training minutes");

    private final String title;

    Axis(String title) {
      this.title = title;
    }

    double of(TrainingLog.Epoch e) {
      return this == EPOCH ? e.epoch() : e.seconds() / 60;
    }
  }

  /**
   * Draws the curves.
   *
   * @param runs each run's epochs, by the name its line gets
   * @param metric the vertical axis
   * @param axis the horizontal axis
   * @param png the file to write
   * @throws InvalidInputException when there is no run, or a run has no epoch with the metric (for
   *     validation mAP: it was trained without a validation split)
   * @throws IOException when the file cannot be written
   */
  public static void plot(
      Map<String, List<TrainingLog.Epoch>> runs, Metric metric, Axis axis, Path png)
      throws IOException {
    InvalidInputException.check(!runs.isEmpty(), "no run to plot");
    Map<String, Plots.Series> series = new LinkedHashMap<>();
    runs.forEach(
        (name, epochs) -> {
          List<TrainingLog.Epoch> points =
              epochs.stream().filter(e -> !Double.isNaN(metric.of(e))).toList();
          InvalidInputException.check(
              !points.isEmpty(),
              "%s has no epoch with a %s%s",
              name,
              metric.axis,
              metric == Metric.VALIDATION_MAP && !epochs.isEmpty()
                  ? " (trained without a validation split: plot the loss instead)"
                  : "");
          series.put(
              name,
              new Plots.Series(
                  points.stream().mapToDouble(axis::of).toArray(),
                  points.stream().mapToDouble(metric::of).toArray()));
        });
    Plots.learningCurves(
        metric.title + (axis == Axis.EPOCH ? " by epoch" : " over training time"),
        axis.title,
        metric.axis,
        series,
        png);
  }
}
