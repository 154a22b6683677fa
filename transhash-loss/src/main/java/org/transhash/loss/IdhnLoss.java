package org.transhash.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Scalars;

/**
 * IDHN, Improved Deep Hashing Network (Zhang et al., IEEE TMM 2019), for multi-label data: the soft
 * similarity of two label sets, s_ij = l_i . l_j / (|l_i| |l_j|), decides the loss of a pair:
 * cross-entropy of the inner-product likelihood for hard pairs (s = 0 or 1) and a squared error
 * between the normalised inner product and s for soft pairs (0 < s < 1), plus log cosh
 * quantization:
 *
 * <pre>
 * theta_ij = alpha u_i . u_j
 * hard: log(1 + exp(theta_ij)) - s_ij theta_ij
 * soft: gamma ((u_i . u_j + b) / (2b) - s_ij)^2              b: code length
 * L = mean_{i != j} pair loss + lambda mean_i sum_k log cosh(|u_ik| - 1)
 * </pre>
 *
 * Defaults alpha = 0.1, gamma = 1, lambda = 0.1. Deviation: means instead of sums, and one alpha
 * for every code length.
 */
public final class IdhnLoss implements HashingLoss {
  /** The name written into reports. */
  public static final String NAME = "idhn";

  private final double alpha;
  private final double gamma;
  private final double lambda;

  /**
   * @param alpha scale of the inner product in the likelihood
   * @param gamma weight of the soft pairs' squared error
   * @param lambda weight of the quantization term
   */
  public IdhnLoss(double alpha, double gamma, double lambda) {
    InvalidInputException.check(
        alpha > 0 && gamma >= 0 && lambda >= 0,
        "alpha > 0, gamma >= 0, lambda >= 0 required, got %s, %s, %s",
        alpha,
        gamma,
        lambda);
    this.alpha = alpha;
    this.gamma = gamma;
    this.lambda = lambda;
  }

  /** IDHN with alpha = 0.1, gamma = 1, lambda = 0.1. */
  public IdhnLoss() {
    this(0.1, 1, 0.1);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NDArray evaluate(NDList heads, NDArray labels) {
    NDArray u = Heads.concat(heads);
    int n = (int) u.getShape().get(0);
    double bits = u.getShape().get(1);
    InvalidInputException.check(n >= 2, "a batch needs at least 2 images to form pairs, got %d", n);
    int c = Heads.checkLabels(labels, n);
    float[] l = labels.toType(DataType.FLOAT32, false).toFloatArray();
    double[] soft = new double[n * n];
    double[] hard = new double[n * n];
    double[] isSoft = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        double dot = 0;
        double ni = 0;
        double nj = 0;
        for (int k = 0; k < c; k++) {
          dot += l[i * c + k] * l[j * c + k];
          ni += l[i * c + k] * l[i * c + k];
          nj += l[j * c + k] * l[j * c + k];
        }
        double s = ni == 0 || nj == 0 ? 0 : dot / Math.sqrt(ni * nj);
        s = Math.abs(s - 1) < 1e-9 ? 1 : s;
        soft[i * n + j] = s;
        if (s > 0 && s < 1) {
          isSoft[i * n + j] = 1;
        } else {
          hard[i * n + j] = 1;
        }
      }
    }
    var m = u.getManager();
    var t = u.getDataType();
    NDArray s = m.create(soft, new Shape(n, n)).toType(t, false);
    NDArray hardMask = m.create(hard, new Shape(n, n)).toType(t, false);
    NDArray softMask = m.create(isSoft, new Shape(n, n)).toType(t, false);
    NDArray inner = Heads.inner(u);
    NDArray theta = Scalars.mul(inner, alpha);
    NDArray crossEntropy = Heads.softplus(theta).sub(s.mul(theta)).mul(hardMask);
    NDArray squared =
        Scalars.mul(Scalars.div(inner.add(bits), 2 * bits).sub(s).square().mul(softMask), gamma);
    NDArray pairs = Scalars.div(crossEntropy.add(squared), (double) n * (n - 1)).sum();
    return pairs.add(Scalars.mul(Heads.logCoshToOne(u), lambda).mean());
  }
}
