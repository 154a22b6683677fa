package org.transhash.train;

import java.util.Arrays;
import java.util.Locale;
import org.transhash.api.UnknownNameException;

/**
 * Which epoch's weights a validated run keeps. Both rules look at the validation split only, never
 * at the test queries.
 *
 * <p>With a few hundred held-out images the validation mAP of the late epochs of a cosine schedule
 * moves by about its own standard error from one epoch to the next, so {@link #BEST} picks among
 * them partly by noise, often well before the end. {@link #ONE_SE} is the one-standard-error rule
 * of model selection turned towards the most trained weights: it keeps the latest epoch that
 * validation cannot tell from the best so far, and still falls back to an earlier epoch when
 * validation drops by more than that.
 */
public enum EpochSelection {
  /** The epoch with the highest validation mAP; ties go to the later epoch. */
  BEST,
  /**
   * The latest epoch whose validation mAP is at least the best so far less that best epoch's
   * standard error (the spread of its validation queries' APs over the root of their number).
   */
  ONE_SE;

  /** The name in model descriptions and on the command line: {@code best} or {@code one-se}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Whether an epoch replaces the kept one.
   *
   * @param map the epoch's validation mAP
   * @param bestMap the highest validation mAP of the earlier epochs (negative infinity for none)
   * @param bestStandardError the standard error of that best mAP (NaN counts as 0)
   * @return true when the epoch's weights are to be kept
   */
  boolean keeps(double map, double bestMap, double bestStandardError) {
    double tolerance = this == ONE_SE && Double.isFinite(bestStandardError) ? bestStandardError : 0;
    return map >= bestMap - tolerance;
  }

  /**
   * The rule with this label, in any case.
   *
   * @param label {@code best} or {@code one-se}
   * @return the rule
   * @throws UnknownNameException listing the known labels
   */
  public static EpochSelection fromLabel(String label) {
    for (EpochSelection s : values()) {
      if (s.label().equalsIgnoreCase(label)) {
        return s;
      }
    }
    throw new UnknownNameException(
        "epoch selection", label, Arrays.stream(values()).map(EpochSelection::label).toList());
  }
}
