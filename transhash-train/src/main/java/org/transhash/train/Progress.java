package org.transhash.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error (loss, images per second, time left), drawn only when a
 * terminal is attached, so logs and CI output stay clean.
 */
final class Progress {
  private final int batch;
  private int total;
  private final long start = System.nanoTime();
  private final PrintStream out = System.err;
  private final boolean enabled = System.console() != null;
  private long lastDraw;
  private int firstStep = -1;

  Progress(int total, int batch) {
    this.total = total;
    this.batch = batch;
  }

  /** Changes the number of steps (a time budget shortened the run). */
  void total(int steps) {
    this.total = steps;
  }

  void update(int step, int epoch, int epochs, double loss) {
    if (!enabled) {
      return;
    }
    if (firstStep < 0) {
      firstStep = step - 1;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 200_000_000L && step != total) {
      return;
    }
    lastDraw = now;
    double seconds = (now - start) / 1e9;
    double perStep = seconds / Math.max(1, step - firstStep);
    long eta = Math.round(perStep * (total - step));
    int width = 30;
    int filled = (int) ((long) width * step / total);
    out.printf(
        Locale.ROOT,
        "\r[%s%s] epoch %d/%d step %d/%d loss %.4f %.0f img/s eta %d:%02d ",
        "=".repeat(filled),
        " ".repeat(width - filled),
        epoch,
        epochs,
        step,
        total,
        loss,
        batch / perStep,
        eta / 60,
        eta % 60);
  }

  void finish() {
    if (enabled) {
      out.println();
    }
  }
}
