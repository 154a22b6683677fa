package org.transhash.loss.shallow;

import java.util.Random;
import org.transhash.api.BinaryCodes;

/**
 * Locality-sensitive hashing by random hyperplanes (Charikar, STOC 2002): each bit is the sign of
 * the projection of the centred feature onto a random Gaussian direction.
 */
public final class Lsh implements ShallowHashing {
  /** The name written into reports. */
  public static final String NAME = "lsh";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Hasher fit(double[][] features, int bits, long seed) {
    int d = Pca.checkedWidth(features);
    BinaryCodes.wordsFor(bits);
    double[] mean = Pca.mean(features);
    Random random = new Random(seed);
    double[][] planes = new double[d][bits];
    for (double[] row : planes) {
      for (int b = 0; b < bits; b++) {
        row[b] = random.nextGaussian();
      }
    }
    return new Hasher() {
      @Override
      public int bits() {
        return bits;
      }

      @Override
      public BinaryCodes encode(double[][] x) {
        double[][] centred = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
          centred[i] = x[i].clone();
          for (int j = 0; j < d; j++) {
            centred[i][j] -= mean[j];
          }
        }
        return Signs.codes(Signs.multiply(centred, planes), bits);
      }
    };
  }
}
