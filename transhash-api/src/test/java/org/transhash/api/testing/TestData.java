package org.transhash.api.testing;

import java.util.Random;
import org.transhash.api.BinaryCodes;
import org.transhash.api.Labels;

/** Seeded random codes and labels for tests in every module (shared through the test-jar). */
public final class TestData {
  private TestData() {}

  /**
   * Uniform random codes.
   *
   * @param count number of codes
   * @param bits bits per code
   * @param seed random seed
   * @return the codes
   */
  public static BinaryCodes randomCodes(int count, int bits, long seed) {
    Random random = new Random(seed);
    float[] outputs = new float[count * bits];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = random.nextBoolean() ? 1f : -1f;
    }
    return BinaryCodes.fromSigns(outputs, count, bits);
  }

  /**
   * Clustered codes: each code flips each bit of one of {@code centres} random centres with
   * probability {@code flip}.
   *
   * @param count number of codes
   * @param bits bits per code
   * @param centres number of cluster centres
   * @param flip probability of flipping each bit
   * @param seed random seed
   * @return the codes
   */
  public static BinaryCodes clusteredCodes(
      int count, int bits, int centres, double flip, long seed) {
    Random random = new Random(seed);
    boolean[][] centre = new boolean[centres][bits];
    for (boolean[] c : centre) {
      for (int b = 0; b < bits; b++) {
        c[b] = random.nextBoolean();
      }
    }
    float[] outputs = new float[count * bits];
    for (int i = 0; i < count; i++) {
      boolean[] c = centre[random.nextInt(centres)];
      for (int b = 0; b < bits; b++) {
        boolean bit = c[b] ^ (random.nextDouble() < flip);
        outputs[i * bits + b] = bit ? 1f : -1f;
      }
    }
    return BinaryCodes.fromSigns(outputs, count, bits);
  }

  /**
   * Random single-label labels.
   *
   * @param count items
   * @param classes number of classes
   * @param seed random seed
   * @return the labels
   */
  public static Labels randomClassIds(int count, int classes, long seed) {
    Random random = new Random(seed);
    int[] ids = new int[count];
    for (int i = 0; i < count; i++) {
      ids[i] = random.nextInt(classes);
    }
    return Labels.ofClassIds(ids, classes);
  }

  /**
   * Random multi-label labels; each class is present with probability {@code density}.
   *
   * @param count items
   * @param classes number of classes
   * @param density probability of each label
   * @param seed random seed
   * @return the labels
   */
  public static Labels randomMultiHot(int count, int classes, double density, long seed) {
    Random random = new Random(seed);
    byte[] flags = new byte[count * classes];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = (byte) (random.nextDouble() < density ? 1 : 0);
    }
    return Labels.ofMultiHot(flags, count, classes);
  }

  /**
   * Hamming distance computed bit by bit, the slow obvious way: a reference for tests.
   *
   * @param a codes
   * @param i code of {@code a}
   * @param b codes
   * @param j code of {@code b}
   * @return number of differing bits
   */
  public static int naiveHamming(BinaryCodes a, int i, BinaryCodes b, int j) {
    int d = 0;
    for (int bit = 0; bit < a.bits(); bit++) {
      if (a.bit(i, bit) != b.bit(j, bit)) {
        d++;
      }
    }
    return d;
  }
}
