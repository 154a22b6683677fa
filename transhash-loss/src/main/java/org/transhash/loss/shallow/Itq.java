package org.transhash.loss.shallow;

import java.util.Random;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.transhash.api.BinaryCodes;
import org.transhash.api.InvalidInputException;

/**
 * Iterative quantization (Gong and Lazebnik, CVPR 2011): PCA to as many dimensions as bits, then an
 * orthogonal rotation R that minimises the quantization error ||B - V R||, found by alternating B =
 * sign(V R) and R from the SVD of B^T V (the orthogonal Procrustes problem), starting from a seeded
 * random rotation. The paper's 50 iterations by default.
 */
public final class Itq implements ShallowHashing {
  /** The name written into reports. */
  public static final String NAME = "itq";

  private final int iterations;

  /**
   * @param iterations alternations of B and R
   */
  public Itq(int iterations) {
    InvalidInputException.check(iterations >= 0, "iterations must be >= 0, got %d", iterations);
    this.iterations = iterations;
  }

  /** ITQ with 50 iterations. */
  public Itq() {
    this(50);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Hasher fit(double[][] features, int bits, long seed) {
    BinaryCodes.wordsFor(bits);
    int d = Pca.checkedWidth(features);
    InvalidInputException.check(
        bits <= d,
        "ITQ projects to as many dimensions as bits: %d bits need features of >= %d values, got %d",
        bits,
        bits,
        d);
    Pca pca = Pca.fit(features, bits);
    RealMatrix v = MatrixUtils.createRealMatrix(pca.project(features));
    Random random = new Random(seed);
    double[][] gaussian = new double[bits][bits];
    for (double[] row : gaussian) {
      for (int j = 0; j < bits; j++) {
        row[j] = random.nextGaussian();
      }
    }
    RealMatrix r = new QRDecomposition(MatrixUtils.createRealMatrix(gaussian)).getQ();
    for (int it = 0; it < iterations; it++) {
      RealMatrix projected = v.multiply(r);
      RealMatrix b = projected.copy();
      b.walkInOptimizedOrder(
          new org.apache.commons.math3.linear.DefaultRealMatrixChangingVisitor() {
            @Override
            public double visit(int row, int column, double value) {
              return value >= 0 ? 1 : -1;
            }
          });
      SingularValueDecomposition svd = new SingularValueDecomposition(b.transpose().multiply(v));
      r = svd.getV().multiply(svd.getU().transpose());
    }
    double[][] rotation = r.getData();
    return new Hasher() {
      @Override
      public int bits() {
        return bits;
      }

      @Override
      public BinaryCodes encode(double[][] x) {
        return Signs.codes(Signs.multiply(pca.project(x), rotation), bits);
      }
    };
  }
}
