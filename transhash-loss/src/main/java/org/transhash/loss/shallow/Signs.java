package org.transhash.loss.shallow;

import org.transhash.api.BinaryCodes;

/** Binarisation of real projections by sign (v >= 0 gives bit 1), as the whole project does. */
final class Signs {
  private Signs() {}

  static BinaryCodes codes(double[][] projections, int bits) {
    float[] flat = new float[projections.length * bits];
    for (int i = 0; i < projections.length; i++) {
      for (int b = 0; b < bits; b++) {
        flat[i * bits + b] = projections[i][b] >= 0 ? 1f : -1f;
      }
    }
    return BinaryCodes.fromSigns(flat, projections.length, bits);
  }

  static double[][] multiply(double[][] x, double[][] m) {
    int k = m[0].length;
    double[][] out = new double[x.length][k];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < m.length; j++) {
        double v = x[i][j];
        if (v == 0) {
          continue;
        }
        for (int c = 0; c < k; c++) {
          out[i][c] += v * m[j][c];
        }
      }
    }
    return out;
  }
}
