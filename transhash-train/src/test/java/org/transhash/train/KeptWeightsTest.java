package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transhash.api.UnknownNameException;

class KeptWeightsTest {

  /** The epoch kept after offering these validation figures (no weights: only the choice). */
  private static int keptAfter(EpochSelection selection, double[] maps, double[] errors)
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        KeptWeights kept = new KeptWeights(null, selection, List.of(), List.of(), -1, manager)) {
      for (int i = 0; i < maps.length; i++) {
        kept.offer(maps[i], errors[i], i + 1, Map.of());
      }
      return kept.keptEpoch();
    }
  }

  private static final double[] LATE_PLATEAU = {0.50, 0.80, 0.79, 0.785, 0.70, 0.77};
  private static final double[] ERRORS = {0.03, 0.02, 0.02, 0.02, 0.02, 0.02};

  @Test
  void bestKeepsTheHighestAndTiesGoToTheLater() throws Exception {
    assertEquals(2, keptAfter(EpochSelection.BEST, LATE_PLATEAU, ERRORS));
    assertEquals(
        3, keptAfter(EpochSelection.BEST, new double[] {0.5, 0.6, 0.6}, new double[] {0, 0, 0}));
  }

  @Test
  void oneSeKeepsTheLatestEpochWithinTheBestEpochsError() throws Exception {
    // the best is 0.80 +- 0.02: 0.79 and 0.785 are within it, 0.70 is not, 0.77 is not either
    assertEquals(4, keptAfter(EpochSelection.ONE_SE, LATE_PLATEAU, ERRORS));
    // the best epoch's error is the slack, not the candidate's
    assertEquals(
        1, keptAfter(EpochSelection.ONE_SE, new double[] {0.80, 0.775}, new double[] {0.02, 0.5}));
    // a later best moves the bar up
    assertEquals(
        3,
        keptAfter(
            EpochSelection.ONE_SE,
            new double[] {0.70, 0.69, 0.80, 0.75},
            new double[] {0.02, 0.02, 0.01, 0.01}));
  }

  @Test
  void aMissingErrorMakesOneSeTheBest() throws Exception {
    double[] unknown = new double[LATE_PLATEAU.length];
    Arrays.fill(unknown, Double.NaN);
    assertEquals(2, keptAfter(EpochSelection.ONE_SE, LATE_PLATEAU, unknown));
  }

  @Test
  void aResumedRunKeepsTheEpochItsCheckpointNames() throws Exception {
    List<Double> maps = List.of(0.5, 0.8, 0.79);
    List<Double> errors = List.of(0.03, 0.02, 0.02);
    try (NDManager manager = NDManager.newBaseManager()) {
      try (KeptWeights replayed =
          new KeptWeights(null, EpochSelection.ONE_SE, maps, errors, -1, manager)) {
        assertEquals(3, replayed.keptEpoch(), "an old checkpoint: the rule tells");
      }
      try (KeptWeights recorded =
          new KeptWeights(null, EpochSelection.ONE_SE, maps, errors, 2, manager)) {
        assertEquals(2, recorded.keptEpoch(), "the weights on disk are epoch 2's");
        recorded.offer(0.785, 0.02, 4, Map.of());
        assertEquals(4, recorded.keptEpoch(), "the best so far is still epoch 2's 0.80");
      }
    }
  }

  @Test
  void labelsRoundTripAndUnknownOnesListTheKnown() {
    for (EpochSelection s : EpochSelection.values()) {
      assertEquals(s, EpochSelection.fromLabel(s.label().toUpperCase(Locale.ROOT)));
    }
    assertEquals("one-se", EpochSelection.ONE_SE.label());
    UnknownNameException e =
        assertThrows(UnknownNameException.class, () -> EpochSelection.fromLabel("last"));
    assertTrue(
        e.getMessage().contains("best") && e.getMessage().contains("one-se"), e.getMessage());
  }
}
