package org.transhash.loss.shallow;

import java.util.ArrayList;
import java.util.List;
import org.transhash.api.BinaryCodes;

/**
 * Spectral hashing (Weiss, Torralba and Fergus, NIPS 2008): PCA, then along each principal
 * direction the analytical eigenfunctions of a uniform distribution over the data's range, sin(pi/2
 * + m pi (x - a) / (b - a)); the bits are the {@code bits} eigenfunctions of smallest eigenvalue (m
 * pi / (b - a))^2 over all directions and modes m >= 1. Deterministic: the seed is not used.
 */
public final class SpectralHashing implements ShallowHashing {
  /** The name written into reports. */
  public static final String NAME = "sh";

  @Override
  public String name() {
    return NAME;
  }

  private record Mode(int direction, int m, double eigenvalue) {}

  @Override
  public Hasher fit(double[][] features, int bits, long seed) {
    BinaryCodes.wordsFor(bits);
    int d = Pca.checkedWidth(features);
    int directions = Math.min(bits, d);
    Pca pca = Pca.fit(features, directions);
    double[][] v = pca.project(features);
    double[] low = new double[directions];
    double[] range = new double[directions];
    for (int c = 0; c < directions; c++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double[] row : v) {
        min = Math.min(min, row[c]);
        max = Math.max(max, row[c]);
      }
      low[c] = min - 1e-9;
      range[c] = Math.max(max - min, 1e-9) + 2e-9;
    }
    List<Mode> modes = new ArrayList<>();
    for (int c = 0; c < directions; c++) {
      for (int m = 1; m <= bits; m++) {
        modes.add(new Mode(c, m, Math.pow(m * Math.PI / range[c], 2)));
      }
    }
    modes.sort((a, b) -> Double.compare(a.eigenvalue(), b.eigenvalue()));
    List<Mode> chosen = List.copyOf(modes.subList(0, bits));
    return new Hasher() {
      @Override
      public int bits() {
        return bits;
      }

      @Override
      public BinaryCodes encode(double[][] x) {
        double[][] p = pca.project(x);
        double[][] y = new double[x.length][bits];
        for (int i = 0; i < x.length; i++) {
          for (int b = 0; b < bits; b++) {
            Mode mode = chosen.get(b);
            int c = mode.direction();
            y[i][b] = Math.sin(Math.PI / 2 + mode.m() * Math.PI * (p[i][c] - low[c]) / range[c]);
          }
        }
        return Signs.codes(y, bits);
      }
    };
  }
}
