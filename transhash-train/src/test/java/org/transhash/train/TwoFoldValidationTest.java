package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.transhash.api.BinaryCodes;
import org.transhash.api.Labels;

class TwoFoldValidationTest {

  // Five held-out images (8 bits; only the distances matter): the first two against the last
  // three, then the last three against the first two. Classes A = 0, B = 1.
  private static final byte[] CODES = {0x00, (byte) 0xFF, 0x01, 0x0F, (byte) 0xF0};
  private static final int[] CLASSES = {0, 1, 0, 1, 0};

  @Test
  void everyHeldOutImageIsAQueryOnceAndTheMeanIsOverAllOfThem() {
    BinaryCodes codes = BinaryCodes.fromPackedBytes(CODES, 5, 8);
    Labels labels = Labels.ofClassIds(CLASSES, 2);

    // First half as queries (stable ties: database order):
    //   image 0 (A): 2 at 1 (A), 3 at 4 (B), 4 at 4 (A) -> AP (1 + 2/3) / 2
    //   image 1 (B): 3 at 4 (B), 4 at 4, 2 at 7       -> AP 1
    // Second half as queries:
    //   image 2 (A): 0 at 1 (A), 1 at 7               -> AP 1
    //   image 3 (B): 0 at 4, 1 at 4 (B)               -> AP 1/2
    //   image 4 (A): 0 at 4 (A), 1 at 4               -> AP 1
    double expected = ((1 + 2.0 / 3) / 2 + 1 + 1 + 0.5 + 1) / 5;

    assertEquals(expected, Trainer.twoFold(codes, labels).map(), 1e-12);
  }

  @Test
  void bothWaysCountWhenOneWayAloneWouldScorePerfectly() {
    BinaryCodes codes = BinaryCodes.fromPackedBytes(new byte[] {0x00, 0x3F, 0x0F, 0x1F}, 4, 8);
    Labels labels = Labels.ofClassIds(new int[] {0, 1, 0, 1}, 2);

    // First half as queries: image 0 (A) finds 2 (A) at 4 before 3 at 5, image 1 (B) finds 3 (B)
    // at 1 before 2 at 2: both AP 1. Second half: image 2 (A) finds 1 (B) at 2 before 0 (A) at 4:
    // AP 1/2; image 3 (B) finds 1 (B) at 1 first: AP 1.
    assertEquals((1 + 1 + 0.5 + 1) / 4, Trainer.twoFold(codes, labels).map(), 1e-12);
  }

  @Test
  void theStandardErrorPoolsTheApsOfBothWays() {
    BinaryCodes codes = BinaryCodes.fromPackedBytes(CODES, 5, 8);
    double[] aps = {(1 + 2.0 / 3) / 2, 1, 1, 0.5, 1}; // as in the first test
    double mean = Arrays.stream(aps).average().orElseThrow();
    double squares = Arrays.stream(aps).map(ap -> (ap - mean) * (ap - mean)).sum();

    Trainer.ValidationScore score = Trainer.twoFold(codes, Labels.ofClassIds(CLASSES, 2));

    assertEquals(Math.sqrt(squares / 4 / 5), score.standardError(), 1e-12);
  }
}
