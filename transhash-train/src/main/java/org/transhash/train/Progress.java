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

  /** Draws a training step: epoch, step, loss, images per second, time left. */
  void update(int step, int epoch, int epochs, double loss) {
    draw(
        step,
        String.format(
            Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f", epoch, epochs, step, total, loss));
  }

  /**
   * Draws an encoding batch: images done of the total (a progress made with batch 1 and the image
   * count as its total).
   */
  void encoded(int images) {
    draw(images, String.format(Locale.ROOT, "encoded %d/%d images", images, total));
  }

  private void draw(int step, String what) {
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
    int filled = (int) Math.min(width, (long) width * step / Math.max(1, total));
    out.printf(
        Locale.ROOT,
        "\r[%s%s] %s %.0f img/s eta %d:%02d ",
        "=".repeat(filled),
        " ".repeat(width - filled),
        what,
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
