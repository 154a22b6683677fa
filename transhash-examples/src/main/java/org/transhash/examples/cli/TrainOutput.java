package org.transhash.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.transhash.train.EpochSelection;
import org.transhash.train.Trainer;

/** How train and demo report a finished training run. */
final class TrainOutput {
  private TrainOutput() {}

  static void print(PrintWriter w, String what, int bits, Trainer.Result r) {
    w.printf(
        Locale.ROOT,
        "trained %s, %d bits: %d steps, %d epochs in %.1f s%n",
        what,
        bits,
        r.steps(),
        r.epochLosses().size(),
        r.seconds());
    w.printf(Locale.ROOT, "epoch losses     %s%n", rounded(r.epochLosses()));
    if (!r.validationMaps().isEmpty()) {
      w.printf(Locale.ROOT, "validation mAP   %s%n", rounded(r.validationMaps()));
      w.printf(Locale.ROOT, "kept epoch %d (%s)%n", r.keptEpoch(), why(r));
    }
    w.flush();
  }

  private static String why(Trainer.Result r) {
    if (r.epochSelection() == EpochSelection.BEST) {
      return "best validation mAP";
    }
    int best = 0;
    for (int i = 0; i < r.validationMaps().size(); i++) {
      if (r.validationMaps().get(i) >= r.validationMaps().get(best)) {
        best = i;
      }
    }
    return String.format(
        Locale.ROOT,
        "the latest within one standard error of the best, epoch %d's %.4f +- %.4f",
        best + 1,
        r.validationMaps().get(best),
        best < r.validationStandardErrors().size()
            ? r.validationStandardErrors().get(best)
            : Double.NaN);
  }

  private static String rounded(List<Double> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", values.get(i)));
    }
    return b.append(']').toString();
  }
}
