package org.transhash.loss.shallow;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.transhash.api.InvalidInputException;

/** Principal component analysis: the mean and the top-k eigenvectors of the covariance. */
final class Pca {
  final double[] mean;
  final double[][] components; // k x d, largest variance first

  private Pca(double[] mean, double[][] components) {
    this.mean = mean;
    this.components = components;
  }

  static int checkedWidth(double[][] features) {
    InvalidInputException.check(
        features.length >= 2, "need at least 2 feature rows, got %d", features.length);
    int d = features[0].length;
    for (int i = 0; i < features.length; i++) {
      InvalidInputException.check(
          features[i].length == d,
          "feature row %d has %d values, row 0 has %d",
          i,
          features[i].length,
          d);
      for (double v : features[i]) {
        InvalidInputException.check(Double.isFinite(v), "feature row %d holds %s", i, v);
      }
    }
    return d;
  }

  static double[] mean(double[][] x) {
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= x.length;
    }
    return mean;
  }

  static Pca fit(double[][] x, int k) {
    int d = checkedWidth(x);
    InvalidInputException.check(k >= 1 && k <= d, "PCA to %d dimensions needs 1..%d", k, d);
    double[] mean = mean(x);
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        centred[j] = row[j] - mean[j];
      }
      for (int a = 0; a < d; a++) {
        double ca = centred[a];
        if (ca == 0) {
          continue;
        }
        double[] covRow = cov[a];
        for (int b = a; b < d; b++) {
          covRow[b] += ca * centred[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        cov[a][b] /= x.length - 1;
        cov[b][a] = cov[a][b];
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(MatrixUtils.createRealMatrix(cov));
    double[] values = eigen.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
    RealMatrix vectors = eigen.getV();
    double[][] components = new double[k][];
    for (int c = 0; c < k; c++) {
      components[c] = vectors.getColumn(order[c]);
    }
    return new Pca(mean, components);
  }

  /** Projects rows onto the components: n x k. */
  double[][] project(double[][] x) {
    double[][] out = new double[x.length][components.length];
    for (int i = 0; i < x.length; i++) {
      InvalidInputException.check(
          x[i].length == mean.length,
          "feature row %d has %d values, the fit had %d",
          i,
          x[i].length,
          mean.length);
      for (int c = 0; c < components.length; c++) {
        double s = 0;
        double[] comp = components[c];
        for (int j = 0; j < mean.length; j++) {
          s += (x[i][j] - mean[j]) * comp[j];
        }
        out[i][c] = s;
      }
    }
    return out;
  }
}
