package org.transhash.loss;

import java.util.Random;

/**
 * Target codes for classes, as CSQ and OrthoHash use them: rows of a Sylvester Hadamard matrix and
 * of its negation when the code length is a power of two and there are at most 2 x bits classes
 * (mutually orthogonal or opposite, at Hamming distance bits/2 or bits), otherwise seeded
 * Bernoulli(0.5) codes. A pure function of (classes, bits, seed): losses keep no state.
 */
final class HashCentres {
  private HashCentres() {}

  static boolean hadamardFits(int classes, int bits) {
    return Integer.bitCount(bits) == 1 && classes <= 2 * bits;
  }

  /** classes x bits, entries +1 / -1. */
  static double[][] centres(int classes, int bits, long seed) {
    double[][] c = new double[classes][bits];
    if (hadamardFits(classes, bits)) {
      for (int k = 0; k < classes; k++) {
        int row = k % bits;
        double sign = k < bits ? 1 : -1;
        for (int j = 0; j < bits; j++) {
          // Sylvester: H[r][j] = (-1)^popcount(r & j)
          c[k][j] = sign * ((Integer.bitCount(row & j) & 1) == 0 ? 1 : -1);
        }
      }
    } else {
      Random random = new Random(seed);
      for (double[] row : c) {
        for (int j = 0; j < bits; j++) {
          row[j] = random.nextBoolean() ? 1 : -1;
        }
      }
    }
    return c;
  }
}
